package io.describer.camel;

import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer health check with several tenants: each tenant's state is in the details (stopped by a refused key,
 * paused by its plan or rate limit, until when), never a key; only the endpoint's own key being refused turns it DOWN.
 */
class TenantHealthTest {

    static final String KEY_OWN = "vsk_ownownownownHealthOwnKey0123456789abcdefghijklm";
    static final String KEY_A = "vsk_aaaaaaaaaaaHealthTenantA0123456789abcdefghijklm";
    static final String KEY_B = "vsk_bbbbbbbbbbbHealthTenantB0123456789abcdefghijklm";
    static final String KEY_C = "vsk_cccccccccccHealthTenantC0123456789abcdefghijklm";

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    private CamelContext context;
    private HealthCheckRepository producers;

    @BeforeEach
    void start() throws Exception {
        api.resetAll();
        for (String key : new String[] {KEY_OWN, KEY_C}) {
            // the probe: "not found" proves the key is accepted
            api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                    .withHeader("X-API-Key", equalTo(key))
                    .willReturn(aResponse()
                            .withStatus(404)
                            .withBody("{\"error\":\"not_found\",\"message\":\"Job not found\"}")));
        }
        // a's key is revoked; b is out of credits; the endpoint's own key starts jobs
        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(KEY_A))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}")));
        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(KEY_B))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withBody("{\"error\":\"plan_limit_exceeded\",\"message\":\"Credits exhausted\"}")));
        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(KEY_OWN))
                .willReturn(okJson("{\"job_id\":\"task_own\",\"status\":\"queued\",\"media_id\":\"m-1\"}")));
        context = new DefaultCamelContext();
        context.getRegistry().bind("tenantKeys", new MapApiKeyResolver(Map.of("a", KEY_A, "b", KEY_B, "c", KEY_C)));
        WireMockSupport.useJobStore(context, tmp);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setHealthCheckProducerEnabled(true);
        describer.getConfiguration().setBaseUrl(WireMockSupport.baseUrl(api));
        describer.getConfiguration().setMaxRetries(0);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:shared").routeId("shared").to("describer:text?apiKey=" + KEY_OWN);
                // this endpoint's own key is tenant c's
                from("direct:c").routeId("c").to("describer:text?tenant=c");
            }
        });
        context.start();
        producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        producers.setEnabled(true);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private Exchange send(String route, String tenant, String media) {
        return context.createProducerTemplate().request("direct:" + route, e -> {
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, media);
            if (tenant != null) {
                e.getIn().setHeader(DescriberConstants.TENANT, tenant);
            }
        });
    }

    private HealthCheck.Result check(String route) {
        return producers.getCheck("producer:describer-" + route).orElseThrow().call();
    }

    @Test
    void eachTenantsStateIsInTheDetailsAndOnlyTheOwnKeyTurnsItDown() {
        assertThat(check("shared").getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(send("shared", "a", "m-a").getException()).hasMessageContaining("401");
        assertThat(send("shared", "b", "m-b").getException()).hasMessageContaining("plan_limit_exceeded");
        assertThat(send("shared", null, "m-own").getException()).isNull();

        HealthCheck.Result shared = check("shared");
        // other teams' troubles do not take the application out of service
        assertThat(shared.getState()).isEqualTo(HealthCheck.State.UP);
        Map<String, Object> d = shared.getDetails();
        assertThat(d)
                .containsEntry("ownTenant", "default")
                .containsEntry("tenant.a.state", "stopped")
                .containsEntry("tenant.b.state", "paused")
                .containsEntry("tenant.default.state", "running")
                .containsKeys("tenant.a.until", "tenant.b.until")
                .containsEntry("tenantsWithRefusedKey", "a");
        assertThat((String) d.get("tenant.a.reason")).contains("refused its API key (401)", "rotated");
        assertThat((String) d.get("tenant.b.reason")).contains("plan_limit_exceeded", "Credits exhausted");
        assertThat(java.time.Instant.parse((String) d.get("tenant.b.until"))).isAfter(java.time.Instant.now());
        assertThat(d.toString() + shared.getMessage().orElse(""))
                .doesNotContain(KEY_A)
                .doesNotContain(KEY_B)
                .doesNotContain(KEY_OWN)
                .doesNotContain("HealthTenant");

        // the endpoint whose own key is c's: UP until c's key is refused, then DOWN at once (not at the next probe)
        assertThat(check("c").getState()).isEqualTo(HealthCheck.State.UP);
        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(KEY_C))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}")));
        assertThat(send("c", null, "m-c").getException()).hasMessageContaining("401");
        HealthCheck.Result own = check("c");
        assertThat(own.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(own.getDetails()).containsEntry("ownTenant", "c").containsEntry("tenant.c.state", "stopped");
        assertThat(own.getMessage())
                .hasValueSatisfying(
                        m -> assertThat(m).contains("refused the API key").doesNotContain(KEY_C));
        // the shared endpoint is not c's: still UP
        assertThat(check("shared").getState()).isEqualTo(HealthCheck.State.UP);
    }
}
