package io.describer.camel.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * Immutable settings of an {@link HttpDescriberClient}. Only the API key is required. {@link #toString()} never shows the
 * key.
 */
public final class ClientSettings {

    public static final String DEFAULT_BASE_URL = "https://api.viddyscribe.com";
    public static final int DEFAULT_MAX_TOTAL_CONNECTIONS = 200;
    public static final int DEFAULT_CONNECTIONS_PER_ROUTE = 100;
    public static final Duration DEFAULT_CONNECTION_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String apiKey;
    private final ApiKeySource apiKeySource;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Duration maxRetryDelay;
    private final Duration initialBackoff;
    private final Duration uploadPollInterval;
    private final Duration uploadVerificationTimeout;
    private final long directUploadLimit;
    private final long minUploadBytesPerSecond;
    private final String proxyHost;
    private final int proxyPort;
    private final String proxyUsername;
    private final String proxyPassword;
    private final SSLContext sslContext;
    private final int maxTotalConnections;
    private final int connectionsPerRoute;
    private final Duration connectionTimeToLive;
    private final Duration connectionIdleTimeout;

    private ClientSettings(Builder b) {
        if (b.apiKeySource != null) {
            // asked at each call: nothing to check before the first one
            this.apiKey = null;
            this.apiKeySource = b.apiKeySource;
        } else {
            if (b.apiKey == null || b.apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey is required");
            }
            String key = b.apiKey.trim();
            if (!isPrintable(key)) {
                throw new IllegalArgumentException("apiKey contains whitespace or non-printable characters");
            }
            this.apiKey = key;
            this.apiKeySource = ApiKeySource.of(key);
        }
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
        this.proxyHost = b.proxyHost == null || b.proxyHost.isBlank() ? null : b.proxyHost.trim();
        if (proxyHost != null && (b.proxyPort < 1 || b.proxyPort > 65535)) {
            throw new IllegalArgumentException(
                    "proxyPort must be from 1 to 65535 when proxyHost is set, got " + b.proxyPort);
        }
        this.proxyPort = b.proxyPort;
        this.proxyUsername = b.proxyUsername == null || b.proxyUsername.isEmpty() ? null : b.proxyUsername;
        if (proxyUsername != null && proxyHost == null) {
            throw new IllegalArgumentException("proxyUsername is set but proxyHost is not");
        }
        this.proxyPassword = b.proxyPassword;
        this.sslContext = b.sslContext;
        if (b.maxTotalConnections < 1) {
            throw new IllegalArgumentException("maxTotalConnections must be >= 1, got " + b.maxTotalConnections);
        }
        if (b.connectionsPerRoute < 1) {
            throw new IllegalArgumentException("connectionsPerRoute must be >= 1, got " + b.connectionsPerRoute);
        }
        this.maxTotalConnections = b.maxTotalConnections;
        this.connectionsPerRoute = b.connectionsPerRoute;
        this.connectionTimeToLive = b.connectionTimeToLive;
        if (connectionTimeToLive != null) {
            positive("connectionTimeToLive", connectionTimeToLive);
        }
        this.connectionIdleTimeout = positive("connectionIdleTimeout", b.connectionIdleTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .apiKeySource(apiKey != null ? null : apiKeySource)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .maxRetries(maxRetries)
                .maxRetryDelay(maxRetryDelay)
                .initialBackoff(initialBackoff)
                .uploadPollInterval(uploadPollInterval)
                .uploadVerificationTimeout(uploadVerificationTimeout)
                .directUploadLimit(directUploadLimit)
                .minUploadBytesPerSecond(minUploadBytesPerSecond)
                .proxy(proxyHost, proxyPort)
                .proxyCredentials(proxyUsername, proxyPassword)
                .sslContext(sslContext)
                .maxTotalConnections(maxTotalConnections)
                .connectionsPerRoute(connectionsPerRoute)
                .connectionTimeToLive(connectionTimeToLive)
                .connectionIdleTimeout(connectionIdleTimeout);
    }

    /** Scheme, host and optional port/path prefix, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The fixed key; null when the key comes from an {@link #apiKeySource()} asked at each call. */
    public String apiKey() {
        return apiKey;
    }

    /** Where each API call takes its key from: the fixed key, or the source it was built with. */
    public ApiKeySource apiKeySource() {
        return apiKeySource;
    }

    /**
     * A key fit for the {@code X-API-Key} header; checked before sending so the HTTP client never rejects the header
     * with a message that could quote the value.
     */
    static String checkedKey(String key) throws DescriberException {
        String k = key == null ? null : key.trim();
        if (k == null || k.isEmpty() || !isPrintable(k)) {
            throw new DescriberException(
                    0,
                    "invalid_api_key",
                    k == null || k.isEmpty()
                            ? "No API key for this call"
                            : "The API key contains whitespace or non-printable characters",
                    null);
        }
        return k;
    }

    private static boolean isPrintable(String key) {
        return key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
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
     * Slowest upload rate tolerated. A request's deadline also runs while its body is sent, so uploads get
     * {@code readTimeout + length / minUploadBytesPerSecond}.
     */
    public long minUploadBytesPerSecond() {
        return minUploadBytesPerSecond;
    }

    /** Host of an HTTP proxy for all calls (API and signed storage URLs), or null for direct connections. */
    public String proxyHost() {
        return proxyHost;
    }

    public int proxyPort() {
        return proxyPort;
    }

    /** User for the proxy's Basic authentication, or null. */
    public String proxyUsername() {
        return proxyUsername;
    }

    public String proxyPassword() {
        return proxyPassword;
    }

    /** TLS setup (trust and key material) for https connections, or null for the JVM's default. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Most pooled connections of the client, to all hosts together. */
    public int maxTotalConnections() {
        return maxTotalConnections;
    }

    /** Most pooled connections to one host (the API, or one storage host). */
    public int connectionsPerRoute() {
        return connectionsPerRoute;
    }

    /** Age after which a pooled connection is not reused, or null for no limit. */
    public Duration connectionTimeToLive() {
        return connectionTimeToLive;
    }

    /** A pooled connection idle this long is closed (before a server or load balancer drops it unannounced). */
    public Duration connectionIdleTimeout() {
        return connectionIdleTimeout;
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
                + uploadVerificationTimeout + ", directUploadLimit=" + directUploadLimit
                + (proxyHost != null ? ", proxy=" + proxyHost + ":" + proxyPort : "")
                + (proxyUsername != null ? ", proxyUsername=" + proxyUsername + ", proxyPassword=****" : "")
                + (sslContext != null ? ", sslContext=custom" : "") + ", maxTotalConnections=" + maxTotalConnections
                + ", connectionsPerRoute=" + connectionsPerRoute + "]";
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
        private ApiKeySource apiKeySource;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(120);
        private int maxRetries = 5;
        private Duration maxRetryDelay = Duration.ofSeconds(60);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration uploadPollInterval = Duration.ofSeconds(2);
        private Duration uploadVerificationTimeout = Duration.ofMinutes(10);
        private long directUploadLimit = DescriberClient.DIRECT_UPLOAD_LIMIT;
        private long minUploadBytesPerSecond = 256 * 1024;
        private String proxyHost;
        private int proxyPort;
        private String proxyUsername;
        private String proxyPassword;
        private SSLContext sslContext;
        private int maxTotalConnections = DEFAULT_MAX_TOTAL_CONNECTIONS;
        private int connectionsPerRoute = DEFAULT_CONNECTIONS_PER_ROUTE;
        private Duration connectionTimeToLive;
        private Duration connectionIdleTimeout = DEFAULT_CONNECTION_IDLE_TIMEOUT;

        private Builder() {}

        /** An HTTP proxy for every call; {@code host} null or blank for none. */
        public Builder proxy(String host, int port) {
            this.proxyHost = host;
            this.proxyPort = port;
            return this;
        }

        /** Basic credentials for the proxy; {@code username} null for none. */
        public Builder proxyCredentials(String username, String password) {
            this.proxyUsername = username;
            this.proxyPassword = password;
            return this;
        }

        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder maxTotalConnections(int maxTotalConnections) {
            this.maxTotalConnections = maxTotalConnections;
            return this;
        }

        public Builder connectionsPerRoute(int connectionsPerRoute) {
            this.connectionsPerRoute = connectionsPerRoute;
            return this;
        }

        /** null for no limit. */
        public Builder connectionTimeToLive(Duration connectionTimeToLive) {
            this.connectionTimeToLive = connectionTimeToLive;
            return this;
        }

        public Builder connectionIdleTimeout(Duration connectionIdleTimeout) {
            this.connectionIdleTimeout = connectionIdleTimeout;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Takes the key from {@code source} at each call instead of a fixed {@link #apiKey(String)}; null for none. */
        public Builder apiKeySource(ApiKeySource source) {
            this.apiKeySource = source;
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
            return "ClientSettings.Builder[baseUrl=" + baseUrl + ", apiKey="
                    + (apiKey == null && apiKeySource == null ? "null" : "****") + "]";
        }
    }
}
