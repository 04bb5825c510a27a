package io.describer.camel;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kaoto catalog files under {@code src/main/kaoto} are generated from the component's catalog JSON and committed:
 * a catalog library (what Kaoto's "catalog URL" setting loads), its index, and the components file with the describer
 * entry and the JSON schema Kaoto builds its forms from. Regenerate them with {@code -Dkaoto.catalog.write=true}.
 */
class KaotoCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path DIR = Path.of("src/main/kaoto");
    private static final String LIBRARY = "describer-catalog-library.json";
    private static final String INDEX = "describer-catalog-index.json";
    private static final String COMPONENTS = "describer-components.json";

    @Test
    void theCommittedCatalogIsGeneratedFromTheComponentJson() throws Exception {
        JsonNode describer = describerJson();
        List<Object[]> files = List.of(
                new Object[] {LIBRARY, library(describer)},
                new Object[] {INDEX, index(describer)},
                new Object[] {COMPONENTS, components(describer)});
        for (Object[] f : files) {
            Path path = DIR.resolve((String) f[0]);
            String generated = JSON.writeValueAsString(f[1]) + "\n";
            if (Boolean.getBoolean("kaoto.catalog.write")) {
                Files.createDirectories(DIR);
                Files.writeString(path, generated);
            }
            assertThat(path)
                    .as("run this test with -Dkaoto.catalog.write=true to regenerate " + path)
                    .exists();
            assertThat(Files.readString(path))
                    .as(path + " is out of date: run this test with -Dkaoto.catalog.write=true")
                    .isEqualTo(generated);
        }
    }

    @Test
    void theLibraryLeadsToTheDescriberComponent() throws Exception {
        JsonNode library = read(LIBRARY);
        assertThat(library.get("name").asText()).isNotBlank();
        JsonNode definition = library.get("definitions").get(0);
        assertThat(definition.get("runtime").asText()).isEqualTo("Main");
        assertThat(definition.get("version").asText())
                .isEqualTo(describerJson().at("/component/version").asText());
        JsonNode index = read(definition.get("fileName").asText());
        JsonNode components = read(index.at("/catalogs/components/file").asText());
        assertThat(components.at("/describer/component/scheme").asText()).isEqualTo("describer");
        assertThat(components.at("/describer/component/artifactId").asText()).isEqualTo("camel-describer");
    }

    @Test
    void everyOptionAndHeaderIsInTheCatalog() throws Exception {
        JsonNode source = describerJson();
        JsonNode entry = read(COMPONENTS).get("describer");
        for (String section : List.of("componentProperties", "properties", "headers")) {
            List<String> names = names(source.get(section));
            assertThat(names).as(section).isNotEmpty();
            assertThat(names(entry.get(section))).as(section).containsExactlyInAnyOrderElementsOf(names);
        }
        JsonNode schema = entry.get("propertiesSchema");
        assertThat(names(schema.get("properties")))
                .containsExactlyInAnyOrderElementsOf(names(source.get("properties")));
        assertThat(schema.at("/properties/apiKey/format").asText()).isEqualTo("password");
        assertThat(schema.at("/properties/operation/enum"))
                .extracting(JsonNode::asText)
                .contains("video", "results");
        assertThat(schema.get("required")).extracting(JsonNode::asText).contains("operation");
    }

    private static JsonNode describerJson() throws Exception {
        try (InputStream in =
                KaotoCatalogTest.class.getResourceAsStream("/META-INF/io/describer/camel/describer.json")) {
            return JSON.readTree(in);
        }
    }

    private static JsonNode read(String file) throws Exception {
        return JSON.readTree(DIR.resolve(file).toFile());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode library(JsonNode describer) {
        ObjectNode library =
                JSON.createObjectNode().put("name", "camel-describer").put("version", 1);
        library.putArray("definitions")
                .addObject()
                .put(
                        "name",
                        "camel-describer " + describer.at("/component/version").asText())
                .put("version", describer.at("/component/version").asText())
                .put("runtime", "Main")
                .put("fileName", INDEX);
        return library;
    }

    private static ObjectNode index(JsonNode describer) {
        ObjectNode index = JSON.createObjectNode()
                .put("name", "camel-describer")
                .put("version", describer.at("/component/version").asText())
                .put("runtime", "Main");
        index.putObject("catalogs")
                .putObject("components")
                .put("name", "components")
                .put("description", "The describer component")
                .put("version", describer.at("/component/version").asText())
                .put("file", COMPONENTS);
        index.putObject("schemas");
        return index;
    }

    /** The describer entry as Kaoto's component catalog holds it: Camel's JSON plus a JSON schema of the options. */
    private static ObjectNode components(JsonNode describer) {
        ObjectNode entry = describer.deepCopy();
        ObjectNode schema = entry.putObject("propertiesSchema")
                .put("$schema", "http://json-schema.org/draft-07/schema#")
                .put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        describer.get("properties").fields().forEachRemaining(e -> {
            JsonNode option = e.getValue();
            ObjectNode p = properties.putObject(e.getKey());
            p.put("title", option.path("displayName").asText(e.getKey()));
            p.put("group", option.path("group").asText());
            p.put("type", schemaType(option));
            p.put("description", option.path("description").asText());
            if (option.has("defaultValue")) {
                p.set("default", option.get("defaultValue"));
            }
            if (option.has("enum")) {
                p.set("enum", option.get("enum"));
            }
            if (option.path("secret").asBoolean()) {
                p.put("format", "password");
            }
            if (option.path("deprecated").asBoolean()) {
                p.put("deprecated", true);
            }
            if (option.path("required").asBoolean()) {
                required.add(e.getKey());
            }
        });
        ObjectNode components = JSON.createObjectNode();
        components.set("describer", entry);
        return components;
    }

    private static String schemaType(JsonNode option) {
        return switch (option.path("type").asText()) {
            case "boolean" -> "boolean";
            case "integer" -> "integer";
            case "number" -> "number";
            default -> "string"; // durations, enums and beans (#bean:name) are written as text
        };
    }
}
