package io.describer.examples.pipeline;

import java.nio.file.Path;
import java.time.Duration;

import io.describer.examples.pipeline.PipelineMain.Pipeline;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog dropped at once into the shipped folder and S3 pipelines, against a plan that queues 20 jobs and processes
 * 5 at a time (issue 9 scaled to CI: 200 sources, seconds instead of minutes). Every source is described, none fails or
 * is billed twice, no media is sent twice, no route thread sleeps on a full queue, and the service's queue stays full
 * while sources wait: 92 to 94 % measured for both pipelines on a 2-core box with a load average of 2 to 4, 82 % once
 * at a load average of 12 (the line refills a place within a 100 ms tick of the results consumer, which looks at a job
 * every 220 ms here, seeing it end; jobs of 2.2 s make each such delay weigh 30 times more than with minutes of queue
 * time). 80 % is asserted: what the engine reached even on that overloaded box, and above the 78 % the S3 case reached
 * before sources waited in line.
 */
class BacklogIT {

    static final BacklogRun.Plan PLAN =
            new BacklogRun.Plan(200, 20, 5, Duration.ofMillis(2000), Duration.ofMillis(200), true);

    static final double MIN_OCCUPANCY = 0.80;

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(
            value = Pipeline.class,
            names = {"FOLDER", "S3"})
    void aBacklogDrainsAtThePaceOfThePlanWithoutSleepingOrResending(Pipeline pipeline) throws Exception {
        try (BacklogRun run = new BacklogRun(pipeline, PLAN, work)) {
            run.dropSources().start();
            assertThat(run.awaitDrained(Duration.ofMinutes(4))).as("drained").isTrue();
            BacklogRun.Result r = run.result();
            System.out.println(r);

            assertInvariants(r, 1.02);
            assertThat(r.meanOccupancy())
                    .as("the service's queue is kept full while sources wait")
                    .isGreaterThanOrEqualTo(MIN_OCCUPANCY);
            assertThat(r.errorsByCode().getOrDefault("queue_limit_exceeded", 0L))
                    .as("the limit is learnt from few refusals, not hit by every source")
                    .isLessThan(PLAN.sources() / 10);
        }
    }

    /**
     * A restart forgets the media ids of starts that waited in line: the folder pipeline re-sends only the few refused
     * just before the stop; the S3 pipeline uploads an object before its start waits in line (an unread S3 stream goes
     * stale), so the objects waiting at the stop, up to the line's 40, are uploaded again: measured 1.07 to 1.10x.
     */
    @ParameterizedTest
    @EnumSource(
            value = Pipeline.class,
            names = {"FOLDER", "S3"})
    void aRestartInTheMiddleLosesNothingAndStartsNothingTwiceOldestFirst(Pipeline pipeline) throws Exception {
        double maxBytes = pipeline == Pipeline.S3 ? 1.25 : 1.05;
        try (BacklogRun run = new BacklogRun(pipeline, PLAN, work)) {
            run.dropSources().start();
            while (run.described() < PLAN.sources() / 3) {
                Thread.sleep(50);
            }
            run.stopApp();
            int beforeRestart = run.described();
            assertThat(beforeRestart).isLessThan(PLAN.sources());
            run.start();
            assertThat(run.awaitDrained(Duration.ofMinutes(4))).as("drained").isTrue();
            BacklogRun.Result r = run.result();
            System.out.println(r + ", order inversions " + r.inversions());

            // a restarted node learns the limit again (one start refused after its media was sent) and forgets the
            // media ids kept for waiting starts: some videos are sent twice, none billed or started twice
            assertInvariants(r, maxBytes);
            // the folder consumer sorts by age, the S3 listing by key; a held-back source comes back first
            assertThat(r.startOrder()).hasSize(PLAN.sources());
            assertThat(r.inversions()).as("sources started oldest first").isLessThan(0.02);
        }
    }

    private static void assertInvariants(BacklogRun.Result r, double maxMediaBytesRatio) {
        assertThat(r.described()).as("described").isEqualTo(PLAN.sources());
        assertThat(r.failed()).as("failed or dead-lettered").isZero();
        assertThat(r.billedTwice()).as("billed twice").isZero();
        assertThat(r.jobsStarted()).as("one video and one text job per source").isEqualTo(PLAN.jobs());
        assertThat(r.totalRetrySleepMillis())
                .as("no thread slept on a full queue")
                .isZero();
        assertThat(r.mediaBytesRatio())
                .as("media bytes sent over the sources' sizes: each video sent once (plus multipart framing)")
                .isBetween(1.0, maxMediaBytesRatio);
    }
}
