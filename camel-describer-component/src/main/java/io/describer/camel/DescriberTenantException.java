package io.describer.camel;

import io.describer.camel.client.DescriberException;

/**
 * A message's tenant cannot be served: its name is invalid, the key resolver knows no key for it, the service
 * refused its key (401) and it has not been rotated since, or (code {@value #PLAN_LIMIT}) the service said the tenant
 * is out of credits and its job starts are paused. Thrown before any HTTP call of that tenant; names the tenant
 * and where it came from, never the key.
 */
public class DescriberTenantException extends DescriberException {

    public static final String INVALID_TENANT = "invalid_tenant";
    public static final String UNKNOWN_TENANT = "unknown_tenant";
    public static final String KEY_REFUSED = "tenant_key_refused";
    /** The service answered plan_limit_exceeded to an earlier start of the tenant: its starts are paused. */
    public static final String PLAN_LIMIT = "tenant_plan_limit";

    private final String tenant;

    public DescriberTenantException(int status, String code, String tenant, String message) {
        this(status, code, tenant, message, null);
    }

    /** @param retryAfter how long the tenant stays paused (a plan limit), or null */
    public DescriberTenantException(
            int status, String code, String tenant, String message, java.time.Duration retryAfter) {
        super(status, code, message, retryAfter);
        this.tenant = tenant;
    }

    /** The tenant as given (shortened when too long to be one). */
    public String getTenant() {
        return tenant;
    }
}
