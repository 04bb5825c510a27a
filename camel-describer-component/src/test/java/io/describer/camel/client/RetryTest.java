package io.describer.camel.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The client's own retry, driven by WireMock scenarios: what is retried, how long it waits (recorded by the injected
 * sleeper, so nothing really sleeps), and what is thrown at once.
 */
class RetryTest extends WireMockTestSupport {

    private static final String RESULTS = api("get_results");
    private static final String DONE = "{\"job_id\":\"t1\",\"status\":\"done\"}";
    private static final String JOB = "{\"job_id\":\"t1\",\"status\":\"queued\"}";

    @TempDir
    Path dir;

    @Test
    void rateLimitWaitsRetryAfterThenSucceeds() throws Exception {
        sequence(
                RESULTS,
                error(429, "{\"error\":\"rate_limit_exceeded\",\"message\":\"slow down\",\"retry_after\":2}"),
                okJson(DONE));

        JobResults results = client.getResults("t1");

        assertThat(results.status()).isEqualTo(JobStatus.DONE);
        assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2));
        wm.verify(2, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void retryAfterIsCappedByMaxRetryDelay() throws Exception {
        client.close();
        client = client(settings().maxRetryDelay(Duration.ofSeconds(5)).build());
        sequence(RESULTS, error(429, "{\"error\":\"concurrency_limit_exceeded\",\"retry_after\":120}"), okJson(DONE));

        client.getResults("t1");

        assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void retryAfterHeaderIsHonoured() throws Exception {
        sequence(
                RESULTS,
                error(429, "{\"error\":\"rate_limit_exceeded\"}").withHeader("Retry-After", "3"),
                okJson(DONE));

        client.getResults("t1");

        assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void queueFullWithoutRetryAfterBacksOff() throws Exception {
        sequence(
                api("generate_ad_text"),
                error(429, "{\"error\":\"queue_limit_exceeded\",\"message\":\"You have 100 jobs queued.\"}"),
                okJson(JOB));

        client.generate(JobType.TEXT, MediaInput.mediaId("m1"), null, null);

        assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void uploadNotReadyIsRetried() throws Exception {
        sequence(
                api("generate_ad_video"),
                error(
                        409,
                        "{\"error\":\"Upload is still in progress. Please retry shortly.\","
                                + "\"code\":\"upload_not_ready\",\"upload_status\":\"processing\"}"),
                okJson(JOB));

        assertThat(client.generate(JobType.VIDEO, MediaInput.mediaId("m1"), null, null)
                        .jobId())
                .isEqualTo("t1");

        assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(500));
        wm.verify(2, postRequestedFor(urlEqualTo(api("generate_ad_video"))));
    }

    @Test
    void serverErrorsBackOffExponentially() throws Exception {
        sequence(RESULTS, error(503, "Service Unavailable"), error(503, "{\"error\":\"unavailable\"}"), okJson(DONE));

        client.getResults("t1");

        assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
        wm.verify(3, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void connectionResetIsRetried() throws Exception {
        sequence(
                api("upload_media"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                okJson("{\"media_id\":\"m1\",\"status\":\"created\"}"));

        assertThat(client.uploadMedia(MediaInput.url("https://example.com/v.mp4", null), null)
                        .mediaId())
                .isEqualTo("m1");

        assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(500));
        wm.verify(2, postRequestedFor(urlEqualTo(api("upload_media"))));
    }

    /** No idempotency key in the API: a call that may have started a job is not made twice. */
    @Test
    void callThatMayHaveStartedAJobIsNotRepeated() {
        sequence(api("generate_ad_text"), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(JOB));
        assertThatThrownBy(() -> client.generate(JobType.TEXT, MediaInput.mediaId("m1"), null, null))
                .isInstanceOfSatisfying(
                        DescriberUncertainSubmissionException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(DescriberNetworkException.class));
        wm.verify(1, postRequestedFor(urlEqualTo(api("generate_ad_text"))));

        wm.resetAll();
        sequence(api("generate_ad_video"), error(500, "{\"error\":\"internal_error\"}"), okJson(JOB));
        assertThatThrownBy(() -> client.generate(JobType.VIDEO, MediaInput.mediaId("m1"), null, null))
                .isInstanceOfSatisfying(
                        DescriberUncertainSubmissionException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(DescriberServerException.class));
        wm.verify(1, postRequestedFor(urlEqualTo(api("generate_ad_video"))));
        assertThat(sleeper.sleeps).isEmpty();
    }

    /** Refusals (429, 409 upload_not_ready, 503) mean the service did nothing: those are repeated for job calls too. */
    @Test
    void refusedJobCallIsRepeated() throws Exception {
        sequence(api("generate_ad_audio"), error(503, "{\"error\":\"unavailable\"}"), okJson(JOB));
        assertThat(client.generate(JobType.AUDIO, MediaInput.mediaId("m1"), null, null)
                        .jobId())
                .isEqualTo("t1");
        wm.verify(2, postRequestedFor(urlEqualTo(api("generate_ad_audio"))));
    }

    /**
     * JDK 17's HttpClient re-sends a GET once by itself when the connection closes before any answer byte (it cannot
     * be switched off per client). That re-send is free of side effects and bounded; our policy still counts its own
     * attempts on top.
     */
    @Test
    void jdkResendsAnIdempotentGetOnceOnADeadConnection() throws Exception {
        client.close();
        client = client(1);
        wm.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.getResults("t1")).isInstanceOf(IOException.class);

        assertThat(sleeper.sleeps).hasSize(1);
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(RESULTS)))).hasSizeBetween(2, 4);
    }

    @Test
    void emptyResponseIsRetried() throws Exception {
        sequence(RESULTS, aResponse().withFault(Fault.EMPTY_RESPONSE), okJson(DONE));

        assertThat(client.getResults("t1").status()).isEqualTo(JobStatus.DONE);
        wm.verify(2, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void readTimeoutIsRetried() throws Exception {
        client.close();
        client = client(settings().readTimeout(Duration.ofMillis(300)).build());
        sequence(RESULTS, okJson(DONE).withFixedDelay(2000), okJson(DONE));

        assertThat(client.getResults("t1").status()).isEqualTo(JobStatus.DONE);
        wm.verify(2, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @ParameterizedTest(name = "{0} {1} is terminal")
    @CsvSource(
            delimiter = '|',
            value = {
                "429|{\"error\":\"plan_limit_exceeded\",\"message\":\"No credits left\",\"retry_after\":1}",
                "401|{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}",
                "400|{\"error\":\"Invalid format\"}",
                "403|{\"error\":\"feature_not_available\",\"feature\":\"allow_api_ad_video_generation\"}",
                "404|{\"error\":\"not_found\"}",
                "409|{\"error\":\"Upload verification failed\",\"code\":\"upload_failed\",\"upload_status\":\"failed\"}",
                "415|{\"error\":\"no_video_stream\",\"message\":\"No video stream\"}"
            })
    void terminalErrorsAreCalledOnce(int status, String body) {
        wm.stubFor(post(api("generate_ad_video")).willReturn(error(status, body)));

        DescriberException e = catchThrowableOfType(
                DescriberException.class, () -> client.generate(JobType.VIDEO, MediaInput.mediaId("m1"), null, null));

        assertThat(e.getStatus()).isEqualTo(status);
        assertThat(e.isRetryable()).isFalse();
        assertThat(sleeper.sleeps).isEmpty();
        wm.verify(1, postRequestedFor(urlEqualTo(api("generate_ad_video"))));
    }

    @Test
    void exhaustedRetriesThrowTheLastError() {
        client.close();
        client = client(2);
        sequence(
                RESULTS,
                error(500, "{\"error\":\"first\"}"),
                error(502, "{\"error\":\"second\"}"),
                error(503, "{\"error\":\"third\"}"),
                okJson(DONE));

        DescriberServerException e =
                catchThrowableOfType(DescriberServerException.class, () -> client.getResults("t1"));

        assertThat(e.getStatus()).isEqualTo(503);
        assertThat(e.getApiMessage()).isEqualTo("third");
        assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
        wm.verify(3, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void zeroRetriesMeansOneAttempt() {
        client.close();
        client = client(0);
        wm.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(error(503, "")));

        assertThatThrownBy(() -> client.getResults("t1")).isInstanceOf(DescriberServerException.class);
        wm.verify(1, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void consumedOneShotStreamIsNotResent() {
        wm.stubFor(post(api("upload_media")).willReturn(error(503, "{\"error\":\"unavailable\"}")));
        byte[] bytes = "one-shot video bytes".getBytes(StandardCharsets.UTF_8);
        MediaContent stream =
                MediaContent.ofStream(new ByteArrayInputStream(bytes), bytes.length, "a.mp4", "video/mp4");

        assertThatThrownBy(() -> client.uploadMedia(MediaInput.content(stream), null))
                .isInstanceOf(DescriberServerException.class);

        assertThat(stream.canOpen()).isFalse();
        assertThat(sleeper.sleeps).isEmpty();
        wm.verify(1, postRequestedFor(urlEqualTo(api("upload_media"))));
    }

    @Test
    void fileBodyIsResentInFull() throws Exception {
        byte[] bytes = "replayable video bytes".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("v.mp4"), bytes);
        sequence(api("upload_media"), error(503, ""), okJson("{\"media_id\":\"m1\",\"status\":\"created\"}"));

        assertThat(client.uploadMedia(MediaInput.content(MediaContent.ofFile(file, null, null)), null)
                        .mediaId())
                .isEqualTo("m1");

        wm.verify(
                2,
                postRequestedFor(urlEqualTo(api("upload_media")))
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withBody(binaryEqualTo(bytes))
                                .build()));
    }

    @Test
    void retriesAreLoggedAndReportedToTheListener() throws Exception {
        List<String> seen = new ArrayList<>();
        client.close();
        ClientSettings s = settings().build();
        client = new HttpDescriberClient(
                s,
                RetryPolicy.of(s, sleeper)
                        .withJitter(() -> 1.0)
                        .withListener((op, attempt, max, cause, delay) ->
                                seen.add(op + " " + attempt + "/" + max + " " + delay.toMillis())));
        sequence(RESULTS, error(429, "{\"error\":\"rate_limit_exceeded\",\"retry_after\":1}"), okJson(DONE));

        try (LogCapture logs = new LogCapture()) {
            client.getResults("t1");

            assertThat(logs.lines())
                    .anyMatch(l -> l.startsWith("INFO")
                            && l.endsWith(
                                    "Retrying get_results after 429 rate_limit_exceeded in 1000 ms (attempt 2 of 6)"));
        }
        assertThat(seen).containsExactly("get_results 2/6 1000");
    }

    // ------------------------------------------------------------ the policy alone

    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        RetryPolicy full =
                new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(60), sleeper, () -> 1.0, null);
        RetryPolicy half = full.withJitter(() -> 0.0);

        assertThat(full.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(full.backoff(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(full.backoff(4)).isEqualTo(Duration.ofMillis(4000));
        assertThat(full.backoff(8)).isEqualTo(Duration.ofSeconds(60));
        assertThat(full.backoff(200)).isEqualTo(Duration.ofSeconds(60));
        assertThat(half.backoff(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(half.backoff(3)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void whatIsTransient() {
        RetryPolicy policy =
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), sleeper, () -> 1.0, null);

        assertThat(policy.delayBeforeRetry(new IOException("Connection reset"), 1))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayBeforeRetry(new HttpTimeoutException("request timed out"), 2))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayBeforeRetry(new NoSuchFileException("/nope.mp4"), 1))
                .isNull();
        assertThat(policy.delayBeforeRetry(new DescriberUnauthorizedException("unauthorized", null, null), 1))
                .isNull();
        assertThat(policy.delayBeforeRetry(new DescriberServerException(503, "x", null, Duration.ofSeconds(30)), 1))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void interruptedWaitStopsRetrying() {
        RetryPolicy policy = new RetryPolicy(
                3,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                d -> {
                    throw new InterruptedException();
                },
                () -> 1.0,
                null);

        assertThatThrownBy(() -> policy.execute("op", () -> {
                    throw new IOException("boom");
                }))
                .isInstanceOf(java.io.InterruptedIOException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    // ------------------------------------------------------------ helpers

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** The answers in order, one per call; the last one repeats. */
    private static void sequence(String path, ResponseDefinitionBuilder... answers) {
        String scenario = "seq " + path;
        boolean isGet = path.equals(RESULTS);
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? STARTED : "step" + i;
            var mapping = (isGet ? get(urlPathEqualTo(path)) : post(urlEqualTo(path)))
                    .inScenario(scenario)
                    .whenScenarioStateIs(state)
                    .willReturn(answers[i]);
            if (i + 1 < answers.length) {
                mapping = mapping.willSetStateTo("step" + (i + 1));
            }
            wm.stubFor(mapping);
        }
    }
}
