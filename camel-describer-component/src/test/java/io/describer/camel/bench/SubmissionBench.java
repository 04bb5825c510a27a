package io.describer.camel.bench;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.describer.camel.DescriberComponent;
import io.describer.camel.DescriberConstants;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.Reservation;
import io.describer.camel.job.jdbc.JdbcJobStore;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code describer:text} submissions by media id through a Camel route against a raw JDK HttpClient loop posting the
 * same JSON to the same {@link DiscardSink}, interleaved (the order alternates each round), medians, printed as ratios
 * (raw time / route time: 1.0 = as fast as the raw loop). Both sides run equally concurrent: {@code threads} threads
 * (default 8) each making its share of the calls one after the other, the route through one ProducerTemplate, the raw
 * loop through one shared JDK HttpClient (HTTP/1.1, as many connections as threads). Three setups: the default
 * durable store (embedded SQLite) with dedupe, the same without dedupe, and a store that does nothing (what is left is
 * the component's own cost: routing, config resolution, JSON, logging). {@code threads=1} is the sequential case. A
 * route run ends once its writes are in the store's table (the submission journal applied), not when its calls return.
 *
 * <p>Run: {@code ./bench.sh submission [submissions=2000] [rounds=5] [setups=012] [threads=8] [latencyMs=0]}; both
 * sides first run together for {@code WARM_UP_SECONDS} (default 60) so that the JIT is done before the measured rounds.
 * {@code latencyMs} makes the sink answer job starts after that long, as a remote service does (0: at once, where the
 * route's own cost shows most). With env {@code ALONE_SECONDS=n} each setup's route runs alone for n s instead (its
 * rate per 5 s window), e.g. to sample its threads.
 */
public final class SubmissionBench {

    /** CPU time of the whole process (route or loop, the sink, the store): what a call costs on shared cores. */
    private static final com.sun.management.OperatingSystemMXBean CPU = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /**
     * How long both sides run before the measured rounds (env WARM_UP_SECONDS, default 60): after 20 s the JIT was still
     * at the route on 2 cores, and the setup measured first came out a third lower than run second.
     */
    private static final java.time.Duration WARM_UP =
            java.time.Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("WARM_UP_SECONDS", "60")));

    /** With env ALONE_SECONDS=n the route runs alone for n s per setup instead of against the raw loop. */
    private static final long ALONE_SECONDS = Long.parseLong(System.getenv().getOrDefault("ALONE_SECONDS", "0"));

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        long latency = args.length > 4 ? Long.parseLong(args[4]) : 0;
        AtomicInteger seq = new AtomicInteger();
        AtomicInteger rawRetries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Path dir = Files.createTempDirectory("describer-submission-bench");
        try (DiscardSink sink = new DiscardSink().jobStartLatency(latency)) {
            HttpClient raw =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI generate = URI.create(sink.baseUrl() + "/enterprise/api/generate_ad_text");
            System.out.printf(
                    "%d submissions per run on %d threads (both sides), %d rounds, interleaved, job starts answered"
                            + " after %d ms; ratio = raw loop median time / route's (target: >= 0.8 with the store and"
                            + " dedupe, >= 0.95 with no store)%n",
                    n, threads, rounds, latency);
            String[] setups = {"default store, dedupe on", "default store, dedupe off", "no-op store"};
            String only = args.length > 2 ? args[2] : "012";
            for (int s = 0; s < setups.length; s++) {
                if (only.indexOf('0' + s) < 0) {
                    continue;
                }
                try (CamelContext context = context(sink, dir.resolve("store-" + s), s)) {
                    ProducerTemplate template = context.createProducerTemplate();
                    JobStore store = context.getComponent("describer", DescriberComponent.class)
                            .getOrCreateJobStore();
                    Runnable calls = () -> parallel(pool, threads, n, () -> {
                        JobRecord job = template.requestBodyAndHeader(
                                "direct:submit",
                                null,
                                DescriberConstants.MEDIA_ID,
                                "m-" + seq.getAndIncrement(),
                                JobRecord.class);
                        if (job == null || job.jobId() == null) {
                            throw new IllegalStateException("no job");
                        }
                    });
                    // the route's time ends once its writes are in the table: a journal's deferred work counts too
                    Runnable route = () -> {
                        calls.run();
                        if (store instanceof JdbcJobStore jdbc) {
                            jdbc.awaitJournal();
                        }
                    };
                    Runnable loop = () -> parallel(pool, threads, n, () -> {
                        String json = "{\"input\":{\"type\":\"media_id\",\"media_id\":\"m-" + seq.getAndIncrement()
                                + "\"},\"generation_config\":{\"format\":\"vtt\"}}";
                        HttpRequest request = HttpRequest.newBuilder(generate)
                                .header("X-API-Key", "vsk_bench")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build();
                        HttpResponse<String> r;
                        try {
                            r = raw.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (java.io.IOException e) {
                            // the JDK client now and then sends on a pooled connection it has just closed itself
                            // ("connection closed locally"); rare, counted and printed, not a cost of the loop
                            rawRetries.incrementAndGet();
                            r = raw.send(request, HttpResponse.BodyHandlers.ofString());
                        }
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + r.statusCode());
                        }
                    });
                    if (ALONE_SECONDS > 0) {
                        alone(setups[s], threads, n, route);
                        continue;
                    }
                    measure(setups[s], n, rounds, loop, route);
                    if (rawRetries.get() > 0) {
                        System.out.printf(
                                "  (raw loop: %d calls retried after an I/O error)%n", rawRetries.getAndSet(0));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            deleteTree(dir);
        }
    }

    /**
     * The route alone, no raw loop between (to look at the route's own behaviour, e.g. with profilers attached): runs
     * {@code run} (n calls) for {@link #ALONE_SECONDS} and prints the rate in each 5-second window.
     */
    private static void alone(String name, int threads, int n, Runnable run) {
        long end = System.nanoTime() + ALONE_SECONDS * 1_000_000_000L;
        long windowStart = System.nanoTime();
        long calls = 0;
        List<String> windows = new ArrayList<>();
        while (System.nanoTime() < end) {
            run.run();
            calls += n;
            long now = System.nanoTime();
            if (now - windowStart >= 5_000_000_000L) {
                windows.add(String.format("%.0f", calls / ((now - windowStart) / 1e9)));
                windowStart = now;
                calls = 0;
            }
        }
        System.out.printf("%-28s route alone on %d threads, calls/s per 5 s window: %s%n", name, threads, windows);
    }

    /** A call {@code n} times, spread over {@code threads} threads of {@code pool}, each making its share in a row. */
    private static void parallel(ExecutorService pool, int threads, int n, Call call) {
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = n / threads + (t < n % threads ? 1 : 0);
            parts.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    call.run();
                }
                return null;
            }));
        }
        try {
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static CamelContext context(DiscardSink sink, Path store, int setup) throws Exception {
        CamelContext context = new DefaultCamelContext();
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreLocation(store.resolve("jobs").toString());
        // CEILING=n sets maxCallsPerSecond (0: none), to tell the route's own cost from the default call ceiling
        if (System.getenv("CEILING") != null) {
            describer.setMaxCallsPerSecond(Integer.parseInt(System.getenv("CEILING")));
        }
        if (setup == 2) {
            describer.setJobStore(noopStore());
        }
        String uri = "describer:text?apiKey=vsk_bench&baseUrl=" + sink.baseUrl() + (setup == 1 ? "&dedupe=false" : "");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to(uri);
            }
        });
        context.start();
        return context;
    }

    /**
     * A job store that keeps nothing: every reservation succeeds, every write is accepted. A proxy, so it stays a
     * complete store as the interface grows.
     */
    static JobStore noopStore() {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    Class<?> type = method.getReturnType();
                    if (type == Reservation.class) {
                        return Reservation.reserved();
                    }
                    if (method.getName().equals("record")) {
                        return args[0];
                    }
                    if (type == boolean.class) {
                        return true;
                    }
                    if (type == int.class || type == long.class) {
                        return type == int.class ? (Object) 0 : (Object) 0L;
                    }
                    if (type == Optional.class) {
                        return Optional.empty();
                    }
                    if (type == List.class) {
                        return List.of();
                    }
                    if (method.getName().equals("toString")) {
                        return "NoopJobStore";
                    }
                    if (method.getName().equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    if (method.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    return null;
                });
    }

    private static void measure(String name, int n, int rounds, Runnable raw, Runnable route) {
        // until the JIT is done with both sides: the first ~10 s it takes a core of its own and blurs the figures
        long warmUntil = System.nanoTime() + WARM_UP.toNanos();
        do {
            raw.run();
            route.run();
        } while (System.nanoTime() < warmUntil);
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        List<Long> cpuA = new ArrayList<>();
        List<Long> cpuB = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < 2; k++) {
                boolean runRaw = (k == 0) == (i % 2 == 0);
                long cpu = CPU.getProcessCpuTime();
                long start = System.nanoTime();
                (runRaw ? raw : route).run();
                (runRaw ? a : b).add(System.nanoTime() - start);
                (runRaw ? cpuA : cpuB).add(CPU.getProcessCpuTime() - cpu);
            }
        }
        double rawMedian = UploadBench.median(a);
        double routeMedian = UploadBench.median(b);
        System.out.printf(
                "%-28s raw %6.0f/s (%5.1f us/call, cpu %5.1f)  route %6.0f/s (%5.1f us/call, cpu %5.1f)  ratio %.2f%n",
                name,
                n / (rawMedian / 1e9),
                rawMedian / 1e3 / n,
                UploadBench.median(cpuA) / 1e3 / n,
                n / (routeMedian / 1e9),
                routeMedian / 1e3 / n,
                UploadBench.median(cpuB) / 1e3 / n,
                rawMedian / routeMedian);
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
