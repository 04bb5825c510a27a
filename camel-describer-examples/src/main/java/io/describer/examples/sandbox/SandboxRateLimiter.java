package io.describer.examples.sandbox;

/**
 * Token bucket for the team's API calls: {@link SandboxSettings#rateLimit()} calls per
 * {@link SandboxSettings#rateWindow()}, refilled continuously (settings are read live, so a test may change them). A
 * refused call learns how many whole seconds to wait ({@code retry_after}, at least 1: the API counts in seconds).
 */
final class SandboxRateLimiter {

    private final SandboxSettings settings;
    private double tokens = -1;
    private long lastMillis;

    SandboxRateLimiter(SandboxSettings settings) {
        this.settings = settings;
    }

    /** 0 when the call may proceed, else the seconds to wait. */
    synchronized long acquire() {
        int limit = settings.rateLimit();
        if (limit <= 0) {
            return 0;
        }
        double millisPerToken = (double) settings.rateWindow().toMillis() / limit;
        long now = settings.clock().millis(); // through the clock, so a fixed test clock means a fixed bucket
        if (tokens < 0) {
            tokens = limit;
        } else if (millisPerToken > 0) {
            tokens = Math.min(limit, tokens + (now - lastMillis) / millisPerToken);
        } else {
            tokens = limit;
        }
        lastMillis = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double waitMillis = (1 - tokens) * millisPerToken;
        return Math.max(1, (long) Math.ceil(waitMillis / 1000));
    }
}
