package io.describer.camel.client;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns an error answer into the matching {@link DescriberException} subtype. The body is the API's flat object
 * ({@code error}, {@code message}, {@code code}, {@code retry_after}, …); anything else (an HTML page of a proxy, an
 * empty body) still yields an exception whose code is derived from the status.
 */
public final class ApiErrors {

    private static final Pattern SNAKE_TOKEN = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)*");
    private static final int MAX_TEXT_MESSAGE = 200;

    private ApiErrors() {}

    /**
     * @param status           HTTP status of the answer
     * @param body             the answer's body, may be null or not JSON
     * @param retryAfterHeader the {@code Retry-After} header, used only when the body has no {@code retry_after}
     */
    public static DescriberException fromResponse(int status, String body, String retryAfterHeader) {
        JsonNode json = Json.parseObjectOrNull(body);
        String codeField = text(json, "code");
        String errorField = text(json, "error");
        String messageField = text(json, "message");

        String code;
        if (codeField != null) {
            code = codeField;
        } else if (errorField != null && SNAKE_TOKEN.matcher(errorField).matches()) {
            code = errorField;
        } else {
            code = codeForStatus(status);
        }
        String message = messageField != null ? messageField : errorField;
        if (json == null && body != null && !body.isBlank()) {
            message = abbreviate(body);
        }
        Duration retryAfter = retryAfter(json);
        if (retryAfter == null) {
            retryAfter = parseRetryAfterHeader(retryAfterHeader);
        }

        if (status >= 500) {
            return new DescriberServerException(status, code, message, retryAfter);
        }
        return switch (status) {
            case 400 -> new DescriberBadRequestException(code, message, retryAfter);
            case 401 -> new DescriberUnauthorizedException(code, message, retryAfter);
            case 403 ->
                new DescriberForbiddenException(
                        code,
                        message,
                        retryAfter,
                        text(json, "feature"),
                        text(json, "plan_name"),
                        text(json, "upgrade_url"));
            case 404 -> new DescriberNotFoundException(code, message, retryAfter);
            case 409 -> new DescriberConflictException(code, message, retryAfter, text(json, "upload_status"));
            case 415 -> new DescriberUnsupportedMediaException(code, message, retryAfter);
            case 429 -> new DescriberRateLimitException(code, message, retryAfter);
            default -> new DescriberException(status, code, message, retryAfter);
        };
    }

    /** Calls that create a billed job: the API has no idempotency key, so a blind repeat can create a second one. */
    public static boolean startsJob(String operation) {
        return operation != null && operation.startsWith("generate_ad_");
    }

    /**
     * Whether a job start that failed this way may have created a job. No: a refusal (any 4xx, 503) or a connection
     * that was never made. Yes: other 5xx (500, 502, 504), an unreadable success answer, a connection lost or a
     * timeout after the request went out.
     */
    public static boolean mayHaveStartedJob(IOException e) {
        if (e instanceof DescriberUncertainSubmissionException || e instanceof DescriberInvalidResponseException) {
            return true;
        }
        if (e instanceof DescriberNetworkException n) {
            return n.requestMayHaveArrived();
        }
        if (e instanceof DescriberException de) {
            int status = de.getStatus();
            return status >= 500 && status != 503 || status >= 200 && status < 300;
        }
        return !neverReachedService(e);
    }

    /** Failures of the connection itself: no byte of the request reached the service. */
    static boolean neverReachedService(IOException e) {
        if (e instanceof DescriberNetworkException n) {
            return !n.requestMayHaveArrived();
        }
        // HttpTransport turns a connect timeout into a ConnectException: one case for "never connected"
        return e instanceof java.net.ConnectException
                || e instanceof java.net.UnknownHostException
                || e instanceof java.net.NoRouteToHostException;
    }

    /** The code used when the body names none. */
    static String codeForStatus(int status) {
        if (status >= 500) {
            return "server_error";
        }
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            default -> "http_" + status;
        };
    }

    /** {@code retry_after} in seconds: a number or a numeric string. */
    private static Duration retryAfter(JsonNode json) {
        JsonNode n = json == null ? null : json.get("retry_after");
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return seconds(n.asDouble());
        }
        if (n.isTextual()) {
            return parseSeconds(n.asText());
        }
        return null;
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date. */
    static Duration parseRetryAfterHeader(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Duration d = parseSeconds(header);
        if (d != null) {
            return d;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration parseSeconds(String s) {
        try {
            return seconds(Double.parseDouble(s.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration seconds(double s) {
        if (Double.isNaN(s) || s < 0) {
            return null;
        }
        return Duration.ofMillis(Math.round(Math.min(s, 86_400d) * 1000));
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json == null ? null : json.get(field);
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s;
    }

    private static String abbreviate(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_TEXT_MESSAGE ? oneLine : oneLine.substring(0, MAX_TEXT_MESSAGE) + "…";
    }
}
