package io.describer.camel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.Language;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kaoto, for real: {@code src/test/kaoto} installs Kaoto 2.7.1 and its Camel Main 4.18.4 catalog from npm, merges the
 * committed describer entry into that catalog (what the README's Kaoto section tells users to do) and runs Kaoto's own
 * model code on a YAML route: the describer steps must be recognised with their options as form fields, an option set
 * the way Kaoto's form sets it must serialize to YAML that Camel loads and runs. Needs Node.js and npm (on the build
 * machines); the first run downloads about 1 GB of npm packages into {@code target/kaoto-check}.
 */
class KaotoEditorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCES = Path.of("src/test/kaoto");
    private static final Path WORK = Path.of("target/kaoto-check").toAbsolutePath();
    private static final String CATALOG = "node_modules/@kaoto/camel-catalog/dist/camel-catalog/camel-main/4.18.4";

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    private static JsonNode kaoto;

    @BeforeAll
    static void runKaoto() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "dom.cjs", "kaoto-check.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve(CATALOG))) {
            run(600, "npm", "ci", "--no-audit", "--no-fund", "--legacy-peer-deps");
        }
        run(
                120,
                "node_modules/.bin/esbuild",
                "kaoto-check.mjs",
                "--bundle",
                "--platform=node",
                "--format=cjs",
                "--outfile=kaoto-check.cjs",
                "--external:jsdom",
                "--loader:.css=empty",
                "--loader:.scss=empty",
                "--loader:.svg=dataurl",
                "--loader:.png=empty",
                "--loader:.woff=empty",
                "--loader:.woff2=empty",
                "--log-level=error");
        Path index;
        try (Stream<Path> files = Files.list(WORK.resolve(CATALOG))) {
            index = files.filter(f -> f.getFileName().toString().startsWith("index-"))
                    .findFirst()
                    .orElseThrow();
        }
        String out = run(
                120,
                "node",
                "-r",
                "./dom.cjs",
                "kaoto-check.cjs",
                index.toString(),
                Path.of("src/main/kaoto/describer-components.json")
                        .toAbsolutePath()
                        .toString(),
                Path.of("src/test/resources/kaoto/describe-news.camel.yaml")
                        .toAbsolutePath()
                        .toString());
        kaoto = JSON.readTree(out);
    }

    @Test
    void kaotoRecognisesTheDescriberStepsAndTheirOptions() throws Exception {
        JsonNode steps = kaoto.get("steps");
        assertThat(steps).hasSize(2);
        JsonNode producer = steps.get(0);
        assertThat(producer.at("/parameters/operation").asText()).isEqualTo("video");
        assertThat(producer.at("/parameters/language").asText()).isEqualTo("es-ES");
        assertThat(producer.at("/parameters/category").asText()).isEqualTo("news");
        JsonNode consumer = steps.get(1);
        assertThat(consumer.at("/parameters/operation").asText()).isEqualTo("results");
        assertThat(consumer.at("/parameters/checkConcurrency").asInt()).isEqualTo(8);

        List<String> options = new ArrayList<>();
        JsonNode describer = JSON.readTree(Path.of("src/generated/resources/META-INF/io/describer/camel/describer.json")
                .toFile());
        describer.get("properties").fieldNames().forEachRemaining(options::add);
        List<String> fields = new ArrayList<>();
        producer.get("formFields").forEach(f -> fields.add(f.asText()));
        assertThat(fields).as("Kaoto's form fields for a describer step").containsAll(options);
        assertThat(producer.get("apiKeyFormat").asText())
                .as("the key is a password field")
                .isEqualTo("password");
    }

    @Test
    void aRouteEditedInKaotoLoadsAndRunsInCamel() throws Exception {
        String yaml = kaoto.get("serialized").asText();
        assertThat(yaml).contains("adType: extended_ad");
        api.stubFor(post("/enterprise/api/generate_ad_video").willReturn(WireMockSupport.newJob("m-k1")));
        try (CamelContext context = new DefaultCamelContext()) {
            DescriberComponent component = context.getComponent("describer", DescriberComponent.class);
            component.getConfiguration().setApiKey(WireMockSupport.API_KEY);
            component.getConfiguration().setBaseUrl(WireMockSupport.baseUrl(api));
            WireMockSupport.useJobStore(context, tmp);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("kaoto.camel.yaml", yaml));
            context.start();

            DescriberEndpoint producer = context.getEndpoints().stream()
                    .filter(e -> e instanceof DescriberEndpoint d && d.getOperation() == DescriberOperation.VIDEO)
                    .map(DescriberEndpoint.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertThat(producer.getConfiguration().getAdType()).isEqualTo(AdType.EXTENDED_AD);
            assertThat(producer.getConfiguration().getLanguage()).isEqualTo(Language.ES_ES);

            context.createProducerTemplate()
                    .sendBodyAndHeader("direct:videos", null, DescriberConstants.MEDIA_ID, "m-k1");
        }
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_video"))
                        .withRequestBody(matchingJsonPath("$.generation_config.ad_type", equalTo("extended_ad")))
                        .withRequestBody(matchingJsonPath("$.generation_config.language", equalTo("es-ES"))));
    }

    private static String run(int timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile(WORK, "run", ".log");
        Path stdout = Files.createTempFile(WORK, "out", ".txt");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(WORK.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(log.toFile())
                    .start();
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    "KaotoEditorIT needs Node.js and npm on the PATH (" + String.join(" ", command) + "): " + e, e);
        }
        assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
                .as("%s finished within %s s", String.join(" ", command), timeoutSeconds)
                .isTrue();
        String err = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("%s failed:%n%s", String.join(" ", command), err)
                .isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
