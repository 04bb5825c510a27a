package io.describer.examples.springboot;

import java.nio.file.Files;
import java.nio.file.Path;

import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example's YAML route, unchanged, under Camel Main with the same camel.component.describer.* settings: the
 * enum-header comparison that decides whether a script is written holds here as it does under Spring Boot.
 */
class DescriberMainTwinIT {

    @TempDir
    Path work;

    @Test
    void sameRouteDescribesTheSameWayUnderCamelMain() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests())) {
            Main main = new Main();
            main.configure().withRoutesIncludePattern("classpath:camel/describe-folder.camel.yaml");
            main.addOverrideProperty("camel.component.describer.base-url", sandbox.baseUrl());
            main.addOverrideProperty("camel.component.describer.api-key", sandbox.apiKey());
            main.addOverrideProperty("camel.component.describer.format", "srt");
            main.addOverrideProperty("camel.component.describer.category", "educational-lecture");
            main.addOverrideProperty("camel.component.describer.job-poll-interval", "100");
            main.addOverrideProperty(
                    "camel.component.describer.job-store-location",
                    work.resolve("jobs").toString());
            main.addOverrideProperty(
                    "describer.example.input", work.resolve("input").toString());
            main.addOverrideProperty(
                    "describer.example.output", work.resolve("output").toString());
            main.start();
            try {
                DroppedVideos.drop(work.resolve("input"), "lecture.mp4");
                DroppedVideos.awaitScript(work.resolve("output/text/lecture.ad.srt"));
            } finally {
                main.stop();
            }
            assertThat(Files.exists(work.resolve("input/.done/lecture.mp4"))).isTrue();
        }
    }
}
