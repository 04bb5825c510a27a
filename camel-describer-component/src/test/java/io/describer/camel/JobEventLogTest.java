package io.describer.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.describer.camel.client.DescriberJobFailedException;
import io.describer.camel.client.LogCapture;
import io.describer.camel.job.stats.EngineStats;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Each start, status change and delivery of a job is one INFO line, whoever polls it; no metrics library needed. */
class JobEventLogTest extends CamelTestSupport {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        WireMockSupport.useJobStore(context, tmp);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.getConfiguration().setApiKey(WireMockSupport.API_KEY);
        describer.getConfiguration().setBaseUrl(api.baseUrl());
        describer.getConfiguration().setJobPollInterval(50);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(DescriberJobFailedException.class).handled(true).to("mock:failed");
                from("direct:consumed").to("describer:text");
                from("direct:waited")
                        .to("describer:text?waitForCompletion=true")
                        .to("mock:waited");
                from("describer:results?delay=50&initialDelay=0").to("mock:results");
            }
        };
    }

    @Test
    void aJobPolledByTheResultsConsumerLogsEachStatusChangeAndItsDeliveryOnce() throws Exception {
        api.pollsUntilDone = 3;
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        try (LogCapture log = new LogCapture()) {
            String jobId = template.request(
                            "direct:consumed", e -> e.getMessage().setHeader(DescriberConstants.MEDIA_ID, "m-1"))
                    .getMessage()
                    .getHeader(DescriberConstants.JOB_ID, String.class);
            results.assertIsSatisfied(10_000);
            awaitDeliveryLine(log, jobId);
            assertThat(lifecycle(log, jobId))
                    .containsExactly(
                            "Started text job " + jobId + " on media m-1",
                            "Job " + jobId + " (text) is processing",
                            "Job " + jobId + " (text) is done",
                            "Delivered job " + jobId + " (text, done)");
        }
    }

    @Test
    void aJobAProducerWaitsForLogsTheSameLines() throws Exception {
        api.pollsUntilDone = 3;
        getMockEndpoint("mock:waited").expectedMessageCount(1);
        try (LogCapture log = new LogCapture()) {
            template.sendBodyAndHeader("direct:waited", "x", DescriberConstants.MEDIA_ID, "m-2");
            getMockEndpoint("mock:waited").assertIsSatisfied(10_000);
            String jobId = getMockEndpoint("mock:waited")
                    .getReceivedExchanges()
                    .get(0)
                    .getMessage()
                    .getHeader(DescriberConstants.JOB_ID, String.class);
            awaitDeliveryLine(log, jobId);
            assertThat(lifecycle(log, jobId))
                    .containsExactly(
                            "Started text job " + jobId + " on media m-2",
                            "Job " + jobId + " (text) is processing",
                            "Job " + jobId + " (text) is done",
                            "Delivered job " + jobId + " (text, done)");
        }
    }

    @Test
    void aFailedJobIsLoggedFailedThenDelivered() throws Exception {
        getMockEndpoint("mock:failed").expectedMessageCount(1);
        try (LogCapture log = new LogCapture()) {
            template.sendBodyAndHeader("direct:consumed", "x", DescriberConstants.MEDIA_ID, "m-fail");
            getMockEndpoint("mock:failed").assertIsSatisfied(10_000);
            String jobId = getMockEndpoint("mock:failed")
                    .getReceivedExchanges()
                    .get(0)
                    .getMessage()
                    .getHeader(DescriberConstants.JOB_ID, String.class);
            awaitDeliveryLine(log, jobId);
            assertThat(lifecycle(log, jobId))
                    .containsExactly(
                            "Started text job " + jobId + " on media m-fail",
                            "Job " + jobId + " (text) is failed",
                            "Delivered job " + jobId + " (text, failed)");
        }
    }

    @Test
    void withoutAMeterRegistryNothingIsMeasuredAndNothingFails() {
        assertThat(context.getComponent("describer", DescriberComponent.class)
                        .getOrCreateEvents()
                        .stats())
                .isSameAs(EngineStats.NOOP);
    }

    /** The INFO lines of the engine's event log about one job, the delivery's timing cut off. */
    private static List<String> lifecycle(LogCapture log, String jobId) {
        return log.lines().stream()
                .filter(l -> l.startsWith("INFO io.describer.camel.job.stats.EngineEvents - "))
                .map(l -> l.substring(l.indexOf(" - ") + 3))
                .filter(l -> l.contains(jobId))
                .map(l -> l.replaceAll("\\) [0-9.]+ s after submission$", ")"))
                .toList();
    }

    /** The delivery is logged when the exchange completes, just after the mock saw it. */
    private static void awaitDeliveryLine(LogCapture log, String jobId) {
        org.awaitility.Awaitility.await()
                .atMost(5, TimeUnit.SECONDS)
                .until(() -> lifecycle(log, jobId).stream().anyMatch(l -> l.startsWith("Delivered")));
    }
}
