package io.describer.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.describer.camel.job.stats.DescriberMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two tenants on one route: every meter about a job or a submission (submitted, done, credits, bytes, delivery, jobs in
 * flight, API calls) is counted under the tenant it belongs to, and no meter carries a key.
 */
class TenantMetricsTest extends CamelTestSupport {

    static final String KEY_A = "vsk_metricsTenantAKey0123456789abcdefghijklmnopqrstu";
    static final String KEY_B = "vsk_metricsTenantBKey0123456789abcdefghijklmnopqrstu";

    /** The meters that concern a job or a submission: each carries the tenant tag. */
    static final Set<String> PER_TENANT = Set.of(
            DescriberMetrics.JOBS_SUBMITTED,
            DescriberMetrics.JOBS_DONE,
            DescriberMetrics.JOBS_FAILED,
            DescriberMetrics.JOBS_UNCERTAIN,
            DescriberMetrics.JOBS_INFLIGHT,
            DescriberMetrics.JOBS_QUEUED,
            DescriberMetrics.JOBS_PROCESSING,
            DescriberMetrics.SOURCES_WAITING,
            DescriberMetrics.JOBS_DELIVERY,
            DescriberMetrics.CREDITS_ESTIMATED,
            DescriberMetrics.UPLOADED,
            DescriberMetrics.DOWNLOADED,
            DescriberMetrics.API_CALLS,
            DescriberMetrics.API_RETRIES,
            DescriberMetrics.API_THROTTLED);

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("meters", meters);
        context.getRegistry().bind("tenantKeys", new MapApiKeyResolver(Map.of("a", KEY_A, "b", KEY_B)));
        WireMockSupport.useJobStore(context, tmp);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setMetricsRefreshInterval(100);
        describer.getConfiguration().setBaseUrl(api.baseUrl());
        describer.getConfiguration().setJobPollInterval(50);
        describer.getConfiguration().setSpoolDirectory(tmp.resolve("spool").toString());
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // upload first: the duration the service measured gives the credit estimate
                from("direct:describe").to("describer:upload").to("describer:audio?dedupe=false");
                from("describer:results?delay=50&initialDelay=0").to("mock:results");
            }
        };
    }

    @Test
    void eachTenantsJobsAreCountedUnderItsOwnTagAndNoMeterCarriesAKey() throws Exception {
        api.server()
                .stubFor(
                        post(urlPathEqualTo("/enterprise/api/upload_media"))
                                .willReturn(
                                        okJson(
                                                "{\"media_id\":\"m-90s\",\"status\":\"created\",\"duration_seconds\":90.0,\"frame_rate\":25}")));
        api.hold = job -> true;
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(3);

        send("a", new byte[120_000], "a.mp4");
        send("b", new byte[40_000], "b1.mp4");
        send("b", new byte[40_000], "b2.mp4");

        // jobs held processing: the in-flight gauge of each tenant counts its own, from the store
        await().atMost(10, TimeUnit.SECONDS).until(() -> inFlight("a") == 1.0 && inFlight("b") == 2.0);
        assertThat(inFlight("default")).isZero();
        // and the queued and processing gauges split them by the status the service last reported
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> gauge(DescriberMetrics.JOBS_PROCESSING, "a") == 1.0
                        && gauge(DescriberMetrics.JOBS_PROCESSING, "b") == 2.0);
        assertThat(gauge(DescriberMetrics.JOBS_QUEUED, "a")).isZero();
        assertThat(gauge(DescriberMetrics.JOBS_QUEUED, "b")).isZero();
        api.hold = job -> false;
        results.assertIsSatisfied(10_000);
        await().atMost(10, TimeUnit.SECONDS).until(() -> inFlight("a") == 0.0 && inFlight("b") == 0.0);

        assertThat(count(DescriberMetrics.JOBS_SUBMITTED, "a")).isEqualTo(1);
        assertThat(count(DescriberMetrics.JOBS_SUBMITTED, "b")).isEqualTo(2);
        assertThat(count(DescriberMetrics.JOBS_SUBMITTED, "default")).isZero();
        assertThat(count(DescriberMetrics.JOBS_DONE, "a")).isEqualTo(1);
        assertThat(count(DescriberMetrics.JOBS_DONE, "b")).isEqualTo(2);
        // 90 s of source at 0.75 credit/min for audio
        assertThat(count(DescriberMetrics.CREDITS_ESTIMATED, "a")).isEqualTo(1.125);
        assertThat(count(DescriberMetrics.CREDITS_ESTIMATED, "b")).isEqualTo(2.25);
        assertThat(count(DescriberMetrics.UPLOADED, "a")).isEqualTo(120_000);
        assertThat(count(DescriberMetrics.UPLOADED, "b")).isEqualTo(80_000);
        assertThat(count(DescriberMetrics.DOWNLOADED, "a")).isEqualTo(api.downloadSize);
        assertThat(count(DescriberMetrics.DOWNLOADED, "b")).isEqualTo(2.0 * api.downloadSize);
        assertThat(delivery("a").count()).isEqualTo(1);
        assertThat(delivery("b").count()).isEqualTo(2);
        assertThat(count(DescriberMetrics.API_CALLS, "a", "upload_media")).isEqualTo(1);
        assertThat(count(DescriberMetrics.API_CALLS, "b", "upload_media")).isEqualTo(2);

        List<Meter> all = meters.getMeters();
        assertThat(all)
                .filteredOn(m -> PER_TENANT.contains(m.getId().getName()))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getId().getTag(DescriberMetrics.TENANT_TAG))
                        .as("tenant tag of %s", m.getId())
                        .isNotNull());
        assertThat(all)
                .allSatisfy(m -> assertThat(m.getId().toString())
                        .doesNotContain(KEY_A)
                        .doesNotContain(KEY_B)
                        .doesNotContain("TenantAKey")
                        .doesNotContain("TenantBKey"));
    }

    private void send(String tenant, byte[] video, String name) {
        template.sendBodyAndHeaders(
                "direct:describe", video, Map.of(DescriberConstants.TENANT, tenant, "CamelFileName", name));
    }

    private double inFlight(String tenant) {
        return gauge(DescriberMetrics.JOBS_INFLIGHT, tenant);
    }

    private double gauge(String name, String tenant) {
        Gauge gauge = meters.find(name).tag(DescriberMetrics.TENANT_TAG, tenant).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private double count(String name, String tenant) {
        return meters.find(name).tag(DescriberMetrics.TENANT_TAG, tenant).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private double count(String name, String tenant, String operation) {
        Counter c = meters.find(name)
                .tags(DescriberMetrics.TENANT_TAG, tenant, DescriberMetrics.OPERATION_TAG, operation)
                .counter();
        return c == null ? 0 : c.count();
    }

    private Timer delivery(String tenant) {
        return meters.get(DescriberMetrics.JOBS_DELIVERY)
                .tags(DescriberMetrics.TENANT_TAG, tenant, DescriberMetrics.OPERATION_TAG, "audio")
                .timer();
    }
}
