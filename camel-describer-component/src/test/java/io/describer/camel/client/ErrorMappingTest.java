package io.describer.camel.client;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every HTTP status and every request-time code of API.md §7.3 becomes the right exception type with status, code,
 * message and retry delay. Calls go through the real client against WireMock, with retries off.
 */
class ErrorMappingTest extends WireMockTestSupport {

    @BeforeEach
    void noRetries() {
        client.close();
        client = client(0);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // status, body, expected type, code, message, retryAfter (ms or null), retryable
                Arguments.of(400, "", DescriberBadRequestException.class, "bad_request", null, null, false),
                Arguments.of(
                        400,
                        "{\"error\":\"Invalid language: xx-XX\"}",
                        DescriberBadRequestException.class,
                        "bad_request",
                        "Invalid language: xx-XX",
                        null,
                        false),
                Arguments.of(
                        400,
                        "{\"error\":\"invalid_parameter\",\"message\":\"format must be one of json, vtt, srt, edl\"}",
                        DescriberBadRequestException.class,
                        "invalid_parameter",
                        "format must be one of json, vtt, srt, edl",
                        null,
                        false),
                Arguments.of(
                        401,
                        "{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}",
                        DescriberUnauthorizedException.class,
                        "unauthorized",
                        "Invalid or missing API key",
                        null,
                        false),
                Arguments.of(
                        403,
                        "{\"error\":\"feature_not_available\",\"message\":\"This feature is not available on your current plan\","
                                + "\"feature\":\"allow_api_ad_video_generation\",\"plan_name\":\"Starter\",\"upgrade_url\":\"/billing/upgrade\"}",
                        DescriberForbiddenException.class,
                        "feature_not_available",
                        "This feature is not available on your current plan",
                        null,
                        false),
                Arguments.of(
                        403,
                        "{\"error\":\"video_too_long\",\"message\":\"The submitted video exceeds the maximum duration allowed by your plan\"}",
                        DescriberForbiddenException.class,
                        "video_too_long",
                        "The submitted video exceeds the maximum duration allowed by your plan",
                        null,
                        false),
                Arguments.of(
                        403,
                        "{\"error\":\"file_too_large\",\"message\":\"File exceeds your plan's size limit\"}",
                        DescriberForbiddenException.class,
                        "file_too_large",
                        "File exceeds your plan's size limit",
                        null,
                        false),
                Arguments.of(
                        403,
                        "{\"error\":\"limit_reached\",\"message\":\"Monthly processing limit reached\"}",
                        DescriberForbiddenException.class,
                        "limit_reached",
                        "Monthly processing limit reached",
                        null,
                        false),
                Arguments.of(
                        404,
                        "{\"error\":\"not_found\",\"message\":\"Job not found\"}",
                        DescriberNotFoundException.class,
                        "not_found",
                        "Job not found",
                        null,
                        false),
                Arguments.of(404, "Not Found", DescriberNotFoundException.class, "not_found", "Not Found", null, false),
                Arguments.of(
                        409,
                        "{\"error\":\"Upload is still in progress. Please retry shortly.\",\"code\":\"upload_not_ready\","
                                + "\"upload_status\":\"processing\"}",
                        DescriberConflictException.class,
                        "upload_not_ready",
                        "Upload is still in progress. Please retry shortly.",
                        null,
                        true),
                Arguments.of(
                        409,
                        "{\"error\":\"Upload verification failed. Please re-upload.\",\"code\":\"upload_failed\","
                                + "\"upload_status\":\"failed\"}",
                        DescriberConflictException.class,
                        "upload_failed",
                        "Upload verification failed. Please re-upload.",
                        null,
                        false),
                Arguments.of(
                        415,
                        "{\"error\":\"no_video_stream\",\"message\":\"The uploaded file has no video stream\"}",
                        DescriberUnsupportedMediaException.class,
                        "no_video_stream",
                        "The uploaded file has no video stream",
                        null,
                        false),
                Arguments.of(
                        429,
                        "{\"error\":\"rate_limit_exceeded\",\"message\":\"Too many requests\",\"retry_after\":2}",
                        DescriberRateLimitException.class,
                        "rate_limit_exceeded",
                        "Too many requests",
                        2000L,
                        true),
                Arguments.of(
                        429,
                        "{\"error\":\"concurrency_limit_exceeded\",\"message\":\"Too many concurrent submissions\","
                                + "\"retry_after\":1.5}",
                        DescriberRateLimitException.class,
                        "concurrency_limit_exceeded",
                        "Too many concurrent submissions",
                        1500L,
                        true),
                Arguments.of(
                        429,
                        "{\"error\":\"queue_limit_exceeded\",\"message\":\"You have 100 jobs queued. Please wait for some to complete before submitting more.\"}",
                        DescriberRateLimitException.class,
                        "queue_limit_exceeded",
                        "You have 100 jobs queued. Please wait for some to complete before submitting more.",
                        null,
                        true),
                Arguments.of(
                        429,
                        "{\"error\":\"plan_limit_exceeded\",\"message\":\"Your team has no credits left\"}",
                        DescriberRateLimitException.class,
                        "plan_limit_exceeded",
                        "Your team has no credits left",
                        null,
                        false),
                Arguments.of(
                        500,
                        "{\"error\":\"Internal server error\"}",
                        DescriberServerException.class,
                        "server_error",
                        "Internal server error",
                        null,
                        true),
                Arguments.of(
                        500,
                        "<html><body><h1>500   Internal\n Server Error</h1></body></html>",
                        DescriberServerException.class,
                        "server_error",
                        "<html><body><h1>500 Internal Server Error</h1></body></html>",
                        null,
                        true),
                Arguments.of(
                        503,
                        "{\"error\":\"service_unavailable\",\"retry_after\":\"4\"}",
                        DescriberServerException.class,
                        "service_unavailable",
                        "service_unavailable",
                        4000L,
                        true),
                Arguments.of(502, "[1,2,3]", DescriberServerException.class, "server_error", "[1,2,3]", null, true),
                Arguments.of(
                        418,
                        "{\"message\":\"I'm a teapot\"}",
                        DescriberException.class,
                        "http_418",
                        "I'm a teapot",
                        null,
                        false));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("errors")
    void mapsErrorAnswer(
            int status,
            String body,
            Class<? extends DescriberException> type,
            String code,
            String message,
            Long retryAfterMs,
            boolean retryable) {
        wm.stubFor(get(urlPathEqualTo(api("get_results")))
                .willReturn(aResponse().withStatus(status).withBody(body)));

        DescriberException e = catchThrowableOfType(DescriberException.class, () -> client.getResults("task_1"));

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.getStatus()).isEqualTo(status);
        assertThat(e.getCode()).isEqualTo(code);
        assertThat(e.getApiMessage()).isEqualTo(message);
        assertThat(e.getRetryAfter()).isEqualTo(retryAfterMs == null ? null : Duration.ofMillis(retryAfterMs));
        assertThat(e.isRetryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).contains(String.valueOf(status)).contains(code);
        wm.verify(1, getRequestedFor(urlPathEqualTo(api("get_results"))));
    }

    @Test
    void forbiddenExposesPlanFields() {
        stub(aResponse()
                .withStatus(403)
                .withBody("{\"error\":\"feature_not_available\",\"message\":\"Your Starter plan does not "
                        + "support: custom_instructions\",\"feature\":\"allow_custom_instructions\",\"plan_name\":\"Starter\","
                        + "\"upgrade_url\":\"/billing/upgrade\"}"));

        DescriberForbiddenException e =
                catchThrowableOfType(DescriberForbiddenException.class, () -> client.getResults("t"));

        assertThat(e.getFeature()).isEqualTo("allow_custom_instructions");
        assertThat(e.getPlanName()).isEqualTo("Starter");
        assertThat(e.getUpgradeUrl()).isEqualTo("/billing/upgrade");
        assertThat(e.getApiMessage()).contains("custom_instructions");
    }

    @Test
    void conflictExposesUploadStatus() {
        stub(
                aResponse()
                        .withStatus(409)
                        .withBody(
                                "{\"error\":\"Upload is still in progress.\",\"code\":\"upload_not_ready\",\"upload_status\":\"processing\"}"));

        DescriberConflictException e =
                catchThrowableOfType(DescriberConflictException.class, () -> client.getResults("t"));

        assertThat(e.getUploadStatus()).isEqualTo("processing");
    }

    @Test
    void rateLimitFlags() {
        assertThat(rateLimit("queue_limit_exceeded").isQueueFull()).isTrue();
        assertThat(rateLimit("queue_limit_exceeded").isPlanLimit()).isFalse();
        assertThat(rateLimit("rate_limit_exceeded").isQueueFull()).isFalse();
        assertThat(rateLimit("plan_limit_exceeded").isPlanLimit()).isTrue();
        assertThat(rateLimit("plan_limit_exceeded").isRetryable()).isFalse();
    }

    @Test
    void retryAfterHeaderIsUsedWhenTheBodyHasNone() {
        stub(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "3")
                .withBody("{\"error\":\"rate_limit_exceeded\"}"));

        DescriberRateLimitException e =
                catchThrowableOfType(DescriberRateLimitException.class, () -> client.getResults("t"));

        assertThat(e.getRetryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void bodyRetryAfterWinsOverHeader() {
        DescriberException e =
                DescriberException.fromResponse(429, "{\"error\":\"rate_limit_exceeded\",\"retry_after\":7}", "1");

        assertThat(e.getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterHttpDate() {
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));

        Duration d = ApiErrors.parseRetryAfterHeader(in30s);

        assertThat(d).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
        assertThat(ApiErrors.parseRetryAfterHeader("soon")).isNull();
        assertThat(ApiErrors.parseRetryAfterHeader("-5")).isNull();
    }

    @Test
    void parserSurvivesAnyBody() {
        for (String body : new String[] {
            null,
            "",
            "   ",
            "{",
            "null",
            "\"text\"",
            "{\"error\":{\"nested\":true}}",
            "{\"retry_after\":\"later\",\"code\":42}"
        }) {
            DescriberException e = DescriberException.fromResponse(503, body, "not-a-number");
            assertThat(e).isInstanceOf(DescriberServerException.class);
            assertThat(e.getStatus()).isEqualTo(503);
            assertThat(e.getCode()).isNotBlank();
        }
        assertThat(DescriberException.fromResponse(503, "{\"retry_after\":\"later\",\"code\":42}", null)
                        .getCode())
                .isEqualTo("42");
    }

    @Test
    void longTextBodiesAreAbbreviated() {
        DescriberException e = DescriberException.fromResponse(502, "x".repeat(10_000), null);

        assertThat(e.getApiMessage()).hasSizeLessThan(250);
    }

    private static DescriberRateLimitException rateLimit(String code) {
        return (DescriberRateLimitException) DescriberException.fromResponse(429, "{\"error\":\"" + code + "\"}", null);
    }

    private static void stub(ResponseDefinitionBuilder response) {
        wm.stubFor(get(urlPathEqualTo(api("get_results"))).willReturn(response));
    }
}
