package io.describer.examples.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a sandbox saw, for tests and benchmarks: every job it started (the billing record), error answers by code, and
 * the media bytes clients sent. Thread-safe; {@link #reset()} starts a new measurement.
 */
public final class SandboxStats {

    /** One started (billed) job and its timeline. */
    public record StartedJob(
            String jobId,
            String type,
            String mediaId,
            String filename,
            Instant createdAt,
            Instant startAt,
            Instant endAt) {}

    private final List<StartedJob> jobs = new ArrayList<>();
    private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    private final AtomicLong mediaBytes = new AtomicLong();

    synchronized void jobStarted(StartedJob job) {
        jobs.add(job);
    }

    void errorAnswered(String code) {
        errorsByCode.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void mediaBytesReceived(long bytes) {
        mediaBytes.addAndGet(bytes);
    }

    /** Wraps a request body so that what the client sends is counted as media bytes. */
    java.io.InputStream countingMedia(java.io.InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws java.io.IOException {
                int b = super.read();
                if (b >= 0) {
                    mediaBytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws java.io.IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    mediaBytes.addAndGet(n);
                }
                return n;
            }
        };
    }

    /** Jobs started since the last reset, in creation order. */
    public synchronized List<StartedJob> jobs() {
        return List.copyOf(jobs);
    }

    /** Error answers by API code ({@code queue_limit_exceeded}, {@code rate_limit_exceeded}, ...). */
    public Map<String, Long> errorsByCode() {
        Map<String, Long> copy = new TreeMap<>();
        errorsByCode.forEach((code, n) -> copy.put(code, n.sum()));
        return copy;
    }

    public long errors(String code) {
        LongAdder n = errorsByCode.get(code);
        return n == null ? 0 : n.sum();
    }

    /**
     * Request body bytes of the calls that carry media: multipart {@code upload_media}/{@code generate_ad_*} (framing
     * included, a few hundred bytes per call) and signed PUTs, whatever the answer was.
     */
    public long mediaBytesReceived() {
        return mediaBytes.get();
    }

    /** Jobs beyond the first for one media and job type: each is a source billed twice. */
    public synchronized long billedTwice() {
        Map<String, Integer> perMedia = new HashMap<>();
        for (StartedJob job : jobs) {
            perMedia.merge(job.mediaId() + "/" + job.type(), 1, Integer::sum);
        }
        return perMedia.values().stream().mapToLong(n -> n - 1).sum();
    }

    /**
     * Mean of (queued + processing jobs) / {@code limit} over [{@code from}, {@code to}): how full the team's queue
     * was, computed exactly from the jobs' timelines.
     */
    public synchronized double meanOccupancy(Instant from, Instant to, int limit) {
        long window = Duration.between(from, to).toMillis();
        if (window <= 0 || limit <= 0) {
            return 0;
        }
        long busy = 0;
        for (StartedJob job : jobs) {
            Instant a = job.createdAt().isAfter(from) ? job.createdAt() : from;
            Instant b = job.endAt().isBefore(to) ? job.endAt() : to;
            if (b.isAfter(a)) {
                busy += Duration.between(a, b).toMillis();
            }
        }
        return (double) busy / ((double) window * limit);
    }

    public synchronized void reset() {
        jobs.clear();
        errorsByCode.clear();
        mediaBytes.set(0);
    }
}
