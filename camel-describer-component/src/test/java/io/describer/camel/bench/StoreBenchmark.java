package io.describer.camel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.UncertainSubmission;
import io.describer.camel.job.jdbc.JdbcJobStore;

/**
 * Disk size and write latency of the embedded job store candidates, each driven through {@link JobStore} the way the
 * engine drives it: per job the submission path ({@code reserve}, {@code noteSubmission}, {@code record}: what a
 * producer waits for), then the tracking path ({@code claimDue}, one {@code reschedule}, a second claim,
 * {@code updateStatus}, {@code markDelivered}). Prints the files' size in MB per 1,000 jobs after the submissions, after
 * the deliveries (rows kept, as during {@code retention}), after a second without writes and after closing, with the
 * submission latency (p50/p99) and store operations per second. Ratios are against the first store listed, in the same run.
 *
 * <p>Run: {@code ./bench.sh store [jobs=1000,10000] [stores=h2,sqlite]}; a store is {@code h2} (the default URL of
 * {@link JobStores#h2File}), {@code sqlite} (the embedded default, {@link JobStores#sqliteFile}), {@code sqlite:page=<bytes>}
 * (the same with pages of another size, e.g. SQLite's own default {@code 4096}) or {@code h2:<URL settings>}, e.g.
 * {@code h2:;WRITE_DELAY=0;MAX_COMPACT_TIME=2000}.
 */
public final class StoreBenchmark {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final String OWNER = "bench-node";
    private static final String CONFIG = "{\"format\":\"vtt\",\"language\":\"en\"}";
    private static final Map<String, String> HEADERS = Map.of("CamelAwsS3Key", "videos/some/long/path/clip.mp4");

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        List<String> stores = List.of((args.length > 1 ? args[1] : "h2,sqlite").split(","));
        System.out.printf(
                "%-40s %7s %10s %10s %10s %10s %12s %12s %10s%n",
                "store",
                "jobs",
                "MB/1k sub",
                "MB/1k dlv",
                "MB/1k idle",
                "MB/1k closed",
                "submit p50",
                "submit p99",
                "ops/s");
        for (int jobs : sizes) {
            double first = 0;
            for (String spec : stores) {
                Result r = run(spec, jobs);
                if (first == 0) {
                    first = r.opsPerSecond;
                }
                System.out.printf(
                        "%-40s %7d %10.2f %10.2f %10.2f %12.2f %10.0fus %10.0fus %10.0f (%.2fx)%n",
                        spec,
                        jobs,
                        r.mbSubmitted * 1000 / jobs,
                        r.mbDelivered * 1000 / jobs,
                        r.mbIdle * 1000 / jobs,
                        r.mbClosed * 1000 / jobs,
                        r.p50Micros,
                        r.p99Micros,
                        r.opsPerSecond,
                        r.opsPerSecond / first);
            }
        }
    }

    record Result(
            double mbSubmitted,
            double mbDelivered,
            double mbIdle,
            double mbClosed,
            double p50Micros,
            double p99Micros,
            double opsPerSecond) {}

    static Result run(String spec, int jobs) throws IOException {
        Path dir = Files.createTempDirectory("describer-store-bench");
        try {
            JobStore store = open(spec, dir);
            long[] latency = new long[jobs];
            long ops = 0;
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                long t0 = System.nanoTime();
                String key = "s3:bucket/videos/some/long/path/clip-" + i + ".mp4@etag-" + Integer.toHexString(i * 31);
                if (!store.reserve(key, OWNER, LEASE).isReserved()) {
                    throw new IllegalStateException("not reserved: " + key);
                }
                store.noteSubmission(
                        new UncertainSubmission(key, JobType.TEXT, CONFIG, HEADERS, "m-" + i, null, null, null), OWNER);
                store.record(StoredJob.submitted("job-" + i, "m-" + i, JobType.TEXT, CONFIG, HEADERS, key));
                latency[i] = System.nanoTime() - t0;
                ops += 3;
            }
            double submitted = megabytes(dir);
            // tracking: every job is checked twice, still running then done, and delivered
            int delivered = 0;
            while (delivered < jobs) {
                List<StoredJob> claimed = store.claimDue(OWNER, 100, LEASE);
                ops++;
                if (claimed.isEmpty()) {
                    throw new IllegalStateException("nothing due with " + (jobs - delivered) + " undelivered");
                }
                for (StoredJob job : claimed) {
                    if (job.attempts() == 0) {
                        store.reschedule(job.jobId(), OWNER, JobStatus.PROCESSING, Instant.now(), null);
                        ops++;
                    } else {
                        store.updateStatus(job.jobId(), OWNER, JobStatus.DONE, null);
                        store.markDelivered(job.jobId(), OWNER);
                        ops += 2;
                        delivered++;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double deliveredMb = megabytes(dir);
            // open, one second without writes (what a store between bursts holds: SQLite's log is truncated by then)
            pause(1_000);
            double idle = megabytes(dir);
            store.close();
            double closed = megabytes(dir);
            Arrays.sort(latency);
            return new Result(
                    submitted,
                    deliveredMb,
                    idle,
                    closed,
                    latency[jobs / 2] / 1e3,
                    latency[Math.min(jobs - 1, (int) (jobs * 0.99))] / 1e3,
                    ops / seconds);
        } finally {
            delete(dir);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static JobStore open(String spec, Path dir) {
        if (spec.equals("h2")) {
            return JobStores.h2File(dir.resolve("jobs"));
        }
        if (spec.startsWith("h2:")) {
            return JobStores.forJdbcUrl("jdbc:h2:file:" + dir.resolve("jobs") + spec.substring(3), "", "");
        }
        if (spec.equals("sqlite")) {
            return JobStores.sqliteFile(dir.resolve("jobs.db"), JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC());
        }
        if (spec.startsWith("sqlite:page=")) {
            // as the default, with pages of another size
            JobStores.createSqliteFile(dir.resolve("jobs.db"), Integer.parseInt(spec.substring(12)));
            return JobStores.sqliteFile(dir.resolve("jobs.db"), JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC());
        }
        throw new IllegalArgumentException(
                "Unknown store '" + spec + "': h2, h2:<settings>, sqlite, sqlite:page=<bytes>");
    }

    static double megabytes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum() / 1e6;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
