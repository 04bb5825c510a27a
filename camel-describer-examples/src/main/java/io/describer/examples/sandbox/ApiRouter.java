package io.describer.examples.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /enterprise/api/*}: routes by endpoint name and applies, in order, the API key check (401), scripted faults,
 * the rate limit (429) and the handler; every {@link ApiException} becomes its JSON error answer.
 */
final class ApiRouter implements HttpHandler {

    static final String PREFIX = "/enterprise/api/";
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    @FunctionalInterface
    private interface Endpoint {
        void handle(HttpExchange exchange) throws IOException;
    }

    private record Route(String method, Endpoint endpoint) {}

    private final Sandbox sandbox;
    private final Map<String, Route> routes;

    ApiRouter(Sandbox sandbox) {
        this.sandbox = sandbox;
        UploadEndpoints uploads = new UploadEndpoints(sandbox);
        JobEndpoints jobs = new JobEndpoints(sandbox);
        this.routes = Map.of(
                "upload_media", new Route("POST", uploads::uploadMedia),
                "notify_upload_complete", new Route("POST", uploads::notifyUploadComplete),
                "get_upload_status", new Route("GET", uploads::getUploadStatus),
                "generate_ad_text", new Route("POST", ex -> jobs.generate(SandboxJobType.TEXT, ex)),
                "generate_ad_audio", new Route("POST", ex -> jobs.generate(SandboxJobType.AUDIO, ex)),
                "generate_ad_video", new Route("POST", ex -> jobs.generate(SandboxJobType.VIDEO, ex)),
                "get_results", new Route("GET", jobs::getResults));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(PREFIX.length());
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        int status = 200;
        Object reason = null;
        try {
            Route route = routes.get(name);
            if (route == null) {
                throw ApiException.notFound(
                        "Unknown endpoint: " + exchange.getRequestURI().getPath());
            }
            if (!route.method().equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", route.method());
                throw ApiException.of(405, "method_not_allowed", name + " accepts " + route.method() + " only");
            }
            authenticate(exchange);
            if ((name.equals("upload_media") || name.startsWith("generate_ad_"))
                    && HttpIo.mediaType(exchange).equals("multipart/form-data")) {
                exchange.setStreams(sandbox.stats.countingMedia(exchange.getRequestBody()), null);
            }
            ApiException fault = sandbox.faults.take(name);
            if (fault != null) {
                throw fault;
            }
            long retryAfter = sandbox.rateLimiter.acquire();
            if (retryAfter > 0) {
                throw ApiException.tooManyRequests(
                        "rate_limit_exceeded",
                        "Too many requests for your team. Please retry after the returned delay.",
                        retryAfter);
            }
            if (name.startsWith("generate_ad_")) {
                validated(exchange, route);
            } else {
                route.endpoint().handle(exchange);
            }
        } catch (ApiException e) {
            status = e.status();
            reason = e.body().get("message");
            Object code = e.body().containsKey("code")
                    ? e.body().get("code")
                    : e.body().get("error");
            sandbox.stats.errorAnswered(code instanceof String c && !c.contains(" ") ? c : String.valueOf(status));
            answerError(exchange, e.status(), e.body());
        } catch (Exception e) {
            status = 500;
            LOG.warn("Sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            answerError(exchange, 500, Map.of("error", "internal_error", "message", String.valueOf(e)));
        } finally {
            exchange.close();
            if (status == 400) {
                // a client's mistake: say which, as the answer does
                LOG.warn("{} {} -> 400: {}", exchange.getRequestMethod(), exchange.getRequestURI(), reason);
            } else if (name.startsWith("get_")) {
                LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), status);
            } else {
                LOG.info("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), status);
            }
        }
    }

    /**
     * A job start is validated before it is queued; the plan validates {@link SandboxSettings#maxConcurrentSubmissions()}
     * at a time and refuses more with 429 {@code concurrency_limit_exceeded} (API.md §7.3: "retry after a short
     * delay").
     */
    private void validated(HttpExchange exchange, Route route) throws IOException {
        int limit = sandbox.settings.maxConcurrentSubmissions();
        try {
            if (sandbox.validating.incrementAndGet() > limit && limit > 0) {
                throw ApiException.tooManyRequests(
                        "concurrency_limit_exceeded",
                        "Too many submissions are being validated for your team. Please retry after a short delay.",
                        1);
            }
            Duration validation = sandbox.settings.validationDelay();
            if (!validation.isZero()) {
                try {
                    Thread.sleep(validation.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            route.endpoint().handle(exchange);
        } finally {
            sandbox.validating.decrementAndGet();
        }
    }

    private void authenticate(HttpExchange exchange) {
        String key = exchange.getRequestHeaders().getFirst("X-API-Key");
        boolean ok = key != null
                && (sandbox.settings.apiKeys().contains(key)
                        || (sandbox.settings.acceptAnyVskKey() && key.startsWith("vsk_") && key.length() > 4));
        if (!ok) {
            throw ApiException.unauthorized();
        }
    }

    private void answerError(HttpExchange exchange, int status, Map<String, Object> body) {
        // read what the client is still sending (e.g. the rest of an over-size upload) so it sees this answer
        HttpIo.drain(exchange, Math.max(64 * SandboxSettings.MIB, 2 * sandbox.settings.multipartCapBytes()));
        try {
            HttpIo.sendJson(exchange, status, body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not send error answer (client gone?): {}", e.toString());
        }
    }
}
