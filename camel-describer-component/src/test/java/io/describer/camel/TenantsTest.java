package io.describer.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.describer.camel.client.DescriberRateLimitException;
import io.describer.camel.client.LogCapture;
import io.describer.camel.job.StoredJob;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two tenants (teams) on one route, each with its own key: the service stand-in answers a key only for its own team's
 * jobs and 401 to anything else, so a job polled with the wrong key is never delivered.
 */
class TenantsTest {

    static final String KEY_A = "vsk_aaaaaaaaaaaaTenantAKey0123456789abcdefghijklmnopq";
    static final String KEY_A2 = "vsk_a2a2a2a2a2a2TenantARotated0123456789abcdefghijkl";
    static final String KEY_B = "vsk_bbbbbbbbbbbbTenantBKey0123456789abcdefghijklmnopq";

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    private CamelContext context;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final List<Exchange> delivered = new CopyOnWriteArrayList<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        api.resetAll();
        // lowest priority: any key for anything else is refused
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}")));
        team("a", KEY_A);
        team("a", KEY_A2);
        team("b", KEY_B);
        keys.put("a", KEY_A);
        keys.put("b", KEY_B);
        context = new DefaultCamelContext();
        context.getRegistry().bind("tenantKeys", new MapApiKeyResolver(keys));
        context.getRegistry().bind("meters", meters);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreLocation(tmp.resolve("jobs").toString());
        DescriberConfiguration c = describer.getConfiguration();
        c.setBaseUrl(WireMockSupport.baseUrl(api));
        c.setJobPollInterval(50);
        c.setJobMaxPollInterval(50);
        c.setMaxRetries(0);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:text").to("describer:text");
                from("direct:wait").to("describer:text?waitForCompletion=true&dedupe=false");
                from("describer:results?delay=50&initialDelay=0").process(delivered::add);
            }
        });
        context.start();
    }

    /** Jobs of {@code team} answer only to {@code key}: started as task_<team>_..., done at the first poll. */
    private static void team(String team, String key) {
        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(key))
                .atPriority(5)
                .willReturn(okJson("{\"job_id\":\"task_" + team
                                + "_{{randomValue length=10 type='ALPHANUMERIC'}}\",\"status\":\"queued\","
                                + "\"media_id\":\"m-1\"}")
                        .withTransformers("response-template")));
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo(key))
                .withQueryParam("job_id", matching("task_" + team + "_.*"))
                .atPriority(5)
                .willReturn(okJson("{\"job_id\":\"{{request.query.job_id}}\",\"status\":\"done\",\"media_id\":\"m-1\","
                                + "\"output\":{\"format\":\"vtt\",\"content\":\"WEBVTT team " + team + "\"}}")
                        .withTransformers("response-template")));
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private Exchange send(String tenant, String media) {
        return context.createProducerTemplate().request("direct:text", e -> {
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, media);
            if (tenant != null) {
                e.getIn().setHeader(DescriberConstants.TENANT, tenant);
            }
        });
    }

    @Test
    void eachJobIsPolledWithItsOwnTenantsKeyAndTheKeyShowsNowhere() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                assertThat(send("a", "m-a" + i).getException()).isNull();
                assertThat(send("b", "m-b" + i).getException()).isNull();
            }
            await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 6);
            for (Exchange e : delivered) {
                String tenant = e.getMessage().getHeader(DescriberConstants.TENANT, String.class);
                assertThat(e.getException()).isNull();
                assertThat(e.getMessage().getBody(String.class)).isEqualTo("WEBVTT team " + tenant);
                seen.append(e.getMessage().getHeaders()).append('\n');
            }
            assertThat(delivered)
                    .extracting(e -> e.getMessage().getHeader(DescriberConstants.TENANT))
                    .containsOnly("a", "b");
            for (LoggedRequest r : api.findAll(getRequestedFor(urlPathEqualTo("/enterprise/api/get_results")))) {
                String job = r.queryParameter("job_id").firstValue();
                assertThat(r.getHeader("X-API-Key")).isEqualTo(job.startsWith("task_a_") ? KEY_A : KEY_B);
            }
            // the store knows each job's tenant, never its key
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            List<StoredJob> rows = new java.util.ArrayList<>();
            for (String job : delivered.stream()
                    .map(e -> e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class))
                    .toList()) {
                StoredJob row = describer.getJobStore().find(job).orElseThrow();
                assertThat(row.tenant()).isEqualTo(job.substring(5, 6));
                rows.add(row);
            }
            seen.append(rows).append('\n');
            for (Meter m : meters.getMeters()) {
                seen.append(m.getId()).append('\n');
            }
            assertThat(meters.get("camel.describer.api.calls")
                            .tag("tenant", "a")
                            .counters())
                    .isNotEmpty();
            seen.append(logs.text());
        }
        // nor in any file of the job store (jobs, reservations, ledger, write-ahead log), byte for byte
        try (var files = java.nio.file.Files.walk(tmp)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String bytes =
                        new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain("TenantAKey").doesNotContain("TenantBKey");
                seen.append(f.getFileName());
            }
        }
        assertThat(seen.toString())
                .contains("task_a_")
                .doesNotContain(KEY_A)
                .doesNotContain(KEY_B)
                .doesNotContain("TenantAKey")
                .doesNotContain("TenantBKey");
    }

    @Test
    void aRotatedKeyIsUsedFromTheNextCall() {
        assertThat(send("a", "m-1").getException()).isNull();
        keys.put("a", KEY_A2);
        assertThat(send("a", "m-2").getException()).isNull();
        await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 2);
        List<LoggedRequest> starts = api.findAll(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text")));
        assertThat(starts).extracting(r -> r.getHeader("X-API-Key")).containsExactly(KEY_A, KEY_A2);
        assertThat(delivered).allSatisfy(e -> assertThat(e.getException()).isNull());
    }

    @Test
    void aKeyRotatedWhileAJobIsInFlightPollsItWithTheNewKey() {
        // the job stays processing while the old key is in use
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo(KEY_A))
                .atPriority(1)
                .willReturn(okJson("{\"job_id\":\"{{request.query.job_id}}\",\"status\":\"processing\","
                                + "\"media_id\":\"m-1\"}")
                        .withTransformers("response-template")));
        Exchange started = send("a", "m-1");
        assertThat(started.getException()).isNull();
        String job = started.getMessage().getHeader(DescriberConstants.JOB_ID, String.class);
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> !api.findAll(getRequestedFor(urlPathEqualTo("/enterprise/api/get_results"))
                                .withHeader("X-API-Key", equalTo(KEY_A)))
                        .isEmpty());
        // rotated in the vault, then the old key revoked: the job in flight is polled and delivered with the new one
        keys.put("a", KEY_A2);
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo(KEY_A))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}")));
        await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 1);
        Exchange result = delivered.get(0);
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(DescriberConstants.JOB_ID)).isEqualTo(job);
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("WEBVTT team a");
        List<LoggedRequest> polls = api.findAll(getRequestedFor(urlPathEqualTo("/enterprise/api/get_results")));
        assertThat(polls.get(polls.size() - 1).getHeader("X-API-Key")).isEqualTo(KEY_A2);
    }

    @Test
    void waitForCompletionPollsEachJobWithItsOwnTenantsKey() {
        Exchange a = context.createProducerTemplate().request("direct:wait", e -> {
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-a");
            e.getIn().setHeader(DescriberConstants.TENANT, "a");
        });
        Exchange b = context.createProducerTemplate().request("direct:wait", e -> {
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-b");
            e.getIn().setHeader(DescriberConstants.TENANT, "b");
        });
        // the stand-in answers a job only to its own team's key: a wrong key would be a 401, not these results
        assertThat(a.getException()).isNull();
        assertThat(b.getException()).isNull();
        assertThat(a.getMessage().getBody(String.class)).isEqualTo("WEBVTT team a");
        assertThat(b.getMessage().getBody(String.class)).isEqualTo("WEBVTT team b");
        for (LoggedRequest r : api.findAll(getRequestedFor(urlPathEqualTo("/enterprise/api/get_results")))) {
            String polled = r.queryParameter("job_id").firstValue();
            assertThat(r.getHeader("X-API-Key")).isEqualTo(polled.startsWith("task_a_") ? KEY_A : KEY_B);
        }
        assertThat(a.getMessage().getHeaders().toString() + b.getMessage().getHeaders())
                .doesNotContain("TenantAKey")
                .doesNotContain("TenantBKey");
    }

    @Test
    void anUnknownTenantIsRefusedBeforeAnyCall() {
        Exchange out = send("zed", "m-1");
        assertThat(out.getException())
                .isInstanceOf(DescriberTenantException.class)
                .hasMessageContaining("'zed'")
                .hasMessageContaining(DescriberConstants.TENANT);
        Exchange bad = send("no spaces allowed", "m-1");
        assertThat(bad.getException())
                .isInstanceOf(DescriberTenantException.class)
                .hasMessageContaining("no spaces allowed")
                .hasMessageContaining("valid values");
        assertThat(api.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aQueueLimitOrPlanLimitOfOneTenantDoesNotStopTheOther() {
        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(KEY_A))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"queue_limit_exceeded\",\"message\":\"You have 100 jobs queued.\"}")));
        assertThat(send("a", "m-a1").getException()).isInstanceOf(DescriberBackPressureException.class);
        assertThat(send("b", "m-b1").getException()).isNull();
        // A stays held back (the message fails fast, its route keeps running); B's starts go on
        assertThat(send("a", "m-a2").getException())
                .isInstanceOf(DescriberBackPressureException.class)
                .hasMessageContaining("tenant 'a'");
        assertThat(send("b", "m-b2").getException()).isNull();
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        // A's admission learnt its team's queue limit from both refusals (its pause ends at the next housekeeping tick
        // here, as no job of A is in flight); B's and the endpoints' own learnt nothing
        assertThat(describer.getOrCreateAdmission("a").snapshot().refusedByService())
                .isEqualTo(2);
        assertThat(describer.getOrCreateAdmission("a").snapshot().learntLimit()).isEqualTo(100);
        assertThat(describer.getOrCreateAdmission("b").snapshot().refusedByService())
                .isZero();
        assertThat(describer.getOrCreateAdmission("b").snapshot().learntLimit()).isNull();
        assertThat(describer.getOrCreateAdmission().snapshot().refusedByService())
                .isZero();
        String console = (String) org.apache.camel.support.PluginHelper.getDevConsoleResolver(context)
                .resolveDevConsole("describer")
                .call(org.apache.camel.console.DevConsole.MediaType.TEXT);
        assertThat(console).contains("Tenant a:").contains("Tenant b:");
        assertThat(console).doesNotContain(KEY_A).doesNotContain(KEY_B);
        // A's held-back sources show on the waiting-sources gauge (read live, no store query)
        assertThat(meters.get(io.describer.camel.job.stats.DescriberMetrics.SOURCES_WAITING)
                        .tag("tenant", "a")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(1.0);
        assertThat(meters.get(io.describer.camel.job.stats.DescriberMetrics.SOURCES_WAITING)
                        .tag("tenant", "b")
                        .gauge()
                        .value())
                .isZero();

        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(KEY_B))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"plan_limit_exceeded\",\"message\":\"Credits exhausted\"}")));
        assertThat(send("b", "m-b3").getException())
                .isInstanceOfSatisfying(
                        DescriberRateLimitException.class,
                        e -> assertThat(e.isPlanLimit()).isTrue());
        await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 2);
    }

    @Test
    void atItsQueueLimitATenantsStartsFailFastWithoutACallUntilItsJobsDrainWhileTheOthersGoOn() {
        // A's jobs stay processing; its team's queue takes two
        api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .withHeader("X-API-Key", equalTo(KEY_A))
                .atPriority(1)
                .willReturn(okJson("{\"job_id\":\"{{request.query.job_id}}\",\"status\":\"processing\","
                                + "\"media_id\":\"m-1\"}")
                        .withTransformers("response-template")));
        String full = "{\"error\":\"queue_limit_exceeded\",\"message\":\"You have 2 jobs queued.\"}";
        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(KEY_A))
                .atPriority(1)
                .inScenario("a's queue")
                .whenScenarioStateIs("full")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody(full)));
        assertThat(send("a", "m-a1").getException()).isNull();
        assertThat(send("a", "m-a2").getException()).isNull();
        api.setScenarioState("a's queue", "full");
        assertThat(send("a", "m-a3").getException())
                .isInstanceOf(DescriberBackPressureException.class)
                .hasMessageContaining("queue_limit_exceeded");
        int starts = api.findAll(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                        .withHeader("X-API-Key", equalTo(KEY_A)))
                .size();

        // two of A's jobs in flight at its learnt limit of two: held back at once, no call, naming the tenant
        assertThat(send("a", "m-a4").getException())
                .isInstanceOf(DescriberBackPressureException.class)
                .hasMessageContaining("tenant 'a'")
                .hasMessageContaining("2 jobs queued, processing or starting");
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                        .withHeader("X-API-Key", equalTo(KEY_A))))
                .hasSize(starts);
        assertThat(send("b", "m-b1").getException()).isNull();
        assertThat(send("b", "m-b2").getException()).isNull();
        assertThat(send("b", "m-b3").getException()).isNull();

        // A's jobs end and are delivered: its next start goes to the service again
        api.getStubMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == 1)
                .toList()
                .forEach(api::removeStub);
        await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 5);
        await().atMost(10, TimeUnit.SECONDS).until(() -> send("a", "m-a5").getException() == null);
    }

    @Test
    void aPlanLimitPausesOnlyItsTenantsStartsUntilTheRecheckOrAnOperatorClearsIt() {
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        // a long pause: only an operator's clear or the shortened recheck below ends it within the test
        describer.setPlanLimitRecheckInterval(60_000);
        api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withHeader("X-API-Key", equalTo(KEY_A))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"plan_limit_exceeded\",\"message\":\"Credits exhausted\"}")));
        assertThat(send("a", "m-a1").getException())
                .isInstanceOfSatisfying(
                        DescriberRateLimitException.class,
                        e -> assertThat(e.isPlanLimit()).isTrue());
        // B's jobs are polled in the background: count A's calls only
        int calls = callsWith(KEY_A);

        // A's next starts fail fast, typed, naming the tenant, without a call; B's go on
        Exchange paused = send("a", "m-a2");
        assertThat(paused.getException())
                .isInstanceOfSatisfying(DescriberTenantException.class, e -> {
                    assertThat(e.getTenant()).isEqualTo("a");
                    assertThat(e.getCode()).isEqualTo(DescriberTenantException.PLAN_LIMIT);
                    assertThat(e.getStatus()).isEqualTo(429);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getRetryAfter()).isPositive();
                })
                .hasMessageContaining("Tenant 'a'")
                .hasMessageContaining("plan_limit_exceeded")
                .hasMessageContaining("planLimitRecheckInterval")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_A));
        assertThat(send("a", "m-a3").getException()).isInstanceOf(DescriberTenantException.class);
        assertThat(callsWith(KEY_A)).isEqualTo(calls);
        assertThat(send("b", "m-b1").getException()).isNull();
        assertThat(describer.getTenants().get("a").planLimitedUntil()).isNotNull();
        assertThat(describer.getTenants().get("b").planLimitedUntil()).isNull();
        assertThat((String) org.apache.camel.support.PluginHelper.getDevConsoleResolver(context)
                        .resolveDevConsole("describer")
                        .call(org.apache.camel.console.DevConsole.MediaType.TEXT))
                .containsPattern("Tenant a: .*out of credits \\(plan_limit_exceeded\\): starts paused until");

        // an operator clears it (after a top-up): the next start goes to the service, which still refuses
        assertThat(describer.getTenants().clearPlanLimit("a")).isTrue();
        assertThat(send("a", "m-a4").getException()).isInstanceOf(DescriberRateLimitException.class);
        assertThat(callsWith(KEY_A)).isEqualTo(calls + 1);
        assertThat(send("a", "m-a5").getException()).isInstanceOf(DescriberTenantException.class);

        // once the recheck interval has passed, one start asks again; credits topped up, it goes through and A resumes
        describer.setPlanLimitRecheckInterval(300);
        describer.getTenants().clearPlanLimit("a");
        assertThat(send("a", "m-a6").getException()).isInstanceOf(DescriberRateLimitException.class);
        assertThat(send("a", "m-a7").getException()).isInstanceOf(DescriberTenantException.class);
        api.removeStub(api.getStubMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == 1)
                .findFirst()
                .orElseThrow());
        await().pollDelay(300, TimeUnit.MILLISECONDS)
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> send("a", "m-a8").getException() == null);
        assertThat(describer.getTenants().get("a").planLimitedUntil()).isNull();
        await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 2);
    }

    private static int callsWith(String key) {
        return api.findAll(anyRequestedFor(anyUrl()).withHeader("X-API-Key", equalTo(key)))
                .size();
    }

    @Test
    void aRefusedKeyStopsOnlyItsTenantUntilRotated() {
        keys.put("a", "vsk_revokedrevokedrevoked0123456789abcdefghijklmnopqr");
        assertThat(send("a", "m-a1").getException()).hasMessageContaining("401");
        int calls = api.findAll(anyRequestedFor(anyUrl())).size();
        assertThat(send("a", "m-a2").getException())
                .isInstanceOf(DescriberTenantException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("rotated");
        assertThat(api.findAll(anyRequestedFor(anyUrl()))).hasSize(calls);
        assertThat(send("b", "m-b1").getException()).isNull();
        assertThat(context.getComponent("describer", DescriberComponent.class)
                        .getTenants()
                        .get("a")
                        .refusedAt())
                .isNotNull();
        keys.put("a", KEY_A2);
        assertThat(send("a", "m-a3").getException()).isNull();
        await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 2);
    }
}
