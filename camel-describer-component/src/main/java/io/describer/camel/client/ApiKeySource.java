package io.describer.camel.client;

import java.io.IOException;
import java.util.Objects;

/**
 * Where a client takes its API key from. Asked at every API call (each attempt), so a key rotated in a vault or a
 * properties file is used from the next call on, without a restart; never asked for signed-URL transfers.
 */
@FunctionalInterface
public interface ApiKeySource {

    /** The key for the next call. Throws a {@link DescriberException} when there is none (e.g. an unknown team). */
    String apiKey() throws IOException;

    /** The service answered 401 to a call made with {@code key}: e.g. stop using it until it is rotated. */
    default void refused(String key) {}

    /** Always the same key. */
    static ApiKeySource of(String key) {
        Objects.requireNonNull(key, "key");
        return new ApiKeySource() {
            @Override
            public String apiKey() {
                return key;
            }

            @Override
            public String toString() {
                return "ApiKeySource[****]";
            }
        };
    }
}
