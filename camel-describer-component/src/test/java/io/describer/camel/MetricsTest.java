package io.describer.camel;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.describer.camel.client.DescriberJobFailedException;
import io.describer.camel.job.stats.DescriberMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a MeterRegistry in the Camel registry, the engine's work shows as camel.describer.* meters. */
class MetricsTest extends CamelTestSupport {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("meters", meters);
        WireMockSupport.useJobStore(context, tmp);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setMetricsRefreshInterval(100);
        describer.getConfiguration().setApiKey(WireMockSupport.API_KEY);
        describer.getConfiguration().setBaseUrl(api.baseUrl());
        describer.getConfiguration().setJobPollInterval(50);
        describer.getConfiguration().setMaxRetryDelay(100);
        describer.getConfiguration().setSpoolDirectory(tmp.resolve("spool").toString());
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(DescriberJobFailedException.class).handled(true).to("mock:failed");
                // upload first: the duration the service measured makes the credit estimate possible
                from("direct:uploadThenDescribe")
                        .to("describer:upload")
                        .to("describer:text")
                        .to("describer:audio");
                from("direct:video").to("describer:video");
                from("describer:results?delay=50&initialDelay=0").to("mock:results");
            }
        };
    }

    @Test
    void jobsCallsBytesCreditsAndDeliveryTimesAreCounted() throws Exception {
        api.server()
                .stubFor(
                        post(urlPathEqualTo("/enterprise/api/upload_media"))
                                .willReturn(
                                        okJson(
                                                "{\"media_id\":\"m-90s\",\"status\":\"created\",\"duration_seconds\":90.0,\"frame_rate\":25}")));
        api.hold = job -> true;
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(2);
        getMockEndpoint("mock:failed").expectedMessageCount(1);
        byte[] video = new byte[150_000];

        template.sendBodyAndHeader("direct:uploadThenDescribe", video, "CamelFileName", "clip.mp4");
        template.sendBodyAndHeader("direct:video", "ignored", DescriberConstants.MEDIA_ID, "m-fail");

        // three jobs held processing: the in-flight gauge counts them from the store, in the background
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge(DescriberMetrics.JOBS_INFLIGHT) == 3.0);
        // a backlog's progress: the same jobs by the status the service last reported, once polled
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge(DescriberMetrics.JOBS_PROCESSING) == 3.0);
        assertThat(gauge(DescriberMetrics.JOBS_QUEUED)).isZero();
        api.hold = job -> false;
        results.assertIsSatisfied(10_000);
        getMockEndpoint("mock:failed").assertIsSatisfied(10_000);
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge(DescriberMetrics.JOBS_INFLIGHT) == 0.0);
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge(DescriberMetrics.JOBS_PROCESSING) == 0.0);

        assertThat(count(DescriberMetrics.JOBS_SUBMITTED, "text")).isEqualTo(1);
        assertThat(count(DescriberMetrics.JOBS_SUBMITTED, "audio")).isEqualTo(1);
        assertThat(count(DescriberMetrics.JOBS_SUBMITTED, "video")).isEqualTo(1);
        assertThat(count(DescriberMetrics.JOBS_DONE, "text")).isEqualTo(1);
        assertThat(count(DescriberMetrics.JOBS_DONE, "audio")).isEqualTo(1);
        assertThat(count(DescriberMetrics.JOBS_FAILED, "video")).isEqualTo(1);
        assertThat(counter(DescriberMetrics.JOBS_DONE).tag("operation", "video").counters())
                .isEmpty();
        // 90 s of source: text 0.5 credit/min, audio 0.75; the video job's duration is unknown, so not estimated
        assertThat(count(DescriberMetrics.CREDITS_ESTIMATED, "text")).isEqualTo(0.75);
        assertThat(count(DescriberMetrics.CREDITS_ESTIMATED, "audio")).isEqualTo(1.125);
        assertThat(counter(DescriberMetrics.CREDITS_ESTIMATED)
                        .tag("operation", "video")
                        .counters())
                .isEmpty();
        // every get_results call the service saw, and nothing more
        assertThat(count(DescriberMetrics.API_CALLS, "get_results")).isEqualTo(api.resultsCalls.get());
        assertThat(count(DescriberMetrics.API_CALLS, "upload_media")).isEqualTo(1);
        assertThat(count(DescriberMetrics.API_CALLS, "generate_ad_text")).isEqualTo(1);
        // the media's bytes went up once; the audio result's bytes came down
        assertThat(meters.get(DescriberMetrics.UPLOADED).counter().count()).isEqualTo(video.length);
        assertThat(meters.get(DescriberMetrics.DOWNLOADED).counter().count()).isEqualTo(api.downloadSize);

        Timer textDelivery = meters.get(DescriberMetrics.JOBS_DELIVERY)
                .tags("operation", "text", "status", "done")
                .timer();
        Timer failedDelivery = meters.get(DescriberMetrics.JOBS_DELIVERY)
                .tags("operation", "video", "status", "failed")
                .timer();
        assertThat(textDelivery.count()).isEqualTo(1);
        assertThat(failedDelivery.count()).isEqualTo(1);
        assertThat(textDelivery.totalTime(TimeUnit.MILLISECONDS)).isPositive();
        // one series per operation, never per job
        assertThat(meters.getMeters())
                .allSatisfy(m -> assertThat(m.getId().getTags())
                        .noneMatch(t -> t.getValue().startsWith("task_")));
        assertThat(meters.getMeters())
                .allSatisfy(m -> assertThat(m.getId().getTag("camelContext")).isEqualTo(context.getName()));
    }

    @Test
    void retriesAnd429sAreCountedByCode() throws Exception {
        api.server()
                .stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                        .atPriority(1)
                        .inScenario("throttled once")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(
                                aResponse()
                                        .withStatus(429)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":\"rate_limit_exceeded\",\"message\":\"Too many requests\",\"retry_after\":0}"))
                        .willSetStateTo("open"));

        template.sendBodyAndHeaders(
                "describer:text", "ignored", Map.of(DescriberConstants.MEDIA_ID, "m-1", "CamelFileName", "a.mp4"));

        assertThat(api.jobCount()).isEqualTo(1);
        assertThat(count(DescriberMetrics.API_CALLS, "generate_ad_text")).isEqualTo(2);
        assertThat(meters.get(DescriberMetrics.API_THROTTLED)
                        .tags("operation", "generate_ad_text", "code", "rate_limit_exceeded")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get(DescriberMetrics.API_RETRIES)
                        .tags("operation", "generate_ad_text", "code", "rate_limit_exceeded")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(count(DescriberMetrics.JOBS_SUBMITTED, "text")).isEqualTo(1);
    }

    private Search counter(String name) {
        return meters.find(name);
    }

    private double count(String name, String operation) {
        Counter counter = meters.find(name).tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
