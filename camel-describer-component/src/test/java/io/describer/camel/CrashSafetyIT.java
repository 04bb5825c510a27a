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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * job was delivered (again only where a kill fell between a completed results exchange and its record).
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
            Process child = start("run");
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
            Process child = start("finish");
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
        List<String> delivered = Files.readAllLines(dir.resolve("delivered.txt"));
        assertThat(new HashSet<>(delivered)).containsExactlyInAnyOrderElementsOf(api.jobs.keySet());
        // a kill after a results exchange completed but before the store marked it delivered repeats that one
        // delivery (at-least-once, see the README): at most one per kill, since a consumer delivers one at a time
        int redelivered = delivered.size() - new HashSet<>(delivered).size();
        assertThat(redelivered).isLessThanOrEqualTo(kills);
        try (JobStore store = JobStores.embedded(dir.resolve("jobs"))) {
            assertThat(store.countUncertain()).isZero();
            assertThat(store.countPending()).isZero();
        }
        System.out.printf(
                "CrashSafetyIT: %d kills, %d sources, %d jobs started, %d settled as existing jobs by the operator, %d"
                        + " deliveries repeated after a kill%n",
                kills, SOURCES, api.jobCount(), settledAsJob, redelivered);
    }

    private Process start(String mode) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Node.class.getName(),
                        api.baseUrl(),
                        dir.toString(),
                        Integer.toString(SOURCES),
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
        public static void main(String[] args) throws Exception {
            String baseUrl = args[0];
            Path dir = Path.of(args[1]);
            int sources = Integer.parseInt(args[2]);
            boolean finish = args[3].equals("finish");
            Path delivered = dir.resolve("delivered.txt");
            CamelContext context = new DefaultCamelContext();
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(dir.resolve("jobs").toString());
            DescriberConfiguration c = describer.getConfiguration();
            c.setApiKey(WireMockSupport.API_KEY);
            c.setBaseUrl(baseUrl);
            c.setJobPollInterval(20);
            c.setJobMaxPollInterval(100);
            c.setDeliveryRetryDelay(100);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:submit").to("describer:text");
                    from("describer:results?delay=20&initialDelay=0&maxMessagesPerPoll=20")
                            .process(e -> Files.writeString(
                                    delivered,
                                    e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class) + "\n",
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND));
                }
            });
            context.start();
            System.out.println("STARTED");
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < sources; i++) {
                String source = "src-" + i;
                Exchange out = template.request(
                        "direct:submit", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, source));
                if (out.getException() == null) {
                    System.out.println("SUBMITTED " + source);
                } else if (out.getException() instanceof DescriberUncertainSubmissionException u) {
                    System.out.println("UNCERTAIN " + source + " " + u.getDedupeKey());
                } else if (out.getException() != null) {
                    System.out.println("FAILED " + source + " " + out.getException());
                }
            }
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
