package io.describer.camel.client;

import java.io.IOException;
import java.time.Duration;

/**
 * An error answered by the API: HTTP status, the API's machine code (e.g. {@code rate_limit_exceeded}), its message,
 * and the {@code retry_after} delay when the service gave one. Subclasses name each status.
 */
public class DescriberException extends IOException {

    private final int status;
    private final String code;
    private final String apiMessage;
    private final Duration retryAfter;

    public DescriberException(int status, String code, String apiMessage, Duration retryAfter) {
        super(describe(status, code, apiMessage));
        this.status = status;
        this.code = code;
        this.apiMessage = apiMessage;
        this.retryAfter = retryAfter;
    }

    /**
     * The exception for an error answer, per the API's error shape: code = {@code code}, else {@code error} when it is a
     * snake_case token, else derived from the status; message = {@code message}, else {@code error}; retry delay =
     * body {@code retry_after} (seconds), else the {@code Retry-After} header. Never fails on a non-JSON body.
     */
    public static DescriberException fromResponse(int status, String bodyText, String retryAfterHeader) {
        return ApiErrors.fromResponse(status, bodyText, retryAfterHeader);
    }

    private static String describe(int status, String code, String apiMessage) {
        // status 0: no error answer of the API (no answer at all, a failed job, the component's own verdict)
        return (status != 0 ? "ViddyScribe API error " + status + (code != null ? " " + code : "") : code)
                + (apiMessage != null ? ": " + apiMessage : "");
    }

    /** HTTP status of the answer. */
    public int getStatus() {
        return status;
    }

    /** Machine-readable code ({@code code}, else {@code error}), or null. */
    public String getCode() {
        return code;
    }

    /** Human-readable message of the API, or null. */
    public String getApiMessage() {
        return apiMessage;
    }

    /** Delay the service asked for before a retry, or null. */
    public Duration getRetryAfter() {
        return retryAfter;
    }

    /**
     * Whether the failed call may have started a billed job. True only for a job start without a clear refusal (see
     * {@link DescriberUncertainSubmissionException}); an error answer such as 400, 403, 409, 429 or 503 means the
     * service started nothing, and so does a failed upload or poll.
     */
    public boolean mayExist() {
        return false;
    }

    /** Whether the component's retry policy may try the same call again. */
    public boolean isRetryable() {
        return false;
    }
}
