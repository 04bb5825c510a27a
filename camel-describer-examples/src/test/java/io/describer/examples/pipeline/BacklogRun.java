package io.describer.examples.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.pipeline.PipelineMain.Pipeline;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import io.describer.examples.sandbox.SandboxStats;
import org.apache.camel.Exchange;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A backlog of videos dropped at once into the folder or S3 example pipeline (as shipped, from its Java DSL), against
 * the sandbox with a plan's queue and concurrency limits. Records what a user would judge the run by: sources described
 * and failed, jobs billed twice, 429s by code, the longest sleep of a retry, how full the service's queue was while
 * sources waited, the drain time against the ideal, and media bytes sent against the sources' sizes. Shared by the
 * backlog tests and {@link io.describer.examples.bench.BacklogBenchmark}.
 */
public final class BacklogRun implements AutoCloseable {

    /** The plan and the run. */
    public record Plan(
            int sources, int queueLimit, int concurrency, Duration queued, Duration processing, boolean backPressure) {

        /** Jobs per source: the pipelines start a video and a text job for each. */
        public int jobs() {
            return 2 * sources;
        }

        /**
         * The least time the service needs for all jobs: its slots run {@code concurrency} jobs of {@code processing}
         * each after the first waited {@code queued}; its queue holds {@code queueLimit} jobs of at least
         * {@code queued + processing}. The larger bound wins.
         */
        public Duration ideal() {
            if (queueLimit <= 0 || concurrency <= 0) {
                return queued.plus(processing);
            }
            long bySlots = queued.toMillis() + (long) Math.ceil((double) jobs() / concurrency) * processing.toMillis();
            long byQueue = (long) Math.ceil((double) jobs() / queueLimit) * (queued.toMillis() + processing.toMillis());
            return Duration.ofMillis(Math.max(bySlots, byQueue));
        }

        @Override
        public String toString() {
            return sources + " sources (" + jobs() + " jobs), queue limit " + queueLimit + ", concurrency limit "
                    + concurrency + ", jobs queued at least " + queued.toMillis() + " ms then processed "
                    + processing.toMillis() + " ms, backPressure=" + backPressure;
        }
    }

    /** The figures of one run. */
    public record Result(
            Pipeline pipeline,
            Plan plan,
            int described,
            int failed,
            long billedTwice,
            long jobsStarted,
            Map<String, Long> errorsByCode,
            long longestRetrySleepMillis,
            long totalRetrySleepMillis,
            long longestDescriberCallMillis,
            double meanOccupancy,
            Duration drain,
            Duration serviceDrain,
            long mediaBytesSent,
            long sourceBytes,
            List<Integer> startOrder) {

        public double drainVsIdeal() {
            return (double) drain.toMillis() / plan.ideal().toMillis();
        }

        public double mediaBytesRatio() {
            return (double) mediaBytesSent / sourceBytes;
        }

        /** Pairs of sources whose first jobs started in the opposite order of their age. */
        public double inversions() {
            long inverted = 0;
            long pairs = 0;
            for (int i = 0; i < startOrder.size(); i++) {
                for (int j = i + 1; j < startOrder.size(); j++) {
                    pairs++;
                    if (startOrder.get(i) > startOrder.get(j)) {
                        inverted++;
                    }
                }
            }
            return pairs == 0 ? 0 : (double) inverted / pairs;
        }

        @Override
        public String toString() {
            return String.format(
                    "%-6s backPressure=%-5s described %d/%d, failed %d, billed twice %d, jobs started %d, 429s %s,"
                            + " longest retry sleep %d ms (all retry sleeps %d ms), longest describer call %d ms,"
                            + " queue occupancy while sources wait %.1f %%, drain %.1f s = %.2fx the ideal %.1f s"
                            + " (service side %.1f s), media bytes sent %.3fx the sources' %d bytes",
                    pipeline,
                    plan.backPressure(),
                    described,
                    plan.sources(),
                    failed,
                    billedTwice,
                    jobsStarted,
                    errorsByCode,
                    longestRetrySleepMillis,
                    totalRetrySleepMillis,
                    longestDescriberCallMillis,
                    100 * meanOccupancy,
                    drain.toMillis() / 1000.0,
                    drainVsIdeal(),
                    plan.ideal().toMillis() / 1000.0,
                    serviceDrain.toMillis() / 1000.0,
                    mediaBytesRatio(),
                    sourceBytes);
        }
    }

    private static final Pattern RETRY = Pattern.compile("Retrying .* in (\\d+) ms");

