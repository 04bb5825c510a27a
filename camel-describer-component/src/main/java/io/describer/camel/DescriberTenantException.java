package io.describer.camel;

import io.describer.camel.client.DescriberException;

/**
 * A message's tenant cannot be served: its name is invalid, the key resolver knows no key for it, or the service
 * refused its key (401) and it has not been rotated since. Thrown before any HTTP call of that tenant; names the tenant
 * and where it came from, never the key.
 */
public class DescriberTenantException extends DescriberException {

    public static final String INVALID_TENANT = "invalid_tenant";
    public static final String UNKNOWN_TENANT = "unknown_tenant";
    public static final String KEY_REFUSED = "tenant_key_refused";

    private final String tenant;

    public DescriberTenantException(int status, String code, String tenant, String message) {
        super(status, code, message, null);
        this.tenant = tenant;
    }

    /** The tenant as given (shortened when too long to be one). */
    public String getTenant() {
        return tenant;
    }
}
