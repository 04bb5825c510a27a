package io.describer.examples.sandbox;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one shared Jackson mapper and the parse errors turned into 400s. */
final class SandboxJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private SandboxJson() {}

    static ObjectNode parseObject(InputStream in, String what) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON in " + what + ": " + e.getOriginalMessage());
        }
        return requireObject(node, what);
    }

    static ObjectNode parseObject(String text, String what) {
        try {
            return requireObject(MAPPER.readTree(text), what);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON in " + what + ": " + e.getOriginalMessage());
        }
    }

    private static ObjectNode requireObject(JsonNode node, String what) {
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw ApiException.badRequest(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text of a string field, or null when absent/null; 400 naming the field when it is not a string. */
    static String text(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalidField(path, "must be a string");
        }
        return value.asText();
    }
}
