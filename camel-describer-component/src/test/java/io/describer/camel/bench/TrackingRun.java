package io.describer.camel.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.describer.camel.DescriberComponent;
import io.describer.camel.DescriberConfiguration;
import io.describer.camel.DescriberConstants;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobPolling;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One tracking run: {@code jobs} jobs in flight in the embedded job store, a {@code describer:results} consumer with the
 * given options, and an HTTP stub of get_results that answers after {@code latencyMillis}, turns each job done at a
 * known time, and counts every call per job. Measures how late each check came after its due time, how long a finished
 * job took to be delivered, and how often one job was asked about within one poll interval.
 */
public final class TrackingRun {

    /** What to run. */
    public record Settings(
            String label,
            int jobs,
            long pollIntervalMillis,
            long doneFromMillis,
            long doneWindowMillis,
            long latencyMillis,
            long maxRunMillis,
            String consumerOptions,
            boolean memoryStore) {}

    /** What was measured. */
    public record Result(
            Settings settings,
            int delivered,
            int deliveredTwice,
            long checks,
            long[] dueToCheckMillis,
            long[] doneToDeliveryMillis,
            int maxChecksPerJobPerInterval,
            int overlappingChecks,
            long storeBytes,
            long heapUsedBytes,
            long peakHeapBytes,
            double seconds,
            double cpuSeconds) {

        public long lagP(double p) {
            return percentile(dueToCheckMillis, p);
        }

        public long deliveryP(double p) {
            return percentile(doneToDeliveryMillis, p);
        }

        public String summary() {
            return String.format(
                    "%-9s %s store: delivered %5d/%d (twice: %d) in %5.1f s | due->check p50 %s p99 %s | done->delivery p50 %s"
                            + " p99 %s | get_results %6d (%4.0f/s), max per job per interval %d, overlapping %d |"
                            + " store %5.1f MB | heap %4d MB (peak %4d MB) | CPU %5.1f s, %4.0f us per get_results",
                    settings.label(),
                    settings.memoryStore() ? "memory" : "file",
                    delivered,
                    settings.jobs(),
                    deliveredTwice,
                    seconds,
                    millis(lagP(50)),
                    millis(lagP(99)),
                    millis(deliveryP(50)),
                    millis(deliveryP(99)),
                    checks,
                    checks / seconds,
                    maxChecksPerJobPerInterval,
                    overlappingChecks,
                    storeBytes / 1e6,
                    heapUsedBytes >> 20,
                    peakHeapBytes >> 20,
                    cpuSeconds,
                    cpuSeconds * 1e6 / Math.max(1, checks));
        }

        static String millis(long value) {
            return value == Long.MAX_VALUE ? "  never" : String.format("%5d ms", value);
        }
    }

    /** What the stub knows about one job. */
    private static final class Track {
        final long createdAtMillis;
        final long firstDueMillis;
        final long doneAtMillis;
        final List<long[]> calls = new ArrayList<>(); // {start, end}, guarded by this
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger deliveries = new AtomicInteger();
        volatile long deliveredAtMillis;

        Track(long createdAtMillis, long firstDueMillis, long doneAtMillis) {
            this.createdAtMillis = createdAtMillis;
            this.firstDueMillis = firstDueMillis;
            this.doneAtMillis = doneAtMillis;
        }
    }

    private final Settings settings;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicInteger overlapping = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();

    public TrackingRun(Settings settings) {
        this.settings = settings;
    }

