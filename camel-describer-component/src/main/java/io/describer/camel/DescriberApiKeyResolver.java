package io.describer.camel;

/**
 * Turns a tenant (a team of the service, with its own API key, credits and limits) into its API key. Asked at every
 * API call made for the tenant, so a rotated key takes effect at the next call. Found in the registry, or set by option
 * apiKeyResolver; without one, the key is the property {@code describer.tenant.<tenant>.api-key} (option
 * tenantApiKeyProperty), see {@link PropertiesApiKeyResolver}.
 */
@FunctionalInterface
public interface DescriberApiKeyResolver {

    /** The tenant's current API key, or null when the tenant is unknown. */
    String apiKey(String tenant);
}