    private final Pipeline pipeline;
    private final Plan plan;
    private final Path work;
    private final SandboxServer sandbox;
    private final EmbeddedS3 s3;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();
    private final AtomicLong longestCall = new AtomicLong();
    private final AtomicLong longestSleep = new AtomicLong();
    private final AtomicLong totalSleep = new AtomicLong();
    private final List<String> names = new ArrayList<>();
    private final AbstractAppender sleeps;
    private long sourceBytes;
    private final List<Main> mains = new ArrayList<>();
    private Instant started;
    private javax.sql.DataSource sharedStore;
    private int nodes = 1;

    public BacklogRun(Pipeline pipeline, Plan plan, Path work) throws Exception {
        this.pipeline = pipeline;
        this.plan = plan;
        this.work = work;
        this.sandbox = SandboxServer.start(new SandboxSettings()
                .rateLimit(0)
                .verificationDelay(Duration.ofMillis(50))
                .maxQueuedJobs(plan.queueLimit())
                .concurrencyLimit(plan.concurrency())
                .queuedDelay(plan.queued())
                .processingDelay(plan.processing()));
        this.s3 = pipeline == Pipeline.S3 ? EmbeddedS3.startTransient("incoming", "described") : null;
        properties.put("describer.api-key", sandbox.apiKey());
        properties.put("describer.base-url", sandbox.baseUrl());
        properties.put("pipeline.work-dir", work.toString());
        properties.put("camel.component.describer.back-pressure", String.valueOf(plan.backPressure()));
        // as PipelineMain does for the sandbox, scaled to the plan: a job is looked at about ten times while it runs
        long poll = Math.max(50, (plan.queued().toMillis() + plan.processing().toMillis()) / 10);
        properties.put("camel.component.describer.job-poll-interval", String.valueOf(poll));
        if (s3 != null) {
            properties.putAll(s3.properties());
        }
        this.sleeps = new AbstractAppender("retry-sleeps", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                Matcher m = RETRY.matcher(event.getMessage().getFormattedMessage());
                if (m.find()) {
                    long ms = Long.parseLong(m.group(1));
                    longestSleep.accumulateAndGet(ms, Math::max);
                    totalSleep.addAndGet(ms);
                }
            }
        };
        sleeps.start();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getLoggerConfig("io.describer").addAppender(sleeps, null, null);
        logs.updateLoggers();
    }

    /** Extra or overriding properties of the pipeline (before {@link #start()}). */
    public BacklogRun property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /**
     * Runs the pipeline on {@code nodes} Camel Mains in this JVM (before {@link #dropSources()}), sharing the job store
     * in {@code store} (each with its own node id) and the plan; the folder pipeline's sources are dealt out among the
     * nodes' input folders, one each in turn (the S3 pipeline's nodes list the same bucket).
     */
    public BacklogRun nodes(int nodes, javax.sql.DataSource store, String table) {
        this.nodes = nodes;
        this.sharedStore = store;
        properties.put("camel.component.describer.job-store-data-source", "#backlogStore");
        properties.put("camel.component.describer.job-store-table", table);
        return this;
    }

    public SandboxServer sandbox() {
        return sandbox;
    }

    /** Drops the backlog: {@code sources} distinct small MP4s, oldest first by modification time / key order. */
    public BacklogRun dropSources() throws IOException {
        byte[] sample;
        try (InputStream in = BacklogRun.class.getResourceAsStream("/samples/sample.mp4")) {
            sample = in.readAllBytes();
        }
        Path in = work.resolve("input");
        Files.createDirectories(in);
        Instant oldest = Instant.now().minus(Duration.ofDays(1));
        for (int i = 0; i < plan.sources(); i++) {
            String name = String.format("v%05d.mp4", i);
            names.add(name);
            byte[] video = unique(sample, i);
            sourceBytes += video.length;
            if (s3 != null) {
                s3.client().putObject(b -> b.bucket("incoming").key("videos/" + name), RequestBody.fromBytes(video));
            } else {
                Path dir = nodes > 1 ? in.resolve("node-" + (i % nodes)) : in;
                Files.createDirectories(dir);
                Path file = dir.resolve(name);
                Files.write(file, video);
                Files.setLastModifiedTime(file, FileTime.from(oldest.plusSeconds(i)));
            }
        }
        return this;
    }

    /** The sample plus a top-level ISO-BMFF {@code free} box holding the index: a valid, distinct MP4. */
    static byte[] unique(byte[] sample, int index) {
        ByteBuffer b = ByteBuffer.allocate(sample.length + 16);
        b.put(sample).putInt(16).put("free".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putLong(index);
        return b.array();
    }

    /** Starts (or, after {@link #stopApp()}, restarts) the pipeline app on the same work folder and job store. */
    public BacklogRun start() throws Exception {
        if (started == null) {
            started = Instant.now();
        }
        for (int node = 0; node < nodes; node++) {
            Map<String, String> props = new LinkedHashMap<>(properties);
            if (nodes > 1) {
                props.put("camel.component.describer.node-id", "node-" + node);
                props.put(
                        "folder.input",
                        work.resolve("input").resolve("node-" + node).toString());
                props.put(
                        "camel.component.describer.spool-directory",
                        work.resolve("spool-" + node).toString());
            }
            Main main = PipelineMain.create(pipeline, false, props);
            if (sharedStore != null) {
                main.bind("backlogStore", sharedStore);
            }
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport configured) {
                    configured.getCamelContext().getManagementStrategy().addEventNotifier(new Recorder());
                }
            });
            main.start();
            mains.add(main);
        }
        return this;
    }

    /** Stops the app as a deployment would (graceful shutdown), keeping its job store. */
    public void stopApp() {
        for (Main main : mains) {
            main.stop();
        }
        mains.clear();
    }

    /** Sources with both outputs delivered. */
    public int described() {
        Map<String, Integer> outputs = new HashMap<>();
        for (String d : delivered) {
            outputs.merge(d.replaceFirst("\\.ad\\.(mp4|vtt)$", ""), 1, Integer::sum);
        }
        return (int) outputs.values().stream().filter(n -> n == 2).count();
    }

    public int failed() {
        return deadLettered.size();
    }

    /** Waits until every source is described or failed, or {@code timeout} passed. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (described() + failed() >= plan.sources()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Waits until every source's jobs were started and returns the sources per second submitted from the first job start
     * to the last (the app's start-up left out); 0 when not all were started within {@code timeout}.
     */
    public double awaitSubmitted(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<SandboxStats.StartedJob> jobs = sandbox.stats().jobs();
            if (jobs.size() >= plan.jobs()) {
                Instant first = jobs.get(0).createdAt();
                Instant last = jobs.get(jobs.size() - 1).createdAt();
                return (plan.sources() - 1)
                        * 1000.0
                        / Math.max(1, Duration.between(first, last).toMillis());
            }
            Thread.sleep(50);
        }
        return 0;
    }

    public Result result() {
        SandboxStats stats = sandbox.stats();
        List<SandboxStats.StartedJob> jobs = stats.jobs();
        Instant end = Instant.now();
        Instant firstJob = jobs.isEmpty() ? started : jobs.get(0).createdAt();
        Instant lastJob = jobs.isEmpty() ? started : jobs.get(jobs.size() - 1).createdAt();
        Instant lastEnd = jobs.stream()
                .map(SandboxStats.StartedJob::endAt)
                .max(Instant::compareTo)
                .orElse(started);
        // sources wait from the first job start until the last one started
        double occupancy = stats.meanOccupancy(firstJob, lastJob, plan.queueLimit());
        List<Integer> order = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (SandboxStats.StartedJob job : jobs) {
            String name = job.filename() == null ? "" : job.filename().replaceFirst(".*/", "");
            int index = names.indexOf(name);
            if (index >= 0 && seen.add(name)) {
                order.add(index);
            }
        }
        return new Result(
                pipeline,
                plan,
                described(),
                failed(),
                stats.billedTwice(),
                jobs.size(),
                stats.errorsByCode(),
                longestSleep.get(),
                totalSleep.get(),
                longestCall.get(),
                occupancy,
                Duration.between(started, lastDelivery != null ? lastDelivery : end),
                Duration.between(firstJob, lastEnd),
                stats.mediaBytesReceived(),
                sourceBytes,
                order);
    }

    private volatile Instant lastDelivery;

    /** Records deliveries, dead letters and how long each describer call took. */
    private final class Recorder extends EventNotifierSupport {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeCompletedEvent done
                    && !done.getExchange().isFailed()) {
                Exchange exchange = done.getExchange();
                String route = exchange.getFromRouteId();
                if (route != null && route.endsWith("-deliver")) {
                    String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
                    if (name == null) {
                        name = exchange.getMessage().getHeader("CamelAwsS3Key", String.class);
                    }
                    if (name != null && delivered.add(name.replaceFirst(".*/", ""))) {
                        lastDelivery = Instant.now();
                    }
                }
            } else if (event instanceof CamelEvent.ExchangeSentEvent sent
                    && sent.getEndpoint().getEndpointUri().startsWith("direct")
                    && sent.getEndpoint().getEndpointUri().contains("dead-letter")) {
                String source = sent.getExchange().getMessage().getHeader("CamelDescriberCorrelationId", String.class);
                deadLettered.add(String.valueOf(source));
            } else if (event instanceof CamelEvent.ExchangeSentEvent sent
                    && sent.getEndpoint().getEndpointUri().startsWith("describer:")) {
                longestCall.accumulateAndGet(sent.getTimeTaken(), Math::max);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopApp();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getLoggerConfig("io.describer").removeAppender("retry-sleeps");
        logs.updateLoggers();
        if (s3 != null) {
            s3.close();
        }
        sandbox.close();
    }
}
