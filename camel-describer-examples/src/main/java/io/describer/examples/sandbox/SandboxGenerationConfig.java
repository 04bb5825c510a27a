package io.describer.examples.sandbox;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated {@code generation_config} (API.md §4) with the documented defaults applied. {@link #parse} answers 400
 * naming the field for any value outside §5, and for {@code extended_ad} on the audio endpoint.
 */
record SandboxGenerationConfig(
        String language,
        String format,
        String adType,
        String videoCategory,
        String voice,
        String customInstructions,
        boolean readAllOnscreenText,
        boolean autoFit,
        boolean allowDescriptionsOverMusic,
        String customCaptions,
        String volumeOption,
        Double volumeLevelDb,
        String audioTrackType,
        String descriptionContent) {

    private static final String P = "generation_config.";

    static SandboxGenerationConfig parse(JsonNode config, SandboxJobType type) {
        if (config != null && !config.isNull() && !config.isObject()) {
            throw ApiException.invalidField("generation_config", "must be a JSON object");
        }
        JsonNode c = config == null || config.isNull() ? MissingNode.getInstance() : config;
        String adType =
                oneOf(c, "ad_type", Vocabulary.AD_TYPES, type == SandboxJobType.AUDIO ? "standard_ad" : "extended_ad");
        if (type == SandboxJobType.AUDIO && adType.equals("extended_ad")) {
            throw ApiException.invalidField(
                    P + "ad_type",
                    "generate_ad_audio supports Standard AD only; use standard_ad (extended_ad is available for text and video)");
        }
        Double volumeDb = null;
        JsonNode db = c.get("volume_level_db");
        if (db != null && !db.isNull()) {
            if (!db.isNumber()) {
                throw ApiException.invalidField(P + "volume_level_db", "must be a number");
            }
            volumeDb = db.asDouble();
            if (volumeDb < -10 || volumeDb > 0) {
                throw ApiException.invalidField(P + "volume_level_db", volumeDb + " is outside -10 .. 0 (dBFS)");
            }
        }
        String voice = string(c, "voice", "Achernar");
        if (voice.isBlank()) {
            // the voice list is not published (API.md §5.2), so only emptiness is an error
            throw ApiException.invalidField(P + "voice", "must not be empty");
        }
        return new SandboxGenerationConfig(
                oneOf(c, "language", Vocabulary.LANGUAGES, "en-US"),
                oneOf(c, "format", Vocabulary.FORMATS, "vtt"),
                adType,
                oneOf(c, "video_category", Vocabulary.CATEGORIES, "Auto"),
                voice,
                string(c, "custom_instructions", ""),
                bool(c, "read_all_onscreen_text", false),
                bool(c, "auto_fit", true),
                bool(c, "allow_descriptions_over_music", true),
                captions(c),
                oneOf(c, "volume_option", Vocabulary.VOLUME_OPTIONS, "auto"),
                volumeDb,
                oneOf(c, "audio_track_type", Vocabulary.AUDIO_TRACK_TYPES, "mixed"),
                string(c, "description_content", null));
    }

    /** Reads the V2-style flat body ({@code {"media_id": ..., "language": ...}}) as a generation_config. */
    static JsonNode flatConfig(JsonNode body) {
        ObjectNode config = SandboxJson.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!List.of("media_id", "url", "source_url", "filename", "input").contains(field.getKey())) {
                config.set(field.getKey(), field.getValue());
            }
        }
        return config;
    }

    private static String oneOf(JsonNode c, String field, List<String> allowed, String dflt) {
        String value = string(c, field, dflt);
        if (!allowed.contains(value)) {
            throw ApiException.invalidField(
                    P + field, "'" + value + "' is not supported. Valid values: " + String.join(", ", allowed));
        }
        return value;
    }

    private static String string(JsonNode c, String field, String dflt) {
        String value = SandboxJson.text(c, field, P + field);
        return value == null ? dflt : value;
    }

    private static boolean bool(JsonNode c, String field, boolean dflt) {
        JsonNode value = c.get(field);
        if (value == null || value.isNull()) {
            return dflt;
        }
        if (!value.isBoolean()) {
            throw ApiException.invalidField(P + field, "must be true or false");
        }
        return value.asBoolean();
    }

    private static String captions(JsonNode c) {
        JsonNode captions = c.get("custom_captions");
        if (captions == null || captions.isNull()) {
            return null;
        }
        if (!captions.isObject()) {
            throw ApiException.invalidField(P + "custom_captions", "must be an object with a 'content' string");
        }
        String content = SandboxJson.text(captions, "content", P + "custom_captions.content");
        if (content == null || content.isBlank()) {
            throw ApiException.invalidField(P + "custom_captions.content", "is required");
        }
        return content;
    }
}
