package io.describer.camel.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.TestSubmissions;
import io.describer.camel.job.jdbc.JdbcJobStore;

/**
 * The embedded store's submission writes without the route: {@code threads} threads each making its share of
 * {@code reserveNoted} + {@code record} pairs (what a submission by media id waits for), on the default SQLite store.
 * Prints per round the submissions per second and the commits per write (below 1.0: group commit batched writes).
 *
 * <p>Run: {@code ./bench.sh writer [threads=8] [submissions=4000] [rounds=6]}.
 */
public final class StoreWriterBench {

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        Path dir = Files.createTempDirectory("describer-writer-bench");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger seq = new AtomicInteger();
        try (JobStore store = JobStores.embedded(dir.resolve("jobs"))) {
            long commitsBefore = commits(store);
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    parts.add(pool.submit(() -> {
                        for (int i = 0; i < n / threads; i++) {
                            submit(store, seq.incrementAndGet());
                        }
                        return null;
                    }));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
                // a round ends once its writes are in the table, the submission journal applied
                ((JdbcJobStore) store).awaitJournal();
                long nanos = System.nanoTime() - start;
                long commits = commits(store);
                int done = n / threads * threads;
                System.out.printf(
                        "round %d, %d threads: %6.0f submissions/s (%5.1f us each), %.2f commits per write%n",
                        round + 1,
                        threads,
                        done / (nanos / 1e9),
                        nanos / 1e3 / done,
                        (commits - commitsBefore) / (2.0 * done));
                commitsBefore = commits;
            }
        } finally {
            pool.shutdownNow();
            SubmissionBench.deleteTree(dir);
        }
    }

    private static void submit(JobStore store, int k) {
        String key = "text media m-" + k + " {\"format\":\"vtt\"}";
        TestSubmissions.submitText(store, key, "m-" + k, "job-" + k, Duration.ofHours(1));
    }

    /** The store's group commits so far (package-private in the engine: read reflectively, a benchmark only). */
    private static long commits(JobStore store) throws ReflectiveOperationException {
        Field group = store.getClass().getDeclaredField("group");
        group.setAccessible(true);
        Object g = group.get(store);
        Method batches = g.getClass().getDeclaredMethod("batches");
        batches.setAccessible(true);
        return (Long) batches.invoke(g);
    }
}
