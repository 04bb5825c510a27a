package io.describer.camel.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated properties class (src/build/Generator.java; camel-spring-boot's generator plugin is not published for
 * 4.18) against the component's catalog JSON, as the configuration processor reads it back: a failure here means the
 * generator writes an option in a way the processor misreads (the expected field is in the failure message).
 */
class DescriberComponentConfigurationTest {

    private static final String PREFIX = "camel.component.describer.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyComponentOptionHasAPropertyWithItsTypeDescriptionAndDefault() throws IOException {
        Map<String, JsonNode> properties = springProperties();
        List<String> problems = new ArrayList<>();
        componentOptions().forEach((name, option) -> {
            JsonNode property = properties.get(PREFIX + kebab(name));
            if (property == null) {
                problems.add(
                        "no property for option " + name + "; the generator should write:\n" + fieldFor(name, option));
                return;
            }
            String expectedType = propertyType(option);
            if (!expectedType.equals(property.path("type").asText())) {
                problems.add(name + ": type " + property.path("type").asText() + ", expected " + expectedType);
            }
            if (!property.path("description").asText().equals(description(option))) {
                problems.add(name + ": description '"
                        + property.path("description").asText() + "', expected '" + description(option) + "'");
            }
            String expectedDefault = normalizedDefault(option, option.path("defaultValue"));
            String actualDefault = normalizedDefault(option, property.path("defaultValue"));
            if (!expectedDefault.equals(actualDefault)) {
                problems.add(name + ": default " + actualDefault + ", expected " + expectedDefault);
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void noPropertyWithoutAComponentOption() throws IOException {
        TreeSet<String> expected = new TreeSet<>();
        componentOptions().keySet().forEach(name -> expected.add(PREFIX + kebab(name)));
        // the two every camel-spring-boot component starter has: auto-configuration and customizer switches
        expected.add(PREFIX + "enabled");
        expected.add(PREFIX + "customizer.enabled");

        assertThat(new TreeSet<>(springProperties().keySet())).isEqualTo(expected);
    }

    @Test
    void optionsListingInDocsIsTheBuildsMetadata() throws IOException {
        // src/main/docs/describer.json is refreshed by the build (antrun, process-classes); a stale commit fails here
        JsonNode built = readResource("META-INF/spring-configuration-metadata.json");
        JsonNode listed = JSON.readTree(Files.readString(Path.of("src/main/docs/describer.json")));
        assertThat(listed).isEqualTo(built);
    }

    private static Map<String, JsonNode> componentOptions() throws IOException {
        Map<String, JsonNode> options = new LinkedHashMap<>();
        readResource("META-INF/io/describer/camel/describer.json")
                .path("componentProperties")
                .properties()
                .forEach(e -> options.put(e.getKey(), e.getValue()));
        assertThat(options).as("component options in the catalog JSON").hasSizeGreaterThan(30);
        return options;
    }

    private static Map<String, JsonNode> springProperties() throws IOException {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (JsonNode p :
                readResource("META-INF/spring-configuration-metadata.json").path("properties")) {
            properties.put(p.path("name").asText(), p);
        }
        return properties;
    }

    private static JsonNode readResource(String name) throws IOException {
        try (InputStream in =
                DescriberComponentConfigurationTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return JSON.readTree(in);
        }
    }

    /** Wrapper types, so unset means "leave the component's value"; durations as Duration, so "1h" binds as in Main. */
    private static String propertyType(JsonNode option) {
        if ("duration".equals(option.path("type").asText())) {
            return Duration.class.getName();
        }
        return switch (option.path("javaType").asText()) {
            case "boolean" -> Boolean.class.getName();
            case "int" -> Integer.class.getName();
            case "long" -> Long.class.getName();
            case "double" -> Double.class.getName();
            default -> option.path("javaType").asText();
        };
    }

    /** As camel-spring-boot's generator writes it: bean-typed options say their type. */
    private static String description(JsonNode option) {
        String text = option.path("description").asText();
        if ("object".equals(option.path("type").asText())) {
            return (text.endsWith(".") ? text : text + ".") + " The option is a "
                    + option.path("javaType").asText() + " type.";
        }
        return text;
    }

    private static String normalizedDefault(JsonNode option, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "(none)";
        }
        String text = value.asText();
        if ("duration".equals(option.path("type").asText())) {
            // both write 10s or 1h, but compare the durations, not their spelling
            return DurationStyle.detectAndParse(text).toMillis() + "ms";
        }
        if ("enum".equals(option.path("type").asText())) {
            return text.toLowerCase().replace('_', '-');
        }
        if ("number".equals(option.path("type").asText())) {
            // the catalog writes a double's default as 0.0, Spring's metadata as 0
            return Double.toString(Double.parseDouble(text));
        }
        return text;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String fieldFor(String name, JsonNode option) {
        String type = propertyType(option);
        String simple = type.substring(type.lastIndexOf('.') + 1);
        String dv = option.path("defaultValue").asText(null);
        return "    /**\n     * " + description(option) + "\n     */\n    private " + simple + " " + name
                + (dv == null ? "" : " = " + dv + " /* as " + simple + " */") + ";\n    (plus getter and setter)";
    }
}
