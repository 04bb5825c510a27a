package io.describer.examples.springboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.describer.camel.DescriberComponent;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring Boot example as a user runs it, against the sandbox: its application.properties bind the component, its
 * YAML route describes a dropped video end to end, and the actuator shows the describer health checks.
 */
@SpringBootTest(classes = DescriberBootApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DescriberBootExampleIT {

    private static SandboxServer sandbox;
    private static Path work;

    @Autowired
    CamelContext camel;

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void sandboxAndFolders(DynamicPropertyRegistry registry) throws IOException {
        sandbox = SandboxServer.start(SandboxSettings.fastForTests());
        work = Files.createTempDirectory("describer-boot-example");
        // what a user sets in the environment (DESCRIBER_BASE_URL, DESCRIBER_API_KEY) or on the command line
        registry.add("camel.component.describer.base-url", sandbox::baseUrl);
        registry.add("camel.component.describer.api-key", sandbox::apiKey);
        registry.add("camel.component.describer.job-poll-interval", () -> "100");
        registry.add("describer.example.work-dir", work::toString);
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void propertiesOfTheExampleAreBoundOnTheComponent() {
        DescriberComponent describer = camel.getComponent("describer", DescriberComponent.class);
        assertThat(describer.getConfiguration().getBaseUrl()).isEqualTo(sandbox.baseUrl());
        assertThat(describer.getConfiguration().getFormat()).isEqualTo(OutputFormat.SRT);
        assertThat(describer.getConfiguration().getCategory()).isEqualTo(VideoCategory.EDUCATIONAL_LECTURE);
        assertThat(describer.getConfiguration().getLanguage()).isEqualTo(Language.EN_GB);
        assertThat(describer.getJobStoreLocation())
                .isEqualTo(work.resolve("jobs").toString());
    }

    @Test
    void droppedVideoIsDescribedIntoTheOutputFolder() throws IOException {
        DroppedVideos.drop(work.resolve("input"), "lecture.mp4");

        // .srt: the format of application.properties reached the API; text/: the route's enum headers compare
        // (${header.CamelDescriberOutputType} == 'text') and print (the folder) as their text under Spring Boot too
        DroppedVideos.awaitScript(work.resolve("output/text/lecture.ad.srt"));
        assertThat(work.resolve("input/.done/lecture.mp4")).exists();
        // the embedded job store lives where the properties put it, an SQLite file (jobs.db)
        assertThat(work.resolve("jobs.db")).exists();
        assertThat(org.h2.engine.Constants.VERSION).startsWith("2.3.");
    }

    @Test
    void actuatorHealthShowsTheDescriberChecks() throws IOException {
        ResponseEntity<String> response = http.getForEntity("/actuator/health", String.class);
        JsonNode health = new ObjectMapper().readTree(response.getBody());

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        // camel.health.producers-enabled and exposure-level=full of application.properties: one entry per check
        JsonNode checks = health.path("components").path("camelHealth").path("details");
        assertThat(checks.path("producer:describer-describe-submit").asText())
                .as(response.getBody())
                .isEqualTo("UP");
        assertThat(checks.path("producer:describer-describe-submit.data")
                        .path("baseUrl")
                        .asText())
                .isEqualTo(sandbox.baseUrl());
        assertThat(checks.path("consumer:describe-deliver").asText())
                .as(response.getBody())
                .isEqualTo("UP");
    }
}
