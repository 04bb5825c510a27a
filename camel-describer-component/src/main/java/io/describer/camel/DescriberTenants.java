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

    /** One tenant's state. */
    public static final class Tenant {
        private final String id;
        private final ApiRateLimiter pauses;
        private volatile byte[] refusedKey;
        private volatile Instant refusedAt;

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
    }

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Clock clock;

    public DescriberTenants(Clock clock) {
        this.clock = clock;
    }

    public Tenant get(String tenant) {
        return tenants.computeIfAbsent(tenant == null ? DEFAULT : tenant, Tenant::new);
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
