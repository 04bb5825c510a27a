package io.describer.camel.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDK {@link HttpClient} (HTTP/1.1, no redirects, no hidden retries) plus what every exchange needs: the API key
 * on API calls only, timeouts, DEBUG logging without secrets, and error answers turned into exceptions.
 */
final class HttpTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDescriberClient.class);
    static final String API_KEY_HEADER = "X-API-Key";

    private final ClientSettings settings;
    private final HttpClient http;

    HttpTransport(ClientSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    ClientSettings settings() {
        return settings;
    }

    /**
     * An API call: sends the key, returns the parsed 2xx answer, throws the {@link DescriberException} subtype of an
     * error answer.
     */
    <T> T api(String operation, HttpRequest.Builder builder, long bodyLength, Class<T> answerType) throws IOException {
        HttpRequest request = builder.header(API_KEY_HEADER, settings.apiKey())
                .header("Accept", "application/json")
                .timeout(settings.timeoutFor(bodyLength))
                .build();
        String target = request.uri().getRawPath()
                + (request.uri().getRawQuery() != null ? "?" + request.uri().getRawQuery() : "");
        HttpResponse<String> response;
        try {
            response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), target);
        } catch (IOException e) {
            // typed, so a route can tell "no answer" from an error answer, and whether a job may exist
            throw new DescriberNetworkException(operation, e);
        }
        // a service that echoes the key must not leak it into messages
        String body = Redaction.mask(response.body(), settings.apiKey());
        if (!isSuccess(response.statusCode())) {
            throw ApiErrors.fromResponse(
                    response.statusCode(),
                    body,
                    response.headers().firstValue("Retry-After").orElse(null));
        }
        try {
            return Json.read(body, answerType);
        } catch (JsonProcessingException e) {
            // the call succeeded server-side: repeating it could start a second job, so the caller decides
            DescriberInvalidResponseException invalid =
                    new DescriberInvalidResponseException(response.statusCode(), operation, e.getOriginalMessage());
            LOG.warn("{} answered {} with a body that is not the expected JSON", operation, response.statusCode());
            throw invalid;
        }
    }

    /** Sends without adding anything; logs method, target (never a query string of a signed URL), status and time. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String logTarget)
            throws IOException {
        long start = System.nanoTime();
        try {
            HttpResponse<T> response = http.send(request, handler);
            LOG.debug("{} {} -> {} ({} ms)", request.method(), logTarget, response.statusCode(), elapsedMs(start));
            return response;
        } catch (IOException e) {
            LOG.debug("{} {} failed after {} ms: {}", request.method(), logTarget, elapsedMs(start), e.toString());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted during " + request.method() + " " + logTarget);
        }
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
        // HttpClient is AutoCloseable from Java 21 on; on 17 its threads end once it is unreachable
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing the HTTP client failed: {}", e.toString());
            }
        }
    }
}
