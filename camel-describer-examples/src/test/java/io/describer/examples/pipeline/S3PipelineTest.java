package io.describer.examples.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.pipeline.PipelineMain.Pipeline;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static io.describer.examples.pipeline.PipelineApp.AUDIO_ONLY;
import static io.describer.examples.pipeline.PipelineApp.NOT_MEDIA;
import static io.describer.examples.pipeline.PipelineApp.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The S3 pipeline end to end, in both DSLs: embedded S3, the real component and its job store, the sandbox API.
 * Results land next to the source key; rejections and failed jobs land under failed/; an object seen again is not
 * submitted again, neither by the running app (idempotent consumer) nor by a restarted one (the component's dedupe).
 */
class S3PipelineTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "yaml={0}")
    @ValueSource(booleans = {false, true})
    void describesIncomingVideosIntoDescribed(boolean yaml) throws Exception {
        Path sources = work.resolve("sources");
        PipelineApp.writeSources(sources);
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests());
                EmbeddedS3 s3 = EmbeddedS3.startTransient("incoming", "described")) {
            put(s3.client(), "videos/talks/" + VIDEO, sources.resolve(VIDEO));
            put(s3.client(), "videos/" + AUDIO_ONLY, sources.resolve(AUDIO_ONLY));
            put(s3.client(), "videos/" + NOT_MEDIA, sources.resolve(NOT_MEDIA));
            put(s3.client(), "videos/notes.txt", sources.resolve(NOT_MEDIA));
            put(s3.client(), "elsewhere/other.mp4", sources.resolve(VIDEO));

            try (PipelineApp app =
                    PipelineApp.start(Pipeline.S3, yaml, sandbox, work.resolve("app"), s3.properties())) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(keys(s3.client()))
                                .containsExactlyInAnyOrder(
                                        "videos/talks/clip.ad.mp4",
                                        "videos/talks/clip.ad.vtt",
                                        "failed/videos/" + AUDIO_ONLY + ".error.txt",
                                        "failed/videos/" + NOT_MEDIA + ".error.txt"));
                DescribedOutputs.assertValidVtt(
                        get(s3.client(), "videos/talks/clip.ad.vtt"), DescribedOutputs.SAMPLE_SECONDS);
                assertThat(s3.client()
                                .headObject(b -> b.bucket("described").key("videos/talks/clip.ad.vtt"))
                                .contentType())
                        .startsWith("text/vtt");
                // the sandbox sends an MP4 source back as the described video: byte for byte, or the stream was damaged
                byte[] described = s3.client()
                        .getObjectAsBytes(b -> b.bucket("described").key("videos/talks/clip.ad.mp4"))
                        .asByteArray();
                DescribedOutputs.assertMp4(described);
                assertThat(described).isEqualTo(Files.readAllBytes(sources.resolve(VIDEO)));
                assertThat(s3.client()
                                .headObject(b -> b.bucket("described").key("videos/talks/clip.ad.mp4"))
                                .contentType())
                        .isEqualTo("video/mp4");
                assertThat(get(s3.client(), "failed/videos/" + AUDIO_ONLY + ".error.txt"))
                        .startsWith("no_video_stream\n");
                assertThat(get(s3.client(), "failed/videos/" + NOT_MEDIA + ".error.txt"))
                        .startsWith("processing_failed\n");
                // later polls list every object again; none is submitted again
                Thread.sleep(1000);
                assertThat(app.submissions)
                        .containsExactlyInAnyOrder(
                                "video:" + VIDEO,
                                "text:" + VIDEO,
                                "rejected video:" + AUDIO_ONLY,
                                "video:" + NOT_MEDIA,
                                "text:" + NOT_MEDIA);
            }
            assertThat(s3.client()
                            .headObject(b -> b.bucket("incoming").key("videos/talks/" + VIDEO))
                            .contentLength())
                    .isPositive();

            // a new JVM's idempotent repository is empty: the component's job store recognises what was submitted
            try (PipelineApp app =
                    PipelineApp.start(Pipeline.S3, yaml, sandbox, work.resolve("app"), s3.properties())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> app.submissions.size() >= 5);
                Thread.sleep(500);
                // a rejection leaves no job to remember, so that upload is tried (and refused) once more
                assertThat(app.submissions)
                        .containsExactlyInAnyOrder(
                                "duplicate video:" + VIDEO,
                                "duplicate text:" + VIDEO,
                                "rejected video:" + AUDIO_ONLY,
                                "duplicate video:" + NOT_MEDIA,
                                "duplicate text:" + NOT_MEDIA);
                assertThat(keys(s3.client())).hasSize(4);
            }
        }
    }

    private static void put(S3Client s3, String key, Path file) {
        s3.putObject(b -> b.bucket("incoming").key(key), RequestBody.fromFile(file));
    }

    private static String get(S3Client s3, String key) {
        return s3.getObjectAsBytes(b -> b.bucket("described").key(key)).asUtf8String();
    }

    private static List<String> keys(S3Client s3) {
        return s3.listObjectsV2(b -> b.bucket("described")).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
