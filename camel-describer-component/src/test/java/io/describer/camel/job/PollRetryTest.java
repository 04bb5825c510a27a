package io.describer.camel.job;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import io.describer.camel.client.DescriberConflictException;
import io.describer.camel.client.DescriberInvalidResponseException;
import io.describer.camel.client.DescriberNetworkException;
import io.describer.camel.client.DescriberNotFoundException;
import io.describer.camel.client.DescriberRateLimitException;
import io.describer.camel.client.DescriberServerException;
import io.describer.camel.client.DescriberUnauthorizedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failed polls are asked again, and not before the service's retry_after. */
class PollRetryTest {

    private static final long INTERVAL = 2_000;

    @Test
    void transientFailuresAreRetriedAfterThePollInterval() {
        for (IOException e : new IOException[] {
            new DescriberServerException(502, "bad_gateway", null, null),
            new DescriberNetworkException("get_results", new HttpTimeoutException("request timed out")),
            new DescriberNetworkException("get_results", new ConnectException("refused")),
            new DescriberInvalidResponseException(200, "get_results", "Unexpected character '<'"),
            new DescriberConflictException("upload_not_ready", null, null, "processing")
        }) {
            assertThat(PollRetry.delayAfter(e, INTERVAL)).as(e.toString()).isEqualTo(Duration.ofMillis(INTERVAL));
        }
    }

    @Test
    void everyRateLimitIncludingThePlanLimitWaitsAtLeastItsRetryAfter() {
        for (String code : new String[] {
            "rate_limit_exceeded", "concurrency_limit_exceeded", "queue_limit_exceeded", "plan_limit_exceeded"
        }) {
            assertThat(PollRetry.delayAfter(
                            new DescriberRateLimitException(code, null, Duration.ofSeconds(30)), INTERVAL))
                    .as(code)
                    .isEqualTo(Duration.ofSeconds(30));
        }
        // a retry_after shorter than the poll interval does not make polls more frequent
        assertThat(PollRetry.delayAfter(
                        new DescriberRateLimitException("rate_limit_exceeded", null, Duration.ofMillis(10)), INTERVAL))
                .isEqualTo(Duration.ofMillis(INTERVAL));
    }

    @Test
    void refusalsAndForeignFailuresEndTheWait() {
        assertThat(PollRetry.delayAfter(new DescriberUnauthorizedException("unauthorized", null, null), INTERVAL))
                .isNull();
        assertThat(PollRetry.delayAfter(new DescriberNotFoundException("not_found", null, null), INTERVAL))
                .isNull();
        assertThat(PollRetry.delayAfter(
                        new DescriberConflictException("upload_failed", null, null, "failed"), INTERVAL))
                .isNull();
        assertThat(PollRetry.delayAfter(new IllegalStateException("bug"), INTERVAL))
                .isNull();
    }
}
