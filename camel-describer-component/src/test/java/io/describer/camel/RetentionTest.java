package io.describer.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.StoredJob;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Retention purges delivered jobs once they are older than the period, and never a pending one. */
class RetentionTest {

    @TempDir
    Path tmp;

    @Test
    void deliveredJobsArePurgedAfterTheRetentionPeriodPendingOnesStay() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(tmp.resolve("jobs").toString());
            describer.setRetention(300);
            context.start();
            JobStore store = describer.getOrCreateJobStore();
            String owner = describer.getOrCreateNodeId();
            store.record(job("task_delivered", "key-delivered"));
            store.record(job("task_failed", "key-failed"));
            store.record(job("task_pending", "key-pending"));
            List<StoredJob> claimed = store.claimDue(owner, 10, Duration.ofMinutes(1));
            assertThat(claimed).hasSize(3);
            store.updateStatus("task_delivered", owner, JobStatus.DONE, null);
            assertThat(store.markDelivered("task_delivered", owner)).isTrue();
            store.updateStatus("task_failed", owner, JobStatus.FAILED, "no_video_stream");
            assertThat(store.markDelivered("task_failed", owner)).isTrue();
            store.release("task_pending", owner, java.time.Instant.now(), null);

            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> store.find("task_delivered").isEmpty()
                            && store.find("task_failed").isEmpty());
            assertThat(store.find("task_pending")).isPresent();
            assertThat(store.findByDedupeKey("key-delivered"))
                    .as("its dedupe key is free again")
                    .isEmpty();
            assertThat(store.countPending()).isEqualTo(1);
        }
    }

    @Test
    void zeroKeepsDeliveredJobs() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(tmp.resolve("kept").toString());
            describer.setRetention(0);
            context.start();
            JobStore store = describer.getOrCreateJobStore();
            String owner = describer.getOrCreateNodeId();
            store.record(job("task_kept", "key-kept"));
            store.claimDue(owner, 10, Duration.ofMinutes(1));
            store.updateStatus("task_kept", owner, JobStatus.DONE, null);
            store.markDelivered("task_kept", owner);
            Thread.sleep(500);
            assertThat(store.find("task_kept")).isPresent();
        }
    }

    private static StoredJob job(String id, String key) {
        return StoredJob.submitted(id, "media-" + id, JobType.TEXT, "{}", Map.of(), key);
    }
}