    public Result run() throws Exception {
        Path dir = Files.createTempDirectory("describer-tracking");
        DelayStub server = new DelayStub(this::getResults);
        CamelContext context = new DefaultCamelContext();
        JobStore memory = null;
        try {
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(dir.resolve("jobs").toString());
            if (settings.memoryStore()) {
                // H2 in memory: the engine's own figures, without the cost of the store's commits
                memory = JobStores.forJdbcUrl(
                        "jdbc:h2:mem:tracking-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
                describer.setJobStore(memory);
            }
            DescriberConfiguration c = describer.getConfiguration();
            c.setApiKey("vsk_benchmark0123456789abcdefghijklmnopqrstuvwxyz01234");
            c.setBaseUrl(server.baseUrl());
            c.setJobPollInterval(settings.pollIntervalMillis());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("describer:results" + (settings.consumerOptions().isEmpty() ? "" : "?")
                                    + settings.consumerOptions())
                            .routeId("results")
                            .autoStartup(false)
                            .process(e -> delivered(e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class)));
                }
            });
            context.start();
            JobStore store = describer.getOrCreateJobStore();
            // the jobs fall due over one poll interval from t0, as in flight; t0 leaves time to record them
            long t0 = System.currentTimeMillis() + 3_000 + settings.jobs() * 3L;
            List<StoredJob> recorded = new ArrayList<>(settings.jobs());
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < settings.jobs(); i++) {
                long due = t0 + random.nextLong(settings.pollIntervalMillis());
                long done = t0 + settings.doneFromMillis() + random.nextLong(settings.doneWindowMillis());
                StoredJob job =
                        store.record(StoredJob.submitted("task_" + i, "m-" + i, JobType.TEXT, null, Map.of(), null)
                                .withNextPollAt(Instant.ofEpochMilli(due)));
                tracks.put(job.jobId(), new Track(job.createdAt().toEpochMilli(), due, done));
                recorded.add(job);
            }
            if (System.currentTimeMillis() > t0) {
                System.out.printf(
                        "  (recording took longer than planned: %d ms past t0)%n", System.currentTimeMillis() - t0);
            }
            long cpuAtStart = processCpuNanos();
            context.getRouteController().startRoute("results");
            // as the producer does for jobs it submits: the consumer learns when each falls due
            recorded.forEach(describer::jobRecorded);
            long peakHeap = 0;
            long deadline = t0 + settings.maxRunMillis();
            while (delivered.get() < settings.jobs() && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                peakHeap = Math.max(peakHeap, usedHeap());
            }
            double seconds = (System.currentTimeMillis() - t0) / 1000.0;
            double cpuSeconds = (processCpuNanos() - cpuAtStart) / 1e9;
            context.getRouteController().stopRoute("results");
            System.gc();
            long heap = usedHeap();
            long storeBytes = sizeOf(dir);
            return result(seconds, cpuSeconds, storeBytes, heap, peakHeap);
        } finally {
            context.stop();
            if (memory != null) {
                memory.close();
            }
            server.close();
            deleteAll(dir);
        }
    }

    private String getResults(String target) {
        long start = System.currentTimeMillis();
        String jobId = URLDecoder.decode(target.substring(target.indexOf("job_id=") + 7), StandardCharsets.UTF_8);
        Track track = tracks.get(jobId);
        if (track.running.incrementAndGet() > 1) {
            overlapping.incrementAndGet();
        }
        DelayStub.pause(settings.latencyMillis());
        boolean done = System.currentTimeMillis() >= track.doneAtMillis;
        String body = done
                ? "{\"job_id\":\"" + jobId + "\",\"status\":\"done\",\"media_id\":\"m\",\"output\":{\"format\":\"vtt\","
                        + "\"content\":\"WEBVTT\\n\"}}"
                : "{\"job_id\":\"" + jobId + "\",\"status\":\"processing\",\"media_id\":\"m\"}";
        track.running.decrementAndGet();
        synchronized (track) {
            track.calls.add(new long[] {start, System.currentTimeMillis()});
        }
        checks.incrementAndGet();
        return body;
    }

    private void delivered(String jobId) {
        Track track = tracks.get(jobId);
        if (track.deliveries.incrementAndGet() == 1) {
            track.deliveredAtMillis = System.currentTimeMillis();
            delivered.incrementAndGet();
        }
    }

    private Result result(double seconds, double cpuSeconds, long storeBytes, long heap, long peakHeap) {
        DescriberConfiguration c = new DescriberConfiguration();
        c.setJobPollInterval(settings.pollIntervalMillis());
        List<Long> lags = new ArrayList<>();
        List<Long> deliveries = new ArrayList<>();
        int maxPerInterval = 0;
        int twice = 0;
        for (Track track : tracks.values()) {
            List<long[]> calls;
            synchronized (track) {
                calls = new ArrayList<>(track.calls);
            }
            calls.sort(Comparator.comparingLong(call -> call[0]));
            for (int i = 0; i < calls.size(); i++) {
                // due: the stored time for the first check, then one interval after the previous answer (a lower
                // bound of the engine's own, which starts once the answer is read: lags are if anything overstated)
                long due = i == 0
                        ? track.firstDueMillis
                        : JobPolling.nextPoll(
                                        Instant.ofEpochMilli(track.createdAtMillis),
                                        Instant.ofEpochMilli(calls.get(i - 1)[1]),
                                        c)
                                .toEpochMilli();
                lags.add(calls.get(i)[0] - due);
                int inWindow = 1;
                for (int j = i + 1;
                        j < calls.size() && calls.get(j)[0] - calls.get(i)[0] < settings.pollIntervalMillis();
                        j++) {
                    inWindow++;
                }
                maxPerInterval = Math.max(maxPerInterval, inWindow);
            }
            if (track.deliveries.get() > 1) {
                twice++;
            }
            long end = track.deliveredAtMillis > 0 ? track.deliveredAtMillis : Long.MAX_VALUE;
            if (track.doneAtMillis < System.currentTimeMillis()) {
                deliveries.add(end == Long.MAX_VALUE ? Long.MAX_VALUE : end - track.doneAtMillis);
            }
        }
        return new Result(
                settings,
                delivered.get(),
                twice,
                checks.get(),
                sorted(lags),
                sorted(deliveries),
                maxPerInterval,
                overlapping.get(),
                storeBytes,
                heap,
                peakHeap,
                seconds,
                cpuSeconds);
    }

    private static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** Nearest-rank percentile; Long.MAX_VALUE stands for "not delivered by the end of the run". */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    /** CPU of the whole process, stub included: on a shared machine a fairer cost than wall time. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
