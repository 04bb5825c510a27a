package io.describer.camel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.describer.camel.client.ApiKeySource;
import io.describer.camel.client.ApiRateLimiter;
import io.describer.camel.client.DescriberRateLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the component keeps per tenant (a team of the service: its own key, credits and limits, API.md §8): the pause
 * of its 429 rate_limit_exceeded answers and whether the service refused its key. One tenant's pause or refused key
 * never holds another's calls. Never holds a key: a refused key is remembered by its SHA-256 digest only.
 */
public final class DescriberTenants {

    /** The tenant of messages without header or option: the endpoint's own apiKey. */
    public static final String DEFAULT = "default";

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** A refused key is tried again after this, in case the 401 was the service's mistake. */
    static final Duration REFUSED_RECHECK = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(DescriberTenants.class);

    /** Job starts of a tenant out of credits wait this long before one start asks the service again. */
    public static final Duration PLAN_LIMIT_RECHECK = Duration.ofMinutes(5);

    /** One tenant's state. */
    public static final class Tenant {
        private final String id;
        private final ApiRateLimiter pauses;
        private volatile byte[] refusedKey;
        private volatile Instant refusedAt;
        /** Set by a 429 plan_limit_exceeded: no job start of this tenant is sent before it (null: none). */
        private Instant planLimitedUntil;

        private Instant planLimitedAt;
        private String planLimitMessage;

        Tenant(String id) {
            this.id = id;
            // no ceiling of its own: the component's ceiling is shared; this one only carries the team's pauses
            this.pauses = ApiRateLimiter.perSecond(0);
        }

        public String id() {
            return id;
        }

        /** Paused by the tenant's 429 rate_limit_exceeded answers only. */
        public ApiRateLimiter pauses() {
            return pauses;
        }

        /** When the service last refused the tenant's current key, or null. */
        public Instant refusedAt() {
            return refusedAt;
        }

        /** Until when the tenant's job starts fail without a call after plan_limit_exceeded, or null. */
        public synchronized Instant planLimitedUntil() {
            return planLimitedUntil;
        }

        /** When the service last answered plan_limit_exceeded to a start of this tenant, or null once cleared. */
        public synchronized Instant planLimitedAt() {
            return planLimitedAt;
        }

        /** The service's message of that answer (never a key: the service does not echo it), or null. */
        public synchronized String planLimitMessage() {
            return planLimitMessage;
        }

        /** Until when the service's 429 rate_limit_exceeded answers pause this tenant's calls, or null. */
        public Instant rateLimitedUntil(Clock clock) {
            long millis = pauses.pausedFor().toMillis();
            return millis > 0 ? clock.instant().plusMillis(millis) : null;
        }

        synchronized void planLimited(Instant now, Duration recheck, String message) {
            if (planLimitedAt == null) {
                LOG.warn(
                        "Tenant '{}' is out of credits (429 plan_limit_exceeded: {}): its job starts fail without a"
                                + " call until {}; other tenants go on",
                        id,
                        message,
                        now.plus(recheck));
            }
            planLimitedAt = now;
            planLimitedUntil = now.plus(recheck);
            planLimitMessage = message;
        }

        /** Lets the tenant's job starts go to the service again (a start it accepted, or an operator). */
        public synchronized boolean clearPlanLimit() {
            if (planLimitedAt == null) {
                return false;
            }
            LOG.info("Tenant '{}': job starts go to the service again (the plan limit is cleared)", id);
            planLimitedAt = null;
            planLimitedUntil = null;
            planLimitMessage = null;
            return true;
        }

        /**
         * Throws while a plan limit holds this tenant's starts; once the recheck time has passed, lets exactly one
         * start through when {@code claim} (the others keep failing until it answers or another interval passes).
         */
        synchronized void checkPlanLimit(Instant now, Duration recheck, boolean claim) throws DescriberTenantException {
            if (planLimitedUntil == null) {
                return;
            }
            if (!now.isBefore(planLimitedUntil)) {
                if (!claim) {
                    return;
                }
                // this start asks the service again; the next ones wait for its answer
                planLimitedUntil = now.plus(recheck);
                return;
            }
            throw new DescriberTenantException(
                    429,
                    DescriberTenantException.PLAN_LIMIT,
                    id,
                    "Tenant '" + id + "' is out of credits: the service answered 429 plan_limit_exceeded ("
                            + planLimitMessage + ") at " + planLimitedAt + "; its job starts fail without a call"
                            + " until " + planLimitedUntil + " (planLimitRecheckInterval), when one start asks"
                            + " again, or until an operator clears it (DescriberTenants.clearPlanLimit); other"
                            + " tenants go on",
                    Duration.between(now, planLimitedUntil));
        }
    }

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Duration planLimitRecheck = PLAN_LIMIT_RECHECK;

    public DescriberTenants(Clock clock) {
        this.clock = clock;
    }

    public Tenant get(String tenant) {
        return tenants.computeIfAbsent(tenant == null ? DEFAULT : tenant, Tenant::new);
    }

