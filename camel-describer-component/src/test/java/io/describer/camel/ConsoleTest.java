package io.describer.camel;

import java.nio.file.Path;
import java.util.Map;

import io.describer.camel.client.model.JobType;
import io.describer.camel.job.StoredJob;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev console lists the jobs this node is waiting for. */
class ConsoleTest {

    @TempDir
    Path tmp;

    @Test
    void consoleShowsPendingJobs() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            WireMockSupport.useJobStore(context, tmp);
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer
                    .getOrCreateJobStore()
                    .record(StoredJob.submitted(
                            "task_console1", "m-1", JobType.VIDEO, "{}", Map.of("CamelFileName", "talk.mp4"), null));
            context.start();
            DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("describer");
            assertThat(console).isNotNull();
            String text = (String) console.call(DevConsole.MediaType.TEXT);
            assertThat(text)
                    .contains("Pending jobs: 1")
                    .contains("task_console1")
                    .contains("video")
                    .contains("queued");
        }
    }
}
