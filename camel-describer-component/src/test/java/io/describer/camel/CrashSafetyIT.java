package io.describer.camel;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.describer.camel.client.DescriberUncertainSubmissionException;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.UncertainSubmission;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 at random points: a child JVM submits 60 sources (each job start takes 150 ms at the service, so kills often
 * land between the service starting a job and the store recording it) and delivers their results; it is killed at least
 * 12 times and restarted each time on the same job store file (the embedded default). Between runs an operator settles the uncertain submissions the
 * restarts found, from what the service shows. In the end the service started exactly one job per source, and every
 * job was delivered (again only where a kill fell between a completed results exchange and its record, and then with
 * {@code CamelDescriberRedelivered=true}). The node writes each result as a pipeline does (temp file, then renamed over
 * {@code <source>.ad.vtt}): one complete output per source, none duplicated or half-written, whatever the kills hit.
 */
class CrashSafetyIT {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    static final int SOURCES = 60;
    static final int KILLS = 12;

    @TempDir
    Path dir;

    @Test
    void killedNodesNeitherBillTwiceNorLoseAJob() throws Exception {
        api.generateDelayMillis = 150;
        Random random = new Random(8);
        int kills = 0;
        int settledAsJob = 0;
        for (int run = 0; kills < KILLS && run < 3 * KILLS; run++) {
            Process child = start("run", SOURCES);
            // killed while it works: somewhere among its next job starts (each takes 150 ms at the service)
            awaitWorking(child);
            Thread.sleep(random.nextInt(1_500));
            if (child.isAlive()) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            // a job start the dead node sent is still being worked on at the service for a moment: an operator
            // looking at the dashboard right away could miss it
            Thread.sleep(3 * api.generateDelayMillis);
            settledAsJob += settle();
        }
        assertThat(kills).isGreaterThanOrEqualTo(KILLS);
        // then runs to the end, settling what the last restarts found, until nothing is left
        for (int round = 0; round < 5; round++) {
            Process child = start("finish", SOURCES);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("child log in %s", dir).isZero();
            int before = uncertainCount();
            settledAsJob += settle();
            if (before == 0) {
                break;
            }
        }

        for (int i = 0; i < SOURCES; i++) {
            assertThat(api.jobsFor("src-" + i)).as("jobs started for src-%s", i).hasSize(1);
        }
        List<String> lines = Files.readAllLines(dir.resolve("delivered.txt"));
        List<String> delivered = lines.stream().map(l -> l.split(" ")[0]).toList();
        assertThat(new HashSet<>(delivered)).containsExactlyInAnyOrderElementsOf(api.jobs.keySet());
        // a kill after a results exchange completed but before the store marked it delivered repeats that one
        // delivery (at-least-once, see the README): at most one per kill, since a consumer delivers one at a time
        int redelivered = delivered.size() - new HashSet<>(delivered).size();
        assertThat(redelivered).isLessThanOrEqualTo(kills);
        // and says so: every delivery of a job after its first carries CamelDescriberRedelivered=true
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            String jobId = line.split(" ")[0];
            if (!seen.add(jobId)) {
                assertThat(line).as("a repeated delivery").endsWith(" true");
            }
        }
        // one complete output per source: repeated deliveries replaced their file, no temp file was left behind
        Path out = dir.resolve("out");
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("outputs")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, SOURCES)
                            .mapToObj(i -> "src-" + i + ".ad.vtt")
                            .toList());
        }
        for (int i = 0; i < SOURCES; i++) {
            String jobId = api.jobsFor("src-" + i).get(0).id();
            assertThat(out.resolve("src-" + i + ".ad.vtt"))
                    .as("output of src-%s", i)
                    .hasContent("WEBVTT\n\n00:00.500 --> 00:03.100\nA desk for " + jobId + "\n");
        }
        try (JobStore store = JobStores.embedded(dir.resolve("jobs"))) {
            assertThat(store.countUncertain()).isZero();
            assertThat(store.countPending()).isZero();
        }
        System.out.printf(
                "CrashSafetyIT: %d kills, %d sources, %d jobs started, %d settled as existing jobs by the operator, %d"
                        + " deliveries repeated after a kill (each marked redelivered), %d outputs, 0 duplicated%n",
                kills, SOURCES, api.jobCount(), settledAsJob, redelivered, SOURCES);
    }

    @Test
    void aCrashAfterTheResultsReachedTheRouteDeliversThemAgainMarkedRedeliveredAndTheOutputIsReplaced()
            throws Exception {
        int sources = 5;
        // the node halts (as kill -9 would) right after writing an output, before the store records it; once every
        // source is submitted (each job needs 50 polls, a second at least), so no job start is cut off
        api.pollsUntilDone = 50;
        Process child = start("halt", sources);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("halted").isEqualTo(137);
        Process finish = start("finish", sources);
        assertThat(finish.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(finish.exitValue()).isZero();

        List<String> lines = Files.readAllLines(dir.resolve("delivered.txt"));
        assertThat(lines).hasSize(sources + 1);
        List<String> again = lines.stream().filter(l -> l.endsWith(" true")).toList();
        assertThat(again).as("delivered again, marked").hasSize(1);
        String jobId = again.get(0).split(" ")[0];
        assertThat(lines.indexOf(jobId + " false")).isBetween(0, lines.indexOf(jobId + " true"));
        assertThat(api.jobCount()).isEqualTo(sources);
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, sources)
                            .mapToObj(i -> "src-" + i + ".ad.vtt")
                            .toList());
        }
    }

    private Process start(String mode, int sources) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Node.class.getName(),
                        api.baseUrl(),
                        dir.toString(),
                        Integer.toString(sources),
                        mode)
                .redirectErrorStream(true)
                .start();
    }

    /** Waits for the child's first submission, copying its output to a log file meanwhile. */
    private void awaitWorking(Process child) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Path log = dir.resolve("child.log");
        Thread pump = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("SUBMITTED") || line.startsWith("UNCERTAIN") || line.startsWith("FAILED")) {
                        started.countDown();
                    }
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (Exception ignored) {
                // the child was killed
            }
        });
        pump.setDaemon(true);
        pump.start();
        assertThat(started.await(60, TimeUnit.SECONDS))
                .as("child log in %s", log)
                .isTrue();
    }

    private int uncertainCount() {
        try (JobStore store = JobStores.embedded(dir.resolve("jobs"))) {
            return (int) store.countUncertain();
        }
    }

    /** The operator: each uncertain submission is settled from what the service knows about its media. */
    private int settle() {
        int asJob = 0;
        try (JobStore store = JobStores.embedded(dir.resolve("jobs"))) {
            for (UncertainSubmission u : store.listUncertain(1_000)) {
                List<JobApiSimulator.Job> atService = api.jobsFor(u.mediaId());
                assertThat(atService).as("jobs for %s", u.mediaId()).hasSizeLessThanOrEqualTo(1);
                if (atService.isEmpty()) {
                    store.settleAsNoJob(u.dedupeKey());
                } else {
                    store.settleAsJob(u.dedupeKey(), atService.get(0).id(), u.mediaId());
                    asJob++;
                }
            }
        }
        return asJob;
    }

    /** The node: submits every source in order, delivers results into delivered.txt; "finish" ends once idle. */
    public static final class Node {
        static volatile boolean allSubmitted;

        public static void main(String[] args) throws Exception {
            String baseUrl = args[0];
            Path dir = Path.of(args[1]);
            int sources = Integer.parseInt(args[2]);
            boolean finish = args[3].equals("finish");
            boolean halt = args[3].equals("halt");
            Path halted = dir.resolve("halted");
            Path delivered = dir.resolve("delivered.txt");
            CamelContext context = new DefaultCamelContext();
            DescriberComponent describer =
                    TestNode.describer(context, dir.resolve("jobs").toString(), baseUrl);
            describer.getConfiguration().setDeliveryRetryDelay(100);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:submit").to("describer:text");
                    from("describer:results?delay=20&initialDelay=0&maxMessagesPerPoll=20")
                            .process(e -> Files.writeString(
                                    delivered,
                                    e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class) + " "
                                            + e.getMessage().getHeader(DescriberConstants.REDELIVERED) + "\n",
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND))
                            // as the folder pipeline writes: a temp file renamed over <source>.ad.vtt
                            .to("file:" + dir.resolve("out") + "?tempFileName=${file:name}.part"
                                    + "&eagerDeleteTargetFile=false")
                            .process(e -> {
                                if (halt && allSubmitted && !Files.exists(halted)) {
                                    // the output is written, the exchange not completed: the store never hears of it
                                    Files.createFile(halted);
                                    Runtime.getRuntime().halt(137);
                                }
                            });
                }
            });
            context.start();
            System.out.println("STARTED");
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < sources; i++) {
                String source = "src-" + i;
                Exchange out = template.request("direct:submit", e -> {
                    e.getIn().setHeader(DescriberConstants.MEDIA_ID, source);
                    // captured at submission: the output is named after the source
                    e.getIn().setHeader(Exchange.FILE_NAME, source + ".mp4");
                });
                if (out.getException() == null) {
                    System.out.println("SUBMITTED " + source);
                } else if (out.getException() instanceof DescriberUncertainSubmissionException u) {
                    System.out.println("UNCERTAIN " + source + " " + u.getDedupeKey());
                } else if (out.getException() != null) {
                    System.out.println("FAILED " + source + " " + out.getException());
                }
            }
            allSubmitted = true;
            if (!finish) {
                Thread.sleep(Long.MAX_VALUE);
            }
            JobStore store = describer.getOrCreateJobStore();
            Instant until = Instant.now().plus(Duration.ofSeconds(60));
            while (store.countPending() > 0 && Instant.now().isBefore(until)) {
                Thread.sleep(50);
            }
            context.stop();
            System.exit(0);
        }
    }
}
