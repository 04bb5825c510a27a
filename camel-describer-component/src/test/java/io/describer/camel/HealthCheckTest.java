package io.describer.camel;

import java.nio.file.Path;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** With producer health checks on, a describer producer is DOWN when the service refuses its key. */
class HealthCheckTest {

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    @BeforeAll
    static void stubs() {
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo("vsk_good"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withBody("{\"error\":\"not_found\",\"message\":\"Job not found\"}")));
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo("vsk_bad"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}")));
    }

    @Test
    void producerIsUpWithAnAcceptedKeyAndDownWithARefusedOne() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            WireMockSupport.useJobStore(context, tmp);
            context.getComponent("describer", DescriberComponent.class).setHealthCheckProducerEnabled(true);
            String base = "&baseUrl=" + WireMockSupport.baseUrl(api) + "&maxRetries=0";
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:good").routeId("good").to("describer:text?apiKey=vsk_good" + base);
                    from("direct:bad").routeId("bad").to("describer:text?apiKey=vsk_bad" + base);
                }
            });
            context.start();
            HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
            producers.setEnabled(true);
            HealthCheck.Result good = find(producers, "producer:describer-good").call();
            HealthCheck.Result bad = find(producers, "producer:describer-bad").call();
            assertThat(good.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(bad.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(bad.getMessage())
                    .hasValueSatisfying(m -> assertThat(m).contains("401").doesNotContain("vsk_bad"));
        }
    }

    private static HealthCheck find(HealthCheckRepository repository, String id) {
        return repository
                .getCheck(id)
                .orElseThrow(() -> new AssertionError(id + " not among "
                        + repository.stream().map(HealthCheck::getId).toList()));
    }
}
