package io.describer.camel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.describer.camel.JobApiSimulator.GenerateFault;
import io.describer.camel.client.DescriberUncertainSubmissionException;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.Reservation;
import io.describer.camel.job.UncertainSubmission;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Uncertain job starts from a route's point of view: policies, settlement, the console and a restart. */
class UncertainSubmissionTest {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    private final List<CamelContext> contexts = new ArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
    }

    private CamelContext node(String submitOptions) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        TestNode.describer(context, tmp.resolve("jobs").toString(), api.baseUrl())
                .getConfiguration()
                .setMaxRetries(0);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("describer:video" + submitOptions);
                from("direct:settle").to("describer:settle");
                from("describer:results?delay=20&initialDelay=0")
                        .routeId("results")
                        .process(e -> delivered.add(e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class)));
            }
        });
        context.start();
        return context;
    }

    private static Exchange submit(CamelContext context, String media) {
        return context.createProducerTemplate()
                .request("direct:submit", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, media));
    }

    private static Exchange settle(CamelContext context, Map<String, Object> headers) {
        return context.createProducerTemplate()
                .request("direct:settle", e -> e.getIn().setHeaders(new java.util.HashMap<>(headers)));
    }

    private static JobStore store(CamelContext context) {
        return context.getComponent("describer", DescriberComponent.class).getOrCreateJobStore();
    }

    @Test
    void heldSourceIsSettledAsTheJobThatExistsAndDeliveredOnce() throws Exception {
        api.generateFault = (media, attempt) -> attempt == 1 ? GenerateFault.ERROR_500_AFTER : null;
        CamelContext node = node("");
        Exchange first = submit(node, "m-1");
        assertThat(first.getException()).isInstanceOf(DescriberUncertainSubmissionException.class);
        String key = first.getMessage().getHeader(DescriberConstants.DEDUPE_KEY, String.class);
        assertThat(key).startsWith("media:m-1|video|");
        // hold: the redelivery starts nothing
        Exchange again = submit(node, "m-1");
        assertThat(again.getException())
                .isInstanceOf(DescriberUncertainSubmissionException.class)
                .hasMessageContaining("held until settled");
        assertThat(api.jobCount()).isEqualTo(1);

        DevConsole console = PluginHelper.getDevConsoleResolver(node).resolveDevConsole("describer");
        assertThat((String) console.call(DevConsole.MediaType.TEXT))
                .contains("Uncertain submissions (a job may exist; settle with the settle operation): 1")
                .contains(key)
                .contains("media=m-1");

        assertThat(settle(node, Map.of(DescriberConstants.DEDUPE_KEY, key)).getException())
                .hasMessageContaining(DescriberConstants.SETTLEMENT);
        assertThat(settle(node, Map.of(DescriberConstants.DEDUPE_KEY, key, DescriberConstants.JOB_ID, "task_nope"))
                        .getException())
                .hasMessageContaining("task_nope")
                .hasMessageContaining("unknown to the service");
        String jobId = api.jobsFor("m-1").get(0).id();
        Exchange settled = settle(node, Map.of(DescriberConstants.DEDUPE_KEY, key, DescriberConstants.JOB_ID, jobId));
        assertThat(settled.getException()).isNull();

        await().atMost(10, TimeUnit.SECONDS).until(() -> delivered.contains(jobId));
        Exchange redelivered = submit(node, "m-1");
        assertThat(redelivered.getException()).isNull();
        assertThat(redelivered.getMessage().getHeader(DescriberConstants.DUPLICATE))
                .isEqualTo(true);
        assertThat(redelivered.getMessage().getHeader(DescriberConstants.JOB_ID))
                .isEqualTo(jobId);
        assertThat(api.jobCount()).isEqualTo(1);
        assertThat(delivered).containsExactly(jobId);
    }

    @Test
    void resubmitPolicyStartsTheSourceAgainAtOnce() throws Exception {
        api.generateFault = (media, attempt) -> attempt == 1 ? GenerateFault.RESET_BEFORE : null;
        CamelContext node = node("?uncertainPolicy=resubmit");
        assertThat(submit(node, "m-2").getException()).isInstanceOf(DescriberUncertainSubmissionException.class);
        Exchange again = submit(node, "m-2");
        assertThat(again.getException()).isNull();
        assertThat(store(node).countUncertain()).isZero();
        assertThat(api.jobCount()).isEqualTo(1);
    }

    @Test
    void resubmitAfterPolicyWaitsForItsDelay() throws Exception {
        api.generateFault = (media, attempt) -> attempt == 1 ? GenerateFault.TIMEOUT_AFTER : null;
        api.timeoutMillis = 1_500;
        CamelContext node = node("?uncertainPolicy=resubmit-after&uncertainResubmitDelay=1s&readTimeout=500");
        assertThat(submit(node, "m-3").getException()).isInstanceOf(DescriberUncertainSubmissionException.class);
        assertThat(submit(node, "m-3").getException())
                .isInstanceOf(DescriberUncertainSubmissionException.class)
                .hasMessageContaining("submitted again after PT1S");
        Thread.sleep(1_100);
        assertThat(submit(node, "m-3").getException()).isNull();
        // the policy's price: the first job existed too
        assertThat(api.jobsFor("m-3")).hasSize(2);
    }

    @Test
    void aBadPolicyFailsTheRouteStartNamingTheValidValues() {
        assertThatThrownBy(() -> node("?uncertainPolicy=retry"))
                .isInstanceOf(FailedToCreateRouteException.class)
                .rootCause()
                .hasMessageContaining("'retry'")
                .hasMessageContaining("uncertainPolicy")
                .hasMessageContaining("hold, resubmit-after, resubmit");
    }

    @Test
    void aRestartTurnsTheNodesCutOffJobStartIntoAnUncertainSubmission() throws Exception {
        CamelContext first = node("");
        String nodeId =
                first.getComponent("describer", DescriberComponent.class).getOrCreateNodeId();
        // what a crash between the job start and its record leaves: a noted reservation of this node
        JobStore store = store(first);
        String key = "media:m-4|video|cut-off";
        assertThat(store.reserve(key, nodeId, java.time.Duration.ofHours(1)).isReserved())
                .isTrue();
        store.noteSubmission(
                new UncertainSubmission(key, JobType.VIDEO, "{}", Map.of(), "m-4", null, null, nodeId), nodeId);
        first.stop();

        CamelContext second = node("");
        assertThat(second.getComponent("describer", DescriberComponent.class).getOrCreateNodeId())
                .isEqualTo(nodeId);
        Reservation r = store(second).reserve(key, "someone-else", java.time.Duration.ofHours(1));
        assertThat(r.outcome()).isEqualTo(Reservation.Outcome.UNCERTAIN);
        assertThat(r.uncertain().mediaId()).isEqualTo("m-4");
        assertThat(r.uncertain().error()).contains("restarted");
    }
}
