package io.describer.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.describer.camel.client.DescriberRateLimitException;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.Admission;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.StoredJob;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev console lists the jobs this node is waiting for and the backlog's progress. */
class ConsoleTest {

    @TempDir
    Path tmp;

    @Test
    void consoleShowsPendingJobs() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            WireMockSupport.useJobStore(context, tmp);
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            JobStore store = describer.getOrCreateJobStore();
            store.record(StoredJob.submitted(
                    "task_console1", "m-1", JobType.VIDEO, "{}", Map.of("CamelFileName", "talk.mp4"), null));
            store.record(StoredJob.submitted("task_console2", "m-2", JobType.TEXT, "{}", Map.of(), null));
            // its results exchange was started and rolled back: the operator sees it was emitted once
            store.claimDue("n1", 10, Duration.ofMinutes(1));
            store.updateStatus("task_console2", "n1", JobStatus.DONE, null);
            store.release("task_console2", "n1", Instant.now().plusSeconds(60), "rolled back");
            store.release("task_console1", "n1", Instant.now(), null);
            context.start();
            DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("describer");
            assertThat(console).isNotNull();
            String text = (String) console.call(DevConsole.MediaType.TEXT);
            assertThat(text)
                    .contains("Pending jobs: 2")
                    .contains("task_console1")
                    .contains("video")
                    .contains("queued")
                    .containsPattern("task_console2 text done attempts=1 .* emitted=1 error=rolled back");
            assertThat(text.lines().filter(l -> l.contains("task_console1")))
                    .singleElement()
                    .satisfies(l -> assertThat(l).doesNotContain("emitted="));
        }
    }

    @Test
    void consoleShowsTheBacklogWhileTheServicesQueueIsFull() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            WireMockSupport.useJobStore(context, tmp);
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer
                    .getOrCreateJobStore()
                    .record(StoredJob.submitted("task_q1", "m-1", JobType.VIDEO, "{}", Map.of(), null));
            describer
                    .getOrCreateJobStore()
                    .record(StoredJob.submitted("task_q2", "m-2", JobType.TEXT, "{}", Map.of(), null)
                            .withStatus(JobStatus.PROCESSING));
            context.start();
            Admission admission = describer.getOrCreateAdmission();
            // the service refused a third start: its queue holds 2
            admission
                    .tryEnter("file://in/c.mp4")
                    .refused(new DescriberRateLimitException(
                            DescriberRateLimitException.QUEUE_LIMIT_EXCEEDED, "You have 2 jobs queued.", null));

            DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("describer");
            String text = (String) console.call(DevConsole.MediaType.TEXT);
            assertThat(text)
                    .contains("Backlog: 1 sources waiting (0 in line), 1 jobs queued, 1 processing, 0 starting;"
                            + " limit 2; held back: the service's queue is full (queue_limit_exceeded at 2 jobs in"
                            + " flight); ? jobs/min, drain in ?");
        }
    }
}
