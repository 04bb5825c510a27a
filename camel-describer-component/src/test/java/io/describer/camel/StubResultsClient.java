package io.describer.camel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.MediaContent;
import io.describer.camel.client.MediaInput;
import io.describer.camel.client.TransferListener;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobOutput;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.MediaRecord;
import io.describer.camel.client.model.UploadStatusRecord;

/**
 * An in-process API for the results consumer: get_results takes {@code minLatency..maxLatency} ms and answers done on a
 * job's {@code pollsUntilDone}-th call. It watches what the consumer must never do: check one job twice at once, or
 * twice within {@code interval}; and how many checks ran at once overall.
 */
final class StubResultsClient implements DescriberClient {

    final class Calls {
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicLong lastStart = new AtomicLong(Long.MIN_VALUE);
    }

    final Map<String, Calls> calls = new ConcurrentHashMap<>();
    final AtomicInteger overlapsOfOneJob = new AtomicInteger();
    final AtomicInteger tooSoon = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger total = new AtomicInteger();

    private final long minLatency;
    private final long maxLatency;
    private final int pollsUntilDone;
    private final long intervalNanos;

    StubResultsClient(long minLatency, long maxLatency, int pollsUntilDone, long intervalMillis) {
        this.minLatency = minLatency;
        this.maxLatency = maxLatency;
        this.pollsUntilDone = pollsUntilDone;
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    @Override
    public JobResults getResults(String jobId) throws IOException {
        Calls job = calls.computeIfAbsent(jobId, k -> new Calls());
        long start = System.nanoTime();
        long previous = job.lastStart.getAndSet(start);
        if (previous != Long.MIN_VALUE && start - previous < intervalNanos) {
            tooSoon.incrementAndGet();
        }
        if (job.running.incrementAndGet() > 1) {
            overlapsOfOneJob.incrementAndGet();
        }
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            Thread.sleep(minLatency + ThreadLocalRandom.current().nextLong(maxLatency - minLatency + 1));
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        } finally {
            running.decrementAndGet();
            job.running.decrementAndGet();
        }
        total.incrementAndGet();
        int n = job.count.incrementAndGet();
        if (n < pollsUntilDone) {
            return new JobResults(jobId, JobStatus.PROCESSING, "m", null, null, null, null, null, null, null);
        }
        JobOutput output = new JobOutput("vtt", "WEBVTT\n", null, null, null);
        return new JobResults(jobId, JobStatus.DONE, "m", null, null, null, null, output, null, null);
    }

    @Override
    public MediaRecord uploadMedia(MediaInput input, TransferListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public JobRecord generate(JobType type, MediaInput input, GenerationConfig config, TransferListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MediaRecord requestSignedUpload(String filename, String contentType) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putSignedUpload(MediaRecord signedUpload, MediaContent content, TransferListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UploadStatusRecord notifyUploadComplete(String mediaId, String gcsPath) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UploadStatusRecord getUploadStatus(String mediaId, String gcsPath) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long download(String signedUrl, Path target, TransferListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
