package io.describer.camel.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 10,000 jobs in flight on the default settings against a get_results stub at 0 ms and 50 ms latency, against the
 * old behaviour (one check at a time, at most 10 per scheduled poll) in the same process, runs interleaved. Arguments,
 * all optional, as name=value: jobs (10000), latencies (0,50), rounds (1), interval (10000 ms), doneFrom (5000 ms),
 * doneWindow (30000 ms: jobs turn done spread over it), engine (consumer options of the engine's run, none: the
 * defaults), baseline (none: no baseline run) (checkConcurrency=1&amp;maxMessagesPerPoll=10), store
 * (file: the embedded default, SQLite on disk; memory: H2 in memory, for the engine's own figures). The stub is a
 * {@link DelayStub} (a thread per connection); its own rate is measured and printed before each latency's runs.
 *
 * <p>Run: {@code mvn -pl camel-describer-component -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.describer.camel.bench.TrackingBenchmark}
 */
public final class TrackingBenchmark {

    private TrackingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(arg(args, "jobs", "10000"));
        int rounds = Integer.parseInt(arg(args, "rounds", "1"));
        long interval = Long.parseLong(arg(args, "interval", "10000"));
        long doneFrom = Long.parseLong(arg(args, "doneFrom", "5000"));
        long doneWindow = Long.parseLong(arg(args, "doneWindow", "30000"));
        String baseline = arg(args, "baseline", "checkConcurrency=1&maxMessagesPerPoll=10");
        boolean withBaseline = !baseline.equals("none");
        String engineOptions = arg(args, "engine", "");
        long maxRun = doneFrom + doneWindow + 2 * interval + 10_000;
        boolean memory = arg(args, "store", "file").equals("memory");
        System.out.printf(
                "Tracking %d jobs, poll interval %d ms, done over %d..%d ms; %d cores, max heap %d MB%n",
                jobs,
                interval,
                doneFrom,
                doneFrom + doneWindow,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        for (String latency : arg(args, "latencies", "0,50").split(",")) {
            long ms = Long.parseLong(latency.trim());
            // the stub must not be what caps the engine: its own rate with 128 connections first
            System.out.printf(
                    "latency %d ms stub alone (128 keep-alive connections, 3 s): %.0f get_results/s%n",
                    ms, StubCapacity.measure(ms, 128, 3));
            List<TrackingRun.Result> engine = new ArrayList<>();
            List<TrackingRun.Result> old = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                engine.add(run("engine", jobs, interval, doneFrom, doneWindow, ms, maxRun, engineOptions, memory));
                if (withBaseline) {
                    old.add(run("baseline", jobs, interval, doneFrom, doneWindow, ms, maxRun, baseline, memory));
                }
            }
            if (!withBaseline) {
                continue;
            }
            System.out.printf(
                    "latency %d ms, medians of %d round(s): baseline/engine due->check p99 %s, done->delivery p99 %s;"
                            + " delivered engine/baseline %.2fx%n",
                    ms,
                    rounds,
                    ratio(median(old, r -> r.lagP(99)), median(engine, r -> r.lagP(99))),
                    ratio(median(old, r -> r.deliveryP(99)), median(engine, r -> r.deliveryP(99))),
                    (double) median(engine, r -> r.delivered()) / Math.max(1, median(old, r -> r.delivered())));
        }
    }

    private static TrackingRun.Result run(
            String label,
            int jobs,
            long interval,
            long doneFrom,
            long doneWindow,
            long latency,
            long maxRun,
            String opts,
            boolean memory)
            throws Exception {
        TrackingRun.Result r = new TrackingRun(new TrackingRun.Settings(
                        label, jobs, interval, doneFrom, doneWindow, latency, maxRun, opts, memory))
                .run();
        System.out.println("latency " + latency + " ms " + r.summary());
        return r;
    }

    private interface Figure {
        long of(TrackingRun.Result r);
    }

    private static long median(List<TrackingRun.Result> results, Figure figure) {
        long[] values = results.stream().mapToLong(figure::of).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    private static String ratio(long baseline, long engine) {
        if (baseline == Long.MAX_VALUE) {
            return "inf (baseline never delivered its p99)";
        }
        return String.format("%.1fx", (double) Math.max(1, baseline) / Math.max(1, engine));
    }

    private static String arg(String[] args, String name, String fallback) {
        return Arrays.stream(args)
                .filter(a -> a.startsWith(name + "="))
                .map(a -> a.substring(name.length() + 1))
                .findFirst()
                .orElse(fallback);
    }
}
