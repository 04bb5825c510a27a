package io.describer.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.describer.examples.pipeline.BacklogRun;
import io.describer.examples.pipeline.PipelineMain.Pipeline;

/**
 * The users' first day (issue 9): a backlog of videos dropped at once into the shipped folder and S3 pipelines, against
 * the sandbox with a plan's queue and concurrency limits. Runs each pipeline with back-pressure (the default) and, as
 * the baseline in the same process, with {@code backPressure=false} (a refused start sleeps on the route thread and is
 * retried, as before), interleaved, and prints the figures side by side. Also measures how fast each pipeline ingests a
 * backlog when the service refuses nothing.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl camel-describer-examples test-compile exec:exec -Dexec.classpathScope=test \
 *     -Dexample.main=io.describer.examples.bench.BacklogBenchmark -Dexample.args="--sources 1000"
 * </pre>
 *
 * Options: {@code --sources N} (1000), {@code --queue-limit N} (100), {@code --concurrency N} (5), {@code --queued-ms}
 * (least time a job waits queued, 10000), {@code --processing-ms} (500), {@code --pipelines folder,s3},
 * {@code --baseline true|false}, {@code --ingestion-sources N} (300, 0 skips that phase).
 */
public final class BacklogBenchmark {

    private BacklogBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of(
                "sources", "1000",
                "queue-limit", "100",
                "concurrency", "5",
                "queued-ms", "10000",
                "processing-ms", "500",
                "pipelines", "folder,s3",
                "baseline", "true",
                "ingestion-sources", "300"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!o.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; valid: " + o.keySet());
            }
            o.put(key, args[i + 1]);
        }
        int sources = Integer.parseInt(o.get("sources"));
        int queueLimit = Integer.parseInt(o.get("queue-limit"));
        int concurrency = Integer.parseInt(o.get("concurrency"));
        Duration queued = Duration.ofMillis(Long.parseLong(o.get("queued-ms")));
        Duration processing = Duration.ofMillis(Long.parseLong(o.get("processing-ms")));
        boolean baseline = Boolean.parseBoolean(o.get("baseline"));
        int ingestionSources = Integer.parseInt(o.get("ingestion-sources"));
        List<Pipeline> pipelines = new ArrayList<>();
        for (String p : o.get("pipelines").split(",")) {
            pipelines.add(Pipeline.of(p.trim()));
        }

        System.out.printf(
                "Machine: %d cores, Java %s; each run in this JVM, one after the other%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (ingestionSources > 0) {
            for (Pipeline pipeline : pipelines) {
                System.out.printf(
                        Locale.ROOT,
                        "Ingestion   %-6s %d sources, nothing refused: %.1f sources/s submitted%n",
                        pipeline,
                        ingestionSources,
                        ingestion(pipeline, ingestionSources));
            }
        }
        BacklogRun.Plan plan = new BacklogRun.Plan(sources, queueLimit, concurrency, queued, processing, true);
        System.out.println("Plan: " + plan + "; ideal drain " + plan.ideal().toSeconds() + " s");
        List<BacklogRun.Result> results = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            // interleaved: back-pressure, then the baseline, per pipeline
            results.add(run(pipeline, plan));
            if (baseline) {
                results.add(run(
                        pipeline, new BacklogRun.Plan(sources, queueLimit, concurrency, queued, processing, false)));
            }
        }
        System.out.println();
        System.out.printf(
                "%-6s %-12s %9s %6s %6s %-40s %9s %9s %9s %9s %9s%n",
                "source",
                "mode",
                "described",
                "failed",
                "billed2",
                "429s by code",
                "maxSleep",
                "occupancy",
                "drain/ideal",
                "bytes/src",
                "maxCall");
        for (BacklogRun.Result r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "%-6s %-12s %9d %6d %6d %-40s %7d ms %8.1f%% %10.2fx %8.3fx %6d ms%n",
                    r.pipeline(),
                    r.plan().backPressure() ? "backPressure" : "baseline",
                    r.described(),
                    r.failed(),
                    r.billedTwice(),
                    r.errorsByCode(),
                    r.longestRetrySleepMillis(),
                    100 * r.meanOccupancy(),
                    r.drainVsIdeal(),
                    r.mediaBytesRatio(),
                    r.longestDescriberCallMillis());
        }
        System.exit(0);
    }

    private static BacklogRun.Result run(Pipeline pipeline, BacklogRun.Plan plan) throws Exception {
        Path work = Files.createTempDirectory("backlog-bench");
        try (BacklogRun run = new BacklogRun(pipeline, plan, work)) {
            run.dropSources().start();
            // the baseline may never finish on its own: give it three times the ideal and a minute
            boolean drained = run.awaitDrained(plan.ideal().multipliedBy(3).plusMinutes(1));
            BacklogRun.Result r = run.result();
            System.out.println((drained ? "" : "NOT DRAINED ") + r);
            return r;
        }
    }

    /** Sources per second the pipeline submits when the service accepts everything (jobs outlast the phase). */
    private static double ingestion(Pipeline pipeline, int sources) throws Exception {
        Path work = Files.createTempDirectory("backlog-ingest");
        BacklogRun.Plan unlimited = new BacklogRun.Plan(sources, 0, 0, Duration.ofHours(1), Duration.ZERO, true);
        try (BacklogRun run = new BacklogRun(pipeline, unlimited, work)) {
            run.dropSources().start();
            return run.awaitSubmitted(Duration.ofMinutes(5));
        }
    }
}