    /** How long a tenant's starts fail without a call after plan_limit_exceeded (option planLimitRecheckInterval). */
    public void setPlanLimitRecheck(Duration recheck) {
        this.planLimitRecheck = recheck;
    }

    public Duration getPlanLimitRecheck() {
        return planLimitRecheck;
    }

    /**
     * Before a job start of {@code tenant} (null: the endpoints' own keys): fails without a call while the service
     * says the tenant is out of credits.
     */
    public void checkPlanLimit(String tenant) throws DescriberTenantException {
        get(tenant).checkPlanLimit(clock.instant(), planLimitRecheck, true);
    }

    /** As {@link #checkPlanLimit}, without taking the one start let through after the recheck time (a pre-check). */
    public void failIfPlanLimited(String tenant) throws DescriberTenantException {
        get(tenant).checkPlanLimit(clock.instant(), planLimitRecheck, false);
    }

    /** After a job start of {@code tenant}: a plan_limit_exceeded answer pauses its starts; an accepted one clears it. */
    public void startAnswered(String tenant, Throwable failure) {
        Tenant state = get(tenant);
        DescriberRateLimitException refusal = failure == null
                ? null
                : org.apache.camel.util.ObjectHelper.getException(DescriberRateLimitException.class, failure);
        if (refusal != null && refusal.isPlanLimit()) {
            state.planLimited(clock.instant(), planLimitRecheck, refusal.getApiMessage());
        } else if (failure == null) {
            state.clearPlanLimit();
        }
    }

    /** Lets {@code tenant}'s job starts go to the service again at once (an operator after a top-up). */
    public boolean clearPlanLimit(String tenant) {
        return get(tenant).clearPlanLimit();
    }

    /** The tenants seen so far, by name. */
    public Map<String, Tenant> all() {
        return new LinkedHashMap<>(new java.util.TreeMap<>(tenants));
    }

    /** Null (the default tenant) for null, blank or {@value #DEFAULT}; the name if valid; otherwise throws. */
    static String validate(String tenant, String from) throws DescriberTenantException {
        if (tenant == null || tenant.isBlank() || DEFAULT.equals(tenant.trim())) {
            return null;
        }
        String t = tenant.trim();
        if (!NAME.matcher(t).matches()) {
            String shown = t.length() > 64 ? t.substring(0, 64) + "..." : t;
            throw new DescriberTenantException(
                    0,
                    DescriberTenantException.INVALID_TENANT,
                    shown,
                    "Invalid tenant '" + shown + "' from " + from + "; valid values: 1 to 64 letters, digits, '.', '_'"
                            + " or '-'");
        }
        return t;
    }

    /**
     * The key source of a tenant: asks {@code resolver} at each call; no key, or the key the service refused (until it
     * is rotated or {@link #REFUSED_RECHECK} has passed), fails the call before it is sent.
     */
    ApiKeySource keySource(String tenant, DescriberApiKeyResolver resolver, String where) {
        Tenant state = get(tenant);
        return new ApiKeySource() {
            @Override
            public String apiKey() throws DescriberTenantException {
                String key = resolve(tenant, resolver, where);
                byte[] refused = state.refusedKey;
                Instant at = state.refusedAt;
                if (refused != null && Arrays.equals(refused, digest(key))) {
                    if (at != null && clock.instant().isBefore(at.plus(REFUSED_RECHECK))) {
                        throw new DescriberTenantException(
                                401,
                                DescriberTenantException.KEY_REFUSED,
                                tenant,
                                "Tenant '" + tenant + "': the service refused its API key (401) at " + at
                                        + "; its calls" + " stop until the key is rotated (" + where + ")");
                    }
                } else if (refused != null) {
                    LOG.info("Tenant '{}' has a new API key: its calls resume", tenant);
                    state.refusedKey = null;
                    state.refusedAt = null;
                }
                return key;
            }

            @Override
            public void refused(String key) {
                if (state.refusedKey == null) {
                    LOG.warn(
                            "Tenant '{}': the service refused its API key (401); its calls stop until the key is"
                                    + " rotated ({}); other tenants go on",
                            tenant,
                            where);
                }
                state.refusedKey = digest(key);
                state.refusedAt = clock.instant();
            }

            @Override
            public String toString() {
                return "ApiKeySource[tenant=" + tenant + "]";
            }
        };
    }

    /** The tenant's key from the resolver, or a typed failure naming the tenant and where its key should be. */
    static String resolve(String tenant, DescriberApiKeyResolver resolver, String where)
            throws DescriberTenantException {
        String key;
        try {
            key = resolver.apiKey(tenant);
        } catch (RuntimeException e) {
            // the resolver's message may quote what it read: only its type is passed on
            throw new DescriberTenantException(
                    0,
                    DescriberTenantException.UNKNOWN_TENANT,
                    tenant,
                    "No API key for tenant '" + tenant + "': the key resolver failed ("
                            + e.getClass().getSimpleName() + "); " + where);
        }
        if (key == null || key.isBlank()) {
            throw new DescriberTenantException(
                    0,
                    DescriberTenantException.UNKNOWN_TENANT,
                    tenant,
                    "Unknown tenant '" + tenant + "': no API key for it; " + where);
        }
        return key;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
