package io.describer.camel.client;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.describer.camel.client.model.GenerationConfig;

/**
 * The client's one {@link ObjectMapper}: lenient when reading answers (unknown fields and enum values are ignored).
 * Shared so that other layers read and write the model the same way; treat it as read-only.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    /** Reads an answer; an empty body (an undocumented answer may have none) reads as {@code {}}. */
    static <T> T read(String body, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(body == null || body.isBlank() ? "{}" : body, type);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"input": input}} plus {@code generation_config} when a config is given. */
    static ObjectNode request(ObjectNode input, GenerationConfig config) {
        ObjectNode root = object();
        root.set("input", input);
        if (config != null) {
            root.set("generation_config", MAPPER.valueToTree(config));
        }
        return root;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a JSON tree", e);
        }
    }

    static String write(GenerationConfig config) {
        return write(MAPPER.valueToTree(config));
    }

    /** The body as a JSON object, or null for anything else (HTML error pages, empty bodies, arrays). */
    static JsonNode parseObjectOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
