package io.describer.examples.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** An API error answer: HTTP status plus the flat JSON body of API.md §7.1. Thrown by handlers, rendered by the router. */
final class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, Object> body;

    ApiException(int status, Map<String, Object> body) {
        super(String.valueOf(body.getOrDefault("message", body.get("error"))));
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return body;
    }

    /** {@code {"error": code, "message": message}}, the usual shape. */
    static ApiException of(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return new ApiException(status, body);
    }

    static ApiException badRequest(String message) {
        return of(400, "bad_request", message);
    }

    /** 400 naming the offending request field, so a client bug is easy to spot. */
    static ApiException invalidField(String field, String message) {
        ApiException e = of(400, "bad_request", "Invalid " + field + ": " + message);
        e.body.put("field", field);
        return e;
    }

    static ApiException notFound(String message) {
        return of(404, "not_found", message);
    }

    static ApiException unauthorized() {
        return of(401, "unauthorized", "Invalid or missing API key");
    }

    static ApiException fileTooLarge(long limit) {
        return of(
                403,
                "file_too_large",
                "The submitted file exceeds the maximum file size allowed by your plan (" + limit + " bytes)");
    }

    static ApiException videoTooLong(double limitSeconds) {
        return of(
                403,
                "video_too_long",
                "The submitted video exceeds the maximum duration allowed by your plan (" + limitSeconds + " s)");
    }

    static ApiException noVideoStream() {
        return of(
                415, "no_video_stream", "The uploaded media has no video stream (audio-only files are not supported)");
    }

    /** 409 bodies carry the human text in {@code error} and the code in {@code code} (API.md §7.1). */
    static ApiException uploadState(String code, String message, String uploadStatus) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        body.put("upload_status", uploadStatus);
        return new ApiException(409, body);
    }

    static ApiException uploadNotReady(String uploadStatus) {
        return uploadState("upload_not_ready", "Upload is still in progress. Please retry shortly.", uploadStatus);
    }

    static ApiException uploadFailed() {
        return uploadState("upload_failed", "Upload verification failed. Please upload the file again.", "failed");
    }

    static ApiException tooManyRequests(String code, String message, long retryAfterSeconds) {
        ApiException e = of(429, code, message);
        e.body.put("retry_after", retryAfterSeconds);
        return e;
    }

    static ApiException featureNotAvailable(String feature, String planName) {
        ApiException e = of(403, "feature_not_available", "This feature is not available on your current plan");
        e.body.put("feature", feature);
        e.body.put("plan_name", planName);
        e.body.put("upgrade_url", "/billing/upgrade");
        return e;
    }
}
