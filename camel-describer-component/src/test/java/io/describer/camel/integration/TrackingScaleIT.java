package io.describer.camel.integration;

import io.describer.camel.bench.TrackingRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 jobs in flight on the default consumer settings, with a short poll interval: every job is delivered once,
 * never checked twice at once nor twice within its poll interval, and the calls per job stay bounded by how long it
 * ran. Asserts these invariants, not wall time (the benchmark measures that).
 */
class TrackingScaleIT {

    @Test
    void twoThousandJobsAreEachDeliveredOnceWithOneCheckPerIntervalAtMost() throws Exception {
        int jobs = 2_000;
        long interval = 2_000;
        long doneBy = 1_000 + 4_000;
        TrackingRun.Result r = new TrackingRun(
                        new TrackingRun.Settings("scale", jobs, interval, 1_000, 4_000, 5, 120_000, "", true))
                .run();
        System.out.println(r.summary());

        assertThat(r.delivered()).isEqualTo(jobs);
        assertThat(r.deliveredTwice()).isZero();
        assertThat(r.overlappingChecks()).isZero();
        assertThat(r.maxChecksPerJobPerInterval()).isEqualTo(1);
        // a job done by 5 s, polled every 2 s from its first due time within the first interval: at most 4 checks
        // each, plus one more for those whose checks ran late on a loaded machine
        long perJobBound = (interval + doneBy) / interval + 2;
        assertThat(r.checks()).isBetween((long) jobs, jobs * perJobBound);
    }
}
