package io.describer.camel.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of an {@link HttpDescriberClient}. Only the API key is required. {@link #toString()} never shows the
 * key.
 */
public final class ClientSettings {

    public static final String DEFAULT_BASE_URL = "https://api.viddyscribe.com";

    private final String baseUrl;
    private final String apiKey;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Duration maxRetryDelay;
    private final Duration initialBackoff;
    private final Duration uploadPollInterval;
    private final Duration uploadVerificationTimeout;
    private final long directUploadLimit;
    private final long minUploadBytesPerSecond;

    private ClientSettings(Builder b) {
        if (b.apiKey == null || b.apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey is required");
        }
        String key = b.apiKey.trim();
        // checked here so the HTTP client never rejects the header with a message that could quote the value
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("apiKey contains whitespace or non-printable characters");
        }
        this.apiKey = key;
        this.baseUrl = normaliseBaseUrl(b.baseUrl);
        this.connectTimeout = positive("connectTimeout", b.connectTimeout);
        this.readTimeout = positive("readTimeout", b.readTimeout);
        if (b.maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + b.maxRetries);
        }
        this.maxRetries = b.maxRetries;
        this.maxRetryDelay = notNegative("maxRetryDelay", b.maxRetryDelay);
        this.initialBackoff = notNegative("initialBackoff", b.initialBackoff);
        this.uploadPollInterval = notNegative("uploadPollInterval", b.uploadPollInterval);
        this.uploadVerificationTimeout = positive("uploadVerificationTimeout", b.uploadVerificationTimeout);
        if (b.directUploadLimit < 0) {
            throw new IllegalArgumentException("directUploadLimit must be >= 0, got " + b.directUploadLimit);
        }
        this.directUploadLimit = b.directUploadLimit;
        if (b.minUploadBytesPerSecond <= 0) {
            throw new IllegalArgumentException("minUploadBytesPerSecond must be > 0, got " + b.minUploadBytesPerSecond);
        }
        this.minUploadBytesPerSecond = b.minUploadBytesPerSecond;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .maxRetries(maxRetries)
                .maxRetryDelay(maxRetryDelay)
                .initialBackoff(initialBackoff)
                .uploadPollInterval(uploadPollInterval)
                .uploadVerificationTimeout(uploadVerificationTimeout)
                .directUploadLimit(directUploadLimit)
                .minUploadBytesPerSecond(minUploadBytesPerSecond);
    }

    /** Scheme, host and optional port/path prefix, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public String apiKey() {
        return apiKey;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest wait for the answer of an API call (response headers). */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Retries after the first attempt; 0 disables retrying. */
    public int maxRetries() {
        return maxRetries;
    }

    /** Cap of every retry delay, including a larger {@code retry_after} asked for by the service. */
    public Duration maxRetryDelay() {
        return maxRetryDelay;
    }

    /** First exponential backoff step (doubled per retry, jittered, capped by {@link #maxRetryDelay()}). */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** Interval of {@code get_upload_status} polls while a signed upload is verified. */
    public Duration uploadPollInterval() {
        return uploadPollInterval;
    }

    /** How long to wait for the verification of a signed upload before giving up. */
    public Duration uploadVerificationTimeout() {
        return uploadVerificationTimeout;
    }

    /** Content up to this size is sent in one multipart call; larger content goes through the signed flow. */
    public long directUploadLimit() {
        return directUploadLimit;
    }

    /**
     * Slowest upload rate tolerated. The JDK request timeout also runs while the body is sent, so uploads get
     * {@code readTimeout + length / minUploadBytesPerSecond}.
     */
    public long minUploadBytesPerSecond() {
        return minUploadBytesPerSecond;
    }

    /** The request timeout for a call that sends {@code bodyLength} bytes. */
    Duration timeoutFor(long bodyLength) {
        return readTimeout.plusSeconds(bodyLength / minUploadBytesPerSecond);
    }

    @Override
    public String toString() {
        return "ClientSettings[baseUrl=" + baseUrl + ", apiKey=****, connectTimeout=" + connectTimeout
                + ", readTimeout="
                + readTimeout + ", maxRetries=" + maxRetries + ", maxRetryDelay=" + maxRetryDelay + ", initialBackoff="
                + initialBackoff + ", uploadPollInterval=" + uploadPollInterval + ", uploadVerificationTimeout="
                + uploadVerificationTimeout + ", directUploadLimit=" + directUploadLimit + "]";
    }

    private static String normaliseBaseUrl(String url) {
        String u = url == null || url.isBlank() ? DEFAULT_BASE_URL : url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + u, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host, got " + u);
        }
        if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must not carry a query or user info");
        }
        return u;
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
        return d;
    }

    private static Duration notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + d);
        }
        return d;
    }

    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(120);
        private int maxRetries = 5;
        private Duration maxRetryDelay = Duration.ofSeconds(60);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration uploadPollInterval = Duration.ofSeconds(2);
        private Duration uploadVerificationTimeout = Duration.ofMinutes(10);
        private long directUploadLimit = DescriberClient.DIRECT_UPLOAD_LIMIT;
        private long minUploadBytesPerSecond = 256 * 1024;

        private Builder() {}

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = maxRetryDelay;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder uploadPollInterval(Duration uploadPollInterval) {
            this.uploadPollInterval = uploadPollInterval;
            return this;
        }

        public Builder uploadVerificationTimeout(Duration uploadVerificationTimeout) {
            this.uploadVerificationTimeout = uploadVerificationTimeout;
            return this;
        }

        public Builder directUploadLimit(long directUploadLimit) {
            this.directUploadLimit = directUploadLimit;
            return this;
        }

        public Builder minUploadBytesPerSecond(long minUploadBytesPerSecond) {
            this.minUploadBytesPerSecond = minUploadBytesPerSecond;
            return this;
        }

        public ClientSettings build() {
            return new ClientSettings(this);
        }

        @Override
        public String toString() {
            return "ClientSettings.Builder[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "null" : "****") + "]";
        }
    }
}
