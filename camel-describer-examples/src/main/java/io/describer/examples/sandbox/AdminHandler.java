package io.describer.examples.sandbox;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Sandbox-only endpoints (not part of the API; no key needed, the server listens on loopback):
 * <ul>
 * <li>{@code GET /sandbox/health}: readiness, {@code {"status":"UP","base_url":...}}</li>
 * <li>{@code POST /sandbox/faults} {@code {"endpoint":"generate_ad_text","status":429,"code":"concurrency_limit_exceeded","times":2,"retry_after":1}}:
 * scripts faults from another process (the standalone demo)</li>
 * <li>{@code DELETE /sandbox/faults}: clears them</li>
 * </ul>
 */
final class AdminHandler implements HttpHandler {

    private final Sandbox sandbox;

    AdminHandler(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/sandbox/health") && (method.equals("GET") || method.equals("HEAD"))) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", "UP");
                body.put("base_url", sandbox.baseUrl());
                HttpIo.sendJson(exchange, 200, body);
            } else if (path.equals("/sandbox/faults") && method.equals("POST")) {
                ObjectNode body = SandboxJson.parseObject(exchange.getRequestBody(), "fault");
                JsonNode retry = body.get("retry_after");
                sandbox.faults.add(
                        body.path("endpoint").asText("*"),
                        new FaultInjector.Fault(
                                body.path("status").asInt(500),
                                SandboxJson.text(body, "code", "code"),
                                SandboxJson.text(body, "message", "message"),
                                retry == null || retry.isNull() ? null : retry.asLong(),
                                body.path("times").asInt(1)));
                HttpIo.sendJson(exchange, 200, Map.of("status", "scheduled"));
            } else if (path.equals("/sandbox/faults") && method.equals("DELETE")) {
                sandbox.faults.clear();
                HttpIo.sendJson(exchange, 200, Map.of("status", "cleared"));
            } else {
                HttpIo.sendJson(exchange, 404, Map.of("error", "not_found", "message", "Unknown sandbox path " + path));
            }
        } catch (ApiException e) {
            HttpIo.sendJson(exchange, e.status(), e.body());
        } finally {
            exchange.close();
        }
    }
}
