package io.describer.camel;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.function.Consumer;

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
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer readiness check: UP when the service accepts the key, DOWN with the reason otherwise; one probe call,
 * never retried, at most once per healthCheckInterval.
 */
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
                .withHeader("X-API-Key", matching("vsk_cached|vsk_short"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withBody("{\"error\":\"not_found\",\"message\":\"Job not found\"}")));
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo("vsk_bad"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}")));
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo("vsk_unavailable"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody("{\"error\":\"service_unavailable\",\"message\":\"Maintenance\"}")));
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo("vsk_slow"))
                .willReturn(aResponse().withStatus(404).withFixedDelay(5_000)));
    }

    @Test
    void producerIsUpWithAnAcceptedKeyAndDownWithARefusedOne() throws Exception {
        String base = "&baseUrl=" + WireMockSupport.baseUrl(api);
        withChecks(
                producers -> {
                    HealthCheck.Result good =
                            find(producers, "producer:describer-good").call();
                    HealthCheck.Result bad =
                            find(producers, "producer:describer-bad").call();
                    assertThat(good.getState()).isEqualTo(HealthCheck.State.UP);
                    assertThat(bad.getState()).isEqualTo(HealthCheck.State.DOWN);
                    assertThat(bad.getMessage())
                            .hasValueSatisfying(m -> assertThat(m)
                                    .contains("refused the API key", "401", "unauthorized")
                                    .doesNotContain("vsk_bad"));
                    assertThat(bad.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 401);
                },
                new Route("good", "apiKey=vsk_good" + base),
                new Route("bad", "apiKey=vsk_bad" + base));
    }

    @Test
    void aServerErrorIsDownWithItsStatusAfterOneCallNotAfterTheRetries() throws Exception {
        withChecks(
                producers -> {
                    HealthCheck.Result result =
                            find(producers, "producer:describer-unavailable").call();
                    assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
                    assertThat(result.getMessage())
                            .hasValueSatisfying(m -> assertThat(m).contains("503", "service_unavailable"));
                    assertThat(result.getDetails()).containsEntry(HealthCheck.HTTP_RESPONSE_CODE, 503);
                },
                new Route(
                        "unavailable", "apiKey=vsk_unavailable&maxRetries=5&baseUrl=" + WireMockSupport.baseUrl(api)));
        // the endpoint's own client would have tried six times
        assertThat(api.countRequestsMatching(getRequestedFor(urlPathEqualTo("/enterprise/api/get_results"))
                                .withHeader("X-API-Key", equalTo("vsk_unavailable"))
                                .build())
                        .getCount())
                .isEqualTo(1);
    }

    @Test
    void anUnreachableHostIsDownNamingTheHost() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        withChecks(
                producers -> {
                    HealthCheck.Result refused =
                            find(producers, "producer:describer-refused").call();
                    assertThat(refused.getState()).isEqualTo(HealthCheck.State.DOWN);
                    assertThat(refused.getMessage())
                            .hasValueSatisfying(m -> assertThat(m)
                                    .contains("Cannot connect to 127.0.0.1:" + closedPort)
                                    .doesNotContain("null"));
                    HealthCheck.Result unknown =
                            find(producers, "producer:describer-unknown").call();
                    assertThat(unknown.getState()).isEqualTo(HealthCheck.State.DOWN);
                    assertThat(unknown.getMessage())
                            .hasValueSatisfying(m -> assertThat(m).contains("Unknown host describer-health.invalid"));
                },
                new Route("refused", "apiKey=vsk_good&baseUrl=http://127.0.0.1:" + closedPort),
                new Route("unknown", "apiKey=vsk_good&baseUrl=http://describer-health.invalid"));
    }

    @Test
    void aServiceThatDoesNotAnswerIsDownWithoutWaitingForIt() throws Exception {
        withChecks(
                producers -> {
                    HealthCheck.Result result =
                            find(producers, "producer:describer-slow").call();
                    assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
                    // the stub answers after 5 s; the check gave up at its own bound
                    assertThat(result.getMessage())
                            .hasValueSatisfying(m ->
                                    assertThat(m).startsWith("No answer from 127.0.0.1:" + api.getPort() + " within"));
                },
                new Route("slow", "apiKey=vsk_slow&baseUrl=" + WireMockSupport.baseUrl(api)));
    }

    @Test
    void theAnswerIsKeptForTheIntervalThenAskedAgain() throws Exception {
        withChecks(
                producers -> {
                    HealthCheck check = find(producers, "producer:describer-cached");
                    for (int i = 0; i < 5; i++) {
                        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
                    }
                    assertThat(probes("vsk_cached")).isEqualTo(1);
                    HealthCheck shortInterval = find(producers, "producer:describer-short");
                    shortInterval.call();
                    sleep(300);
                    shortInterval.call();
                    assertThat(probes("vsk_short")).isEqualTo(2);
                },
                new Route("cached", "apiKey=vsk_cached&baseUrl=" + WireMockSupport.baseUrl(api)),
                new Route(
                        "short", "apiKey=vsk_short&healthCheckInterval=100ms&baseUrl=" + WireMockSupport.baseUrl(api)));
    }

    private record Route(String id, String query) {}

    private void withChecks(Consumer<HealthCheckRepository> checks, Route... routes) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            WireMockSupport.useJobStore(context, tmp);
            context.getComponent("describer", DescriberComponent.class).setHealthCheckProducerEnabled(true);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (Route r : routes) {
                        from("direct:" + r.id()).routeId(r.id()).to("describer:text?" + r.query());
                    }
                }
            });
            context.start();
            HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
            producers.setEnabled(true);
            checks.accept(producers);
        }
    }

    private static int probes(String key) {
        return api.countRequestsMatching(getRequestedFor(urlPathEqualTo("/enterprise/api/get_results"))
                        .withHeader("X-API-Key", equalTo(key))
                        .build())
                .getCount();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HealthCheck find(HealthCheckRepository repository, String id) {
        return repository
                .getCheck(id)
                .orElseThrow(() -> new AssertionError(id + " not among "
                        + repository.stream().map(HealthCheck::getId).toList()));
    }
}
