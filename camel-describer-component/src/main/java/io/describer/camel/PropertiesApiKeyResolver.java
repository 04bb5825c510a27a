package io.describer.camel;

import java.util.Objects;
import java.util.Optional;

import org.apache.camel.CamelContext;

/**
 * A tenant's key is a Camel property, by default {@code describer.tenant.<tenant>.api-key}, read through the context's
 * properties component at each call: its value may be an {@code {{env:...}}} or vault placeholder, and a rotated value
 * is used from the next call on.
 */
public final class PropertiesApiKeyResolver implements DescriberApiKeyResolver {

    public static final String DEFAULT_PATTERN = "describer.tenant.{tenant}.api-key";

    private final CamelContext context;
    private final String pattern;

    public PropertiesApiKeyResolver(CamelContext context, String pattern) {
        this.context = Objects.requireNonNull(context, "context");
        this.pattern = pattern == null || pattern.isBlank() ? DEFAULT_PATTERN : pattern;
        if (!this.pattern.contains("{tenant}")) {
            throw new IllegalArgumentException("Invalid value '" + pattern + "' for option tenantApiKeyProperty;"
                    + " valid values: a property name containing {tenant}, such as " + DEFAULT_PATTERN);
        }
    }

    /** The property that holds the tenant's key. */
    public String propertyOf(String tenant) {
        return pattern.replace("{tenant}", tenant);
    }

    @Override
    public String apiKey(String tenant) {
        Optional<String> value = context.getPropertiesComponent().resolveProperty(propertyOf(tenant));
        if (value.isEmpty()) {
            return null;
        }
        String v = value.get();
        // a value that is itself a placeholder (env, vault) is resolved now, at the call
        return v.contains("{{") ? context.resolvePropertyPlaceholders(v) : v;
    }

    @Override
    public String toString() {
        return "PropertiesApiKeyResolver[" + pattern + "]";
    }
}
