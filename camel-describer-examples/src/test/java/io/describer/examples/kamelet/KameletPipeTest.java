package io.describer.examples.kamelet;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kamelets shipped in the component's jar run through camel-kamelet on Camel Main against the sandbox:
 * describer-sink and describer-source in the example S3-to-S3 Pipes (S3Proxy, with the catalog's aws-s3-source and
 * aws-s3-sink), describer-action in a route from a folder to a folder.
 */
class KameletPipeTest {

    @TempDir
    Path work;

    @Test
    void actionKameletHandsOnTheDescribedVideo() throws Exception {
        Path input = Files.createDirectories(work.resolve("input"));
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests())) {
            byte[] video = sample();
            Files.write(input.resolve("clip.mp4"), video);
            Main main = main(sandbox, null, "classpath:kamelet/describe-folder.camel.yaml");
            main.addOverrideProperty("folder.input", input.toString());
            main.addOverrideProperty("folder.output", work.resolve("output").toString());
            main.start();
            try {
                Path described = work.resolve("output/clip.ad.mp4");
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(input.resolve(".done/clip.mp4")));
                // the sandbox sends an MP4 source back as the described video: byte for byte
                assertThat(described).hasBinaryContent(video);
            } finally {
                main.stop();
            }
        }
    }

    @Test
    void kameletsDependOnThisVersionAndUseOnlyTheirOwnProperties() throws Exception {
        String version = DescriberKamelets.projectVersion();
        for (String name : List.of("describer-action", "describer-sink", "describer-source")) {
            String kamelet;
            try (InputStream in = getClass().getResourceAsStream("/kamelets/" + name + ".kamelet.yaml")) {
                kamelet = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(kamelet)
                    .as(name)
                    .contains("name: " + name)
                    .contains("\"mvn:io.describer:camel-describer:" + version + "\"")
                    .contains("catalog.version: \"" + version + "\"");
            String definition = kamelet.substring(kamelet.indexOf("  definition:"), kamelet.indexOf("  template:"));
            Matcher m = Pattern.compile("\\{\\{\\??([A-Za-z]+)}}").matcher(kamelet);
            while (m.find()) {
                assertThat(definition).as(name + " defines " + m.group(1)).contains("      " + m.group(1) + ":");
            }
        }
    }

    @Test
    void sinkAndSourcePipesSubmitAndDeliverThroughTheJobStore() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests());
                EmbeddedS3 s3 = EmbeddedS3.startTransient("incoming", "described")) {
            s3.client().putObject(b -> b.bucket("incoming").key("videos/clip.mp4"), RequestBody.fromBytes(sample()));
            Main main = main(
                    sandbox,
                    s3,
                    "classpath:pipes/submit-s3-videos.pipe.yaml,classpath:pipes/deliver-descriptions.pipe.yaml");
            main.start();
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> keys(s3.client(), "described").contains("videos/clip.ad.vtt"));
                String vtt = s3.client()
                        .getObjectAsBytes(b -> b.bucket("described").key("videos/clip.ad.vtt"))
                        .asUtf8String();
                assertThat(vtt).startsWith("WEBVTT").contains("-->");
                assertThat(keys(s3.client(), "described")).containsExactly("videos/clip.ad.vtt");
                // the submitting exchange kept the source's key: aws-s3-source deleted the video it consumed
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> keys(s3.client(), "incoming").isEmpty());
            } finally {
                main.stop();
            }
        }
    }

    private Main main(SandboxServer sandbox, EmbeddedS3 s3, String pipes) {
        Map<String, String> props = new LinkedHashMap<>(s3 == null ? Map.of() : s3.properties());
        props.put("camel.component.describer.api-key", sandbox.apiKey());
        props.put("camel.component.describer.base-url", sandbox.baseUrl());
        props.put(
                "camel.component.describer.job-store-location",
                work.resolve("jobs").toString());
        props.put("camel.component.describer.job-poll-interval", "100");
        props.put("camel.kamelet.aws-s3-source.delay", "200");
        Main main = new Main();
        // the Pipes' own settings file, as camel run in their folder reads it
        main.setPropertyPlaceholderLocations("classpath:pipes/application.properties");
        main.configure().withRoutesIncludePattern(pipes);
        props.forEach(main::addOverrideProperty);
        return main;
    }

    private static byte[] sample() throws Exception {
        try (InputStream in = KameletPipeTest.class.getResourceAsStream("/samples/sample.mp4")) {
            return in.readAllBytes();
        }
    }

    private static Set<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                .map(o -> o.key())
                .collect(Collectors.toSet());
    }
}
