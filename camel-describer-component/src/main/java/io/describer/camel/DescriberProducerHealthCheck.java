package io.describer.camel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.DescriberException;
import io.describer.camel.client.DescriberNetworkException;
import io.describer.camel.client.DescriberNotFoundException;
import io.describer.camel.client.HttpDescriberClient;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready when the service answers this endpoint's own API key (its apiKey, or option tenant's key). The API has no
 * health call, so the check asks for the
 * results of a job that cannot exist: "not found" proves the service is reachable and accepts the key, at no cost.
 *
 * <p>A probe is one call, never retried, on a client of its own with short timeouts (the endpoint's client would run
 * the whole retry policy: 13 s with the API down), and the check answers within {@link #ANSWER_WITHIN} whatever the
 * network does (a DNS lookup is bounded by no HTTP timeout). The answer is kept for {@code healthCheckInterval}, so
 * frequent probes by an orchestrator cost one API call per interval.
 *
 * <p>Other tenants (named by header) are teams of their own: their state (stopped by a refused key, paused by a plan
 * or rate limit, held back by their queue) shows in the details ({@link TenantStates}), never the check's verdict, so
 * one customer's revoked key does not take the application out of a load balancer. Only the endpoint's own key being
 * refused turns it DOWN.
 */
final class DescriberProducerHealthCheck extends AbstractHealthCheck implements AutoCloseable {

    static final String PROBE_JOB_ID = "camel-describer-health-check";
    /** Connect and read timeout of the probe's own client. */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(1500);
    /** The check answers within this, with DOWN "no answer" if the probe has not finished. */
    static final Duration ANSWER_WITHIN = Duration.ofMillis(1900);

    private final DescriberEndpoint endpoint;

    private DescriberClient probeClient;
    private boolean ownsProbeClient;
    private ExecutorService executor;
    /** The probe still running after its answer was given up on: not started twice. */
    private CompletableFuture<Verdict> running;

    private Verdict last;
    private long lastAtNanos;

    DescriberProducerHealthCheck(DescriberEndpoint endpoint, String routeId) {
        super("camel", "producer:describer-" + routeId);
        this.endpoint = endpoint;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            // job starts whose outcome is unknown wait for an operator: say so wherever the service's health is read
            builder.detail("uncertainSubmissions", endpoint.getJobStore().countUncertain());
        } catch (RuntimeException e) {
            builder.detail("uncertainSubmissions", "unknown: " + e.getMessage());
        }
        // a tenant whose key the service refused is stopped on its own; the others (and this verdict) go on
        String refused = endpoint.getComponent().getTenants().all().values().stream()
                .filter(t -> t.refusedAt() != null)
                .map(DescriberTenants.Tenant::id)
                .sorted()
                .collect(java.util.stream.Collectors.joining(","));
        if (!refused.isEmpty()) {
            builder.detail("tenantsWithRefusedKey", refused);
        }
        builder.details(TenantStates.of(endpoint.getComponent()));
        String own = endpoint.getDefaultTenant() != null ? endpoint.getDefaultTenant() : DescriberTenants.DEFAULT;
        builder.detail("ownTenant", own);
        Verdict v;
        synchronized (this) {
            // the endpoint's own key refused since the last probe: probe again now rather than replay an UP
            Instant ownRefused = endpoint.getComponent().getTenants().get(own).refusedAt();
            if (ownRefused != null && last != null && last.up() && ownRefused.isAfter(last.checkedAt())) {
                last = null;
            }
            v = verdict();
        }
        v.applyTo(builder, endpoint.getConfiguration().getBaseUrl());
    }

    private synchronized Verdict verdict() {
        long interval =
                TimeUnit.MILLISECONDS.toNanos(endpoint.getConfiguration().getHealthCheckInterval());
        if (last != null && System.nanoTime() - lastAtNanos < interval) {
            return last;
        }
        if (running == null || running.isDone()) {
            DescriberClient client;
            try {
                client = probeClient();
            } catch (GeneralSecurityException | IOException e) {
                // e.g. sslContextParameters that cannot be loaded: no call can be made at all
                return Verdict.down("The describer client cannot be set up: " + reason(e), null, null, e);
            }
            running = CompletableFuture.supplyAsync(() -> probe(client), executor());
        }
        Verdict v;
        try {
            v = running.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            v = Verdict.down(
                    "No answer from " + hostPort() + " within " + ANSWER_WITHIN.toMillis() + " ms", null, null, null);
        } catch (ExecutionException e) {
            v = Verdict.down("The describer health probe failed: " + reason(e.getCause()), null, null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.down("Interrupted while asking " + hostPort(), null, null, null);
        }
        last = v;
        lastAtNanos = System.nanoTime();
        return v;
    }

    private Verdict probe(DescriberClient client) {
        try {
            client.getResults(PROBE_JOB_ID);
            return Verdict.up(null);
        } catch (DescriberNotFoundException expected) {
            return Verdict.up(null);
        } catch (DescriberNetworkException e) {
            // no answer at all: say why from what the connection met
            return noAnswer(e.getCause() instanceof IOException io ? io : e);
        } catch (DescriberException e) {
            if (e.getStatus() == 429) {
                // reachable and the key is known; the team is only over a limit right now
                return Verdict.up("The describer API accepts the key but limits calls now (" + e.getStatus() + " "
                        + e.getCode() + ")");
            }
            String why = e.getStatus() == 401 || e.getStatus() == 403
                    ? "The describer API at " + hostPort() + " refused the API key"
                    : "The describer API at " + hostPort() + " answered with an error";
            return Verdict.down(why + ": " + e.getMessage(), e.getStatus(), e.getCode(), e);
        } catch (IOException | RuntimeException e) {
            return noAnswer(e);
        }
    }

    private Verdict noAnswer(Exception e) {
        // HttpTransport reports a read timeout and a missed deadline as SocketTimeoutException
        if (e instanceof java.net.SocketTimeoutException) {
            return Verdict.down(
                    "No answer from " + hostPort() + " within " + PROBE_TIMEOUT.toMillis() + " ms", null, null, e);
        }
        if (causedBy(e, UnknownHostException.class) || causedBy(e, UnresolvedAddressException.class)) {
            return Verdict.down("Unknown host " + host() + ": the name of baseUrl does not resolve", null, null, e);
        }
        if (causedBy(e, ConnectException.class)) {
            return Verdict.down("Cannot connect to " + hostPort() + ": connection refused", null, null, e);
        }
        return Verdict.down("The describer API at " + hostPort() + " cannot be reached: " + reason(e), null, null, e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The first message along the causes: the JDK's ConnectException has none ("cannot be reached: null"). */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
            if (t.getCause() == null || t.getCause() == t) {
                return t.getClass().getSimpleName();
            }
        }
        return "unknown error";
    }

    private DescriberClient probeClient() throws GeneralSecurityException, IOException {
        if (probeClient == null) {
            if (endpoint.getConfiguration().getClient() != null) {
                // a client the user gave: its own settings apply; the answer is still bounded by ANSWER_WITHIN
                probeClient = endpoint.getConfiguration().getClient();
            } else {
                probeClient = new HttpDescriberClient(endpoint.clientSettings().toBuilder()
                        .maxRetries(0)
                        .connectTimeout(PROBE_TIMEOUT)
                        .readTimeout(PROBE_TIMEOUT)
                        .build());
                ownsProbeClient = true;
            }
        }
        return probeClient;
    }

    private ExecutorService executor() {
        if (executor == null) {
            executor = endpoint.getCamelContext()
                    .getExecutorServiceManager()
                    .newSingleThreadExecutor(this, "DescriberHealthCheck");
        }
        return executor;
    }

    private String host() {
        return URI.create(endpoint.getConfiguration().getBaseUrl()).getHost();
    }

    private String hostPort() {
        URI uri = URI.create(endpoint.getConfiguration().getBaseUrl());
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        if (ownsProbeClient && probeClient != null) {
            probeClient.close();
        }
        probeClient = null;
        ownsProbeClient = false;
        last = null;
        running = null;
    }

    /** One probe's answer, replayed to every check within the interval. */
    private record Verdict(
            boolean up, String message, Integer status, String code, Throwable error, Instant checkedAt) {

        static Verdict up(String message) {
            return new Verdict(true, message, null, null, null, Instant.now());
        }

        static Verdict down(String message, Integer status, String code, Throwable error) {
            return new Verdict(false, message, status, code, error, Instant.now());
        }

        void applyTo(HealthCheckResultBuilder builder, String baseUrl) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("baseUrl", baseUrl);
            details.put("checkedAt", checkedAt.toString());
            if (status != null) {
                details.put(HealthCheck.HTTP_RESPONSE_CODE, status);
            }
            if (code != null) {
                details.put("code", code);
            }
            builder.details(details);
            if (message != null) {
                builder.message(message);
            }
            if (error != null) {
                builder.error(error);
            }
            if (up) {
                builder.up();
            } else {
                builder.down();
            }
        }
    }
}
