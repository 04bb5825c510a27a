package io.describer.examples.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scripted failures: "the next K calls to endpoint E answer status S with code C". Endpoint names are the path
 * segments after {@code /enterprise/api/} (e.g. {@code generate_ad_text}); {@code *} matches every endpoint. Faults for
 * one endpoint are served in the order they were added.
 */
final class FaultInjector {

    /** One scripted answer, repeated {@code times} times. */
    static final class Fault {
        final int status;
        final String code;
        final String message;
        final Long retryAfter;
        int remaining;

        Fault(int status, String code, String message, Long retryAfter, int times) {
            this.status = status;
            this.code = code;
            this.message = message;
            this.retryAfter = retryAfter;
            this.remaining = times;
        }
    }

    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();

    void add(String endpoint, Fault fault) {
        if (fault.remaining <= 0) {
            return;
        }
        Deque<Fault> queue = faults.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addLast(fault);
        }
    }

    void clear() {
        faults.clear();
    }

    /** Consumes and returns the error for this call, or null when none is scripted. */
    ApiException take(String endpoint) {
        Fault fault = poll(endpoint);
        if (fault == null) {
            fault = poll("*");
        }
        return fault == null ? null : toException(fault);
    }

    private Fault poll(String endpoint) {
        Deque<Fault> queue = faults.get(endpoint);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            Fault head = queue.peekFirst();
            if (head == null) {
                return null;
            }
            if (--head.remaining <= 0) {
                queue.pollFirst();
            }
            return head;
        }
    }

    /** Builds the body the real service would send for this code (API.md §7.1 shapes). */
    static ApiException toException(Fault fault) {
        String code = fault.code != null ? fault.code : defaultCode(fault.status);
        String message = fault.message != null ? fault.message : "Injected fault (" + code + ") from the sandbox";
        if (code.equals("upload_not_ready")) {
            return ApiException.uploadNotReady("processing");
        }
        if (code.equals("upload_failed")) {
            return ApiException.uploadFailed();
        }
        if (code.equals("feature_not_available")) {
            return ApiException.featureNotAvailable("allow_api_ad_video_generation", "Sandbox");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (fault.status == 429 && !code.equals("queue_limit_exceeded") && !code.equals("plan_limit_exceeded")) {
            body.put("retry_after", fault.retryAfter != null ? fault.retryAfter : 1L);
        } else if (fault.retryAfter != null) {
            body.put("retry_after", fault.retryAfter);
        }
        return new ApiException(fault.status, body);
    }

    private static String defaultCode(int status) {
        switch (status) {
            case 400:
                return "bad_request";
            case 401:
                return "unauthorized";
            case 403:
                return "forbidden";
            case 404:
                return "not_found";
            case 409:
                return "upload_not_ready";
            case 415:
                return "no_video_stream";
            case 429:
                return "rate_limit_exceeded";
            default:
                return status >= 500 ? "internal_error" : "error";
        }
    }
}
