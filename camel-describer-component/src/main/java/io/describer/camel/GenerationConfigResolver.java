package io.describer.camel;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.ApiValue;
import io.describer.camel.client.model.AudioTrackType;
import io.describer.camel.client.model.CustomCaptions;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import io.describer.camel.client.model.VolumeOption;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.IOHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the generation config of one request: endpoint options, each overridden by its header when present. */
final class GenerationConfigResolver {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationConfigResolver.class);

    /** Voice ids seen in the service's documentation; it has more, so unknown ids are only warned about. */
    static final Set<String> KNOWN_VOICES = Set.of(
            "Achernar",
            "Achird",
            "Algenib",
            "Algieba",
            "Alnilam",
            "Aoede",
            "Autonoe",
            "Callirrhoe",
            "Charon",
            "Despina",
            "Enceladus",
            "Erinome",
            "Fenrir",
            "Gacrux",
            "Iapetus",
            "Kore",
            "Laomedeia",
            "Leda",
            "Orus",
            "Pulcherrima",
            "Puck",
            "Rasalgethi",
            "Sadachbia",
            "Sadaltager",
            "Schedar",
            "Sulafat",
            "Umbriel",
            "Vindemiatrix",
            "Zephyr",
            "Zubenelgenubi");

    /** A single token with a resource scheme; caption text always has spaces or line breaks. */
    private static final Pattern RESOURCE_URI = Pattern.compile("(classpath|file|https?|ref|bean):\\S+");

    private GenerationConfigResolver() {}

    /** The endpoint's own config (no message), with custom captions loaded: resolved once at start. */
    static GenerationConfig fromEndpoint(CamelContext context, DescriberConfiguration c) {
        warnOnUnknownVoice(c.getVoice());
        return new GenerationConfig()
                .setLanguage(c.getLanguage())
                .setCategory(c.getCategory())
                .setFormat(c.getFormat())
                .setAdType(c.getAdType())
                .setVoice(c.getVoice())
                .setCustomInstructions(c.getCustomInstructions())
                .setReadAllOnscreenText(c.getReadAllOnscreenText())
                .setAutoFit(c.getAutoFit())
                .setAllowDescriptionsOverMusic(c.getAllowDescriptionsOverMusic())
                .setCustomCaptions(captions(context, c.getCustomCaptions()))
                .setVolumeOption(c.getVolumeOption())
                .setVolumeLevelDb(c.getVolumeLevelDb())
                .setAudioTrackType(c.getAudioTrackType())
                .setDescriptionContent(c.getDescriptionContent());
    }

    /**
     * The endpoint's config with the message's header overrides applied, checked for the job type. Every error names
     * the header a bad value came from, since the route's own options were already checked at start.
     */
    static GenerationConfig forMessage(GenerationConfig base, Message in, JobType type) {
        GenerationConfig g = base.copy();
        Map<String, String> fromHeaders = new LinkedHashMap<>();
        apiValue(in, DescriberConstants.LANGUAGE, "language", Language.class, g::setLanguage, fromHeaders);
        apiValue(in, DescriberConstants.CATEGORY, "category", VideoCategory.class, g::setCategory, fromHeaders);
        apiValue(in, DescriberConstants.FORMAT, "format", OutputFormat.class, g::setFormat, fromHeaders);
        apiValue(in, DescriberConstants.AD_TYPE, "adType", AdType.class, g::setAdType, fromHeaders);
        apiValue(
                in,
                DescriberConstants.VOLUME_OPTION,
                "volumeOption",
                VolumeOption.class,
                g::setVolumeOption,
                fromHeaders);
        apiValue(
                in,
                DescriberConstants.AUDIO_TRACK_TYPE,
                "audioTrackType",
                AudioTrackType.class,
                g::setAudioTrackType,
                fromHeaders);
        String voice = in.getHeader(DescriberConstants.VOICE, String.class);
        if (voice != null) {
            warnOnUnknownVoice(voice);
            g.setVoice(voice);
        }
        ifPresent(in.getHeader(DescriberConstants.CUSTOM_INSTRUCTIONS, String.class), g::setCustomInstructions);
        Boolean onscreen = booleanHeader(in, DescriberConstants.READ_ALL_ONSCREEN_TEXT, "readAllOnscreenText");
        if (onscreen != null) {
            g.setReadAllOnscreenText(onscreen);
            fromHeaders.put("readAllOnscreenText", DescriberConstants.READ_ALL_ONSCREEN_TEXT);
        }
        ifPresent(booleanHeader(in, DescriberConstants.AUTO_FIT, "autoFit"), g::setAutoFit);
        ifPresent(
                booleanHeader(in, DescriberConstants.ALLOW_DESCRIPTIONS_OVER_MUSIC, "allowDescriptionsOverMusic"),
                g::setAllowDescriptionsOverMusic);
        String captions = in.getHeader(DescriberConstants.CUSTOM_CAPTIONS, String.class);
        if (captions != null && !captions.isBlank()) {
            // the text itself only: a header may come from outside, and must not make us read and send local files
            g.setCustomCaptions(CustomCaptions.of(captions, null));
        }
        Double level = doubleHeader(in, DescriberConstants.VOLUME_LEVEL_DB, "volumeLevelDb");
        if (level != null) {
            g.setVolumeLevelDb(level);
            fromHeaders.put("volumeLevelDb", DescriberConstants.VOLUME_LEVEL_DB);
        }
        ifPresent(in.getHeader(DescriberConstants.DESCRIPTION_CONTENT, String.class), g::setDescriptionContent);
        List<String> problems = g.problemsFor(type);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid generation config for " + type + " jobs: "
                    + problems.stream().map(p -> withHeaders(p, fromHeaders)).collect(Collectors.joining("; ")));
        }
        return g;
    }

    /** Appends the headers whose values a problem (worded with option names, e.g. "adType=...") is about. */
    private static String withHeaders(String problem, Map<String, String> fromHeaders) {
        List<String> headers = fromHeaders.entrySet().stream()
                .filter(e -> problem.contains(e.getKey() + "="))
                .map(Map.Entry::getValue)
                .toList();
        return headers.isEmpty() ? problem : problem + " [from header " + String.join(", header ", headers) + "]";
    }

    private static <T> void ifPresent(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static <E extends Enum<E> & ApiValue> void apiValue(
            Message in,
            String header,
            String option,
            Class<E> type,
            Consumer<E> setter,
            Map<String, String> fromHeaders) {
        Object value = in.getHeader(header);
        if (value == null) {
            return;
        }
        if (type.isInstance(value)) {
            setter.accept(type.cast(value));
        } else {
            try {
                setter.accept(ApiValue.parse(type, option, value.toString()));
            } catch (IllegalArgumentException e) {
                throw invalidHeader(header, option, value, ApiValue.validValues(type));
            }
        }
        fromHeaders.put(option, header);
    }

    /**
     * Camel's own conversion reads anything but exactly "true"/"false" (e.g. " false", "yes") as no header at all, so
     * the endpoint's value was sent silently; here padding is ignored and anything else is refused, naming the header.
     */
    private static Boolean booleanHeader(Message in, String header, String option) {
        Object value = in.getHeader(header);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = value.toString().trim();
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.valueOf(text);
        }
        throw invalidHeader(header, option, value, "true, false");
    }

    /** A number or its text; anything else is refused naming the header (Camel's conversion error names neither). */
    private static Double doubleHeader(Message in, String header, String option) {
        Object value = in.getHeader(header);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            throw invalidHeader(
                    header,
                    option,
                    value,
                    "a number from " + (int) GenerationConfig.MIN_VOLUME_LEVEL_DB + " to "
                            + (int) GenerationConfig.MAX_VOLUME_LEVEL_DB);
        }
    }

    private static IllegalArgumentException invalidHeader(String header, String option, Object value, String valid) {
        return new IllegalArgumentException("Invalid value '" + value + "' in header " + header
                + " (it overrides option " + option + "); valid values: " + valid);
    }

    /** Captions are the text itself, or a resource (classpath:, file:, http:, ref:, bean:) holding it. */
    static CustomCaptions captions(CamelContext context, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (RESOURCE_URI.matcher(value).matches()) {
            try (InputStream is = ResourceHelper.resolveMandatoryResourceAsInputStream(context, value)) {
                String name = value.substring(value.lastIndexOf('/') + 1);
                return CustomCaptions.of(IOHelper.loadText(is).strip(), name.contains(":") ? null : name);
            } catch (Exception e) {
                throw new IllegalArgumentException(
                        "Cannot read customCaptions resource " + value + ": " + e.getMessage(), e);
            }
        }
        return CustomCaptions.of(value, null);
    }

    private static void warnOnUnknownVoice(String voice) {
        if (voice != null && !KNOWN_VOICES.contains(voice)) {
            LOG.warn("Voice '{}' is not one of the documented voices {}; sending it anyway", voice, KNOWN_VOICES);
        }
    }
}
