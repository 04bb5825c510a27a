package io.describer.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The component's call ceiling and the service's 429 rate_limit_exceeded apply to all checkers together: after one call
 * got the 429, no call of any checker reaches the service until its retry_after is over.
 */
class RateLimitPauseTest {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    private CamelContext context;

    @AfterEach
    void stop() {
        context.stop();
    }

    private void start(int maxCallsPerSecond, int jobs) throws Exception {
        api.hold = job -> true;
        context = new DefaultCamelContext();
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreLocation(tmp.resolve("jobs").toString());
        describer.setMaxCallsPerSecond(maxCallsPerSecond);
        DescriberConfiguration c = describer.getConfiguration();
        c.setApiKey(WireMockSupport.API_KEY);
        c.setBaseUrl(api.baseUrl());
        c.setJobPollInterval(100);
        c.setJobMaxPollInterval(100);
        c.setCheckConcurrency(8);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:text").to("describer:text");
                from("describer:results?delay=50&initialDelay=0").to("log:unexpected");
            }
        });
        context.start();
        for (int i = 0; i < jobs; i++) {
            context.createProducerTemplate()
                    .sendBodyAndHeader("direct:text", null, DescriberConstants.MEDIA_ID, "m-" + i);
        }
    }

    private static List<Long> resultsCallTimes() {
        return api.server().findAll(getRequestedFor(urlPathEqualTo("/enterprise/api/get_results"))).stream()
                .map(LoggedRequest::getLoggedDate)
                .map(java.util.Date::getTime)
                .sorted()
                .toList();
    }

    @Test
    void a429PausesEveryCheckerForItsRetryAfter() throws Exception {
        start(0, 16);
        await().atMost(30, TimeUnit.SECONDS).until(() -> api.resultsCalls.get() >= 64);

        api.rateLimitNextResults = 2;
        await().atMost(10, TimeUnit.SECONDS).until(() -> api.rateLimitedAt > 0);
        long limitedAt = api.rateLimitedAt;
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> resultsCallTimes().stream().anyMatch(t -> t > limitedAt + 2_200));

        List<Long> times = resultsCallTimes();
        // calls already on the wire when the 429 came still land; then none from any checker until retry_after is over.
        // The first quiet stretch after the 429 is its pause (the second 429 may come after it and pause again)
        long pauseStart = limitedAt;
        long pauseEnd = limitedAt;
        for (int i = 1; i < times.size(); i++) {
            long before = times.get(i - 1);
            if (before >= limitedAt && times.get(i) - before >= 1_800) {
                pauseStart = before;
                pauseEnd = times.get(i);
                break;
            }
        }
        assertThat(pauseStart - limitedAt).as("pause began after the 429").isLessThan(1_000);
        assertThat(pauseEnd - pauseStart).as("quiet time of all checkers").isGreaterThanOrEqualTo(1_800);
        assertThat(times.stream().filter(t -> t > limitedAt + 1_900)).isNotEmpty();
    }

    @Test
    void allCheckersTogetherStayUnderTheComponentCeiling() throws Exception {
        // 16 jobs polled every 100 ms would make 160 calls a second; the ceiling is 20
        start(20, 16);
        long from = System.currentTimeMillis();
        int before = api.resultsCalls.get();
        await().atMost(30, TimeUnit.SECONDS).until(() -> api.resultsCalls.get() >= before + 60);
        long to = System.currentTimeMillis();
        long calls =
                resultsCallTimes().stream().filter(t -> t >= from && t <= to).count();
        // burst (2) + 20 per second, plus a call in flight at each end
        double seconds = (to - from) / 1000.0;
        assertThat((double) calls).isLessThanOrEqualTo(2 + 20 * seconds + 2);
        assertThat(seconds).isGreaterThan(2.0);
    }
}
