package io.describer.camel;

import java.util.Map;
import java.util.Objects;

/**
 * Keys from a map of tenant to key, read at each call: a key replaced in the map is used from the next call on. A
 * {@code Map<String, String>} bean given as option apiKeyResolver is wrapped in one.
 */
public final class MapApiKeyResolver implements DescriberApiKeyResolver {

    private final Map<String, String> keys;

    public MapApiKeyResolver(Map<String, String> keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public String apiKey(String tenant) {
        return keys.get(tenant);
    }

    @Override
    public String toString() {
        // the tenants, never the keys
        return "MapApiKeyResolver" + keys.keySet();
    }
}
