package io.describer.camel.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Apache HttpClient 5 (classic, blocking I/O, what camel-http is built on) with a connection pool, plus what every
 * exchange needs: the API key on API calls only, timeouts, proxy and TLS settings, DEBUG logging without secrets, and
 * error answers turned into exceptions. No hidden retries and no redirects: the {@link RetryPolicy} decides.
 */
final class HttpTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDescriberClient.class);
    static final String API_KEY_HEADER = "X-API-Key";
    /**
     * Buffer of one media transfer: 1 MiB writes go from our buffer straight to the socket (HttpClient's own 8 KiB
     * session buffer is bypassed for writes larger than it), which is what brings uploads to curl's speed.
     */
    static final int TRANSFER_BUFFER = 1024 * 1024;

    /** What an API answer needs after its connection is released. */
    record Answer(int status, String body, String retryAfter) {}

    private final ClientSettings settings;
    private final CloseableHttpClient http;
    private final HttpHost proxy;
    private final UsernamePasswordCredentials proxyCredentials;
    /** Ends requests that outlive their deadline (a socket timeout only bounds one read, not a stalled upload). */
    private final ScheduledThreadPoolExecutor deadlines;

    HttpTransport(ClientSettings settings) {
        this.settings = settings;
        ConnectionConfig.Builder connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setSocketTimeout(Timeout.of(settings.readTimeout()))
                // a pooled connection the server closed meanwhile is detected before it is used again
                .setValidateAfterInactivity(TimeValue.ofSeconds(2));
        if (settings.connectionTimeToLive() != null) {
            connection.setTimeToLive(TimeValue.of(settings.connectionTimeToLive()));
        }
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setConnectionFactory(QuietConnection.FACTORY)
                .setMaxConnTotal(settings.maxTotalConnections())
                .setMaxConnPerRoute(settings.connectionsPerRoute())
                .setDefaultConnectionConfig(connection.build())
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setTcpNoDelay(true)
                        .setSoTimeout(Timeout.of(settings.readTimeout()))
                        .build());
        if (settings.sslContext() != null) {
            pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(settings.sslContext()));
        }
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(pool.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.readTimeout()))
                        // no "Upgrade: TLS/1.2" offer on plain http (sandbox, test servers, proxies take it badly)
                        .setProtocolUpgradeEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                // downloads are counted and checked against Content-Length byte for byte
                .disableContentCompression()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.of(settings.connectionIdleTimeout()))
                .setUserAgent("camel-describer");
        if (settings.proxyHost() != null) {
            proxy = new HttpHost(settings.proxyHost(), settings.proxyPort());
            builder.setProxy(proxy);
            if (settings.proxyUsername() != null) {
                proxyCredentials = new UsernamePasswordCredentials(
                        settings.proxyUsername(),
                        settings.proxyPassword() == null
                                ? new char[0]
                                : settings.proxyPassword().toCharArray());
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(new AuthScope(proxy), proxyCredentials);
                // answers a challenge (407) of the proxy for a scheme other than Basic
                builder.setDefaultCredentialsProvider(credentials);
            } else {
                proxyCredentials = null;
            }
        } else {
            proxy = null;
            proxyCredentials = null;
        }
        this.http = builder.build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "describer-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);
    }

    ClientSettings settings() {
        return settings;
    }

    /**
     * An API call: sends the key, returns the parsed 2xx answer, throws the {@link DescriberException} subtype of an
     * error answer.
     */
    <T> T api(String operation, HttpUriRequestBase request, long bodyLength, Class<T> answerType, ApiKeySource keys)
            throws IOException {
        // asked per attempt: a rotated key is used from the next call on
        String key = ClientSettings.checkedKey(keys.apiKey());
        request.setHeader(API_KEY_HEADER, key);
        request.setHeader("Accept", "application/json");
        String target = request.getRequestUri();
        Answer answer;
        try {
            answer = send(
                    request,
                    settings.timeoutFor(bodyLength),
                    target,
                    response -> new Answer(
                            response.getCode(),
                            response.getEntity() == null
                                    ? ""
                                    : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8),
                            retryAfter(response)));
        } catch (IOException e) {
            // typed, so a route can tell "no answer" from an error answer, and whether a job may exist
            throw new DescriberNetworkException(operation, e);
        }
        // a service that echoes the key must not leak it into messages
        String body = Redaction.mask(answer.body(), key);
        if (!isSuccess(answer.status())) {
            if (answer.status() == 401) {
                keys.refused(key);
            }
            throw ApiErrors.fromResponse(answer.status(), body, answer.retryAfter());
        }
        try {
            return Json.read(body, answerType);
        } catch (JsonProcessingException e) {
            // the call succeeded server-side: repeating it could start a second job, so the caller decides
            DescriberInvalidResponseException invalid =
                    new DescriberInvalidResponseException(answer.status(), operation, e.getOriginalMessage());
            LOG.warn("{} answered {} with a body that is not the expected JSON", operation, answer.status());
            throw invalid;
        }
    }

    /**
     * Sends without adding anything but proxy credentials, and hands the response to {@code handler} (its connection
     * is released afterwards). Logs method, target (never a query string of a signed URL), status and time.
     *
     * @param deadline the whole exchange must end within it, or null for no bound beyond the read timeout (downloads)
     */
    <T> T send(HttpUriRequestBase request, Duration deadline, String logTarget, HttpClientResponseHandler<T> handler)
            throws IOException {
        HttpClientContext context = HttpClientContext.create();
        if (proxyCredentials != null) {
            // Basic up front, so a challenge never makes a GB-sized body go out twice
            BasicScheme basic = new BasicScheme();
            basic.initPreemptive(proxyCredentials);
            context.resetAuthExchange(proxy, basic);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> guard = deadline == null
                ? null
                : deadlines.schedule(
                        () -> {
                            expired.set(true);
                            request.cancel();
                        },
                        deadline.toMillis(),
                        TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        int[] status = {0};
        try {
            return http.execute(request, context, response -> {
                status[0] = response.getCode();
                LOG.debug("{} {} -> {} ({} ms)", request.getMethod(), logTarget, status[0], elapsedMs(start));
                return handler.handleResponse(response);
            });
        } catch (IOException e) {
            IOException failure = translate(e, expired.get(), request.getMethod() + " " + logTarget, deadline);
            if (status[0] == 0) {
                LOG.debug(
                        "{} {} failed after {} ms: {}",
                        request.getMethod(),
                        logTarget,
                        elapsedMs(start),
                        failure.toString());
            }
            throw failure;
        } finally {
            if (guard != null) {
                guard.cancel(false);
            }
        }
    }

    /** HttpClient's own exception types, in the terms the {@link RetryPolicy} knows. */
    private static IOException translate(IOException e, boolean expired, String call, Duration deadline) {
        if (expired) {
            SocketTimeoutException timeout = new SocketTimeoutException(call + " did not complete within " + deadline);
            timeout.initCause(e);
            return timeout;
        }
        if (e instanceof ConnectTimeoutException) {
            // nothing was sent: the same as a refused connection
            ConnectException refused = new ConnectException(e.getMessage());
            refused.initCause(e);
            return refused;
        }
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return new InterruptedIOException("Interrupted during " + call);
        }
        return e;
    }

    /**
     * A request to a signed storage URL: its query (the signature) travels beside the request line until the connection
     * writes it, so none of HttpClient's DEBUG logs can show it.
     */
    static <R extends HttpUriRequestBase> R signed(Function<URI, R> method, URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        R request = method.apply(URI.create(url.getScheme() + "://" + url.getRawAuthority() + path));
        if (url.getRawQuery() != null) {
            request.setHeader(QuietConnection.SIGNED_QUERY, url.getRawQuery());
        }
        return request;
    }

    static String retryAfter(ClassicHttpResponse response) {
        Header h = response.getFirstHeader("Retry-After");
        return h != null ? h.getValue() : null;
    }

    Duration readTimeout() {
        return settings.readTimeout();
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close(CloseMode.GRACEFUL);
    }
}
