package io.describer.examples.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.pipeline.PipelineMain.Pipeline;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The S3 pipeline end to end, in both DSLs: embedded S3, the real component and its job store, a fake API. Results land
 * next to the source key; rejections and failed jobs land under failed/; nothing is submitted twice, not even by a
 * restarted app that sees every object again.
 */
class S3PipelineTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "yaml={0}")
    @ValueSource(booleans = { false, true })
    void describesIncomingVideosIntoDescribed(boolean yaml) throws Exception {
        try (FakeDescriberApi api = new FakeDescriberApi();
             EmbeddedS3 s3 = EmbeddedS3.startTransient("incoming", "described")) {
            put(s3.client(), "videos/talks/clip.mp4", "fake video");
            put(s3.client(), "videos/voice-audio-only.mp4", "fake audio");
            put(s3.client(), "videos/broken-fail.mov", "fake broken video");
            put(s3.client(), "videos/notes.txt", "not a video");
            put(s3.client(), "elsewhere/other.mp4", "outside the prefix");

            try (PipelineApp app = PipelineApp.start(Pipeline.S3, yaml, api, work, s3.properties())) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keys(s3.client())).containsExactlyInAnyOrder(
                        "videos/talks/clip.ad.mp4", "videos/talks/clip.ad.vtt",
                        "failed/videos/voice-audio-only.mp4.error.txt", "failed/videos/broken-fail.mov.error.txt"));
                assertThat(get(s3.client(), "videos/talks/clip.ad.vtt")).startsWith("WEBVTT").contains("A sandbox description of m-");
                assertThat(get(s3.client(), "videos/talks/clip.ad.mp4")).startsWith("described video job-");
                assertThat(get(s3.client(), "failed/videos/voice-audio-only.mp4.error.txt")).startsWith("no_video_stream\n");
                assertThat(get(s3.client(), "failed/videos/broken-fail.mov.error.txt")).startsWith("processing_failed\n");
                // later polls list the same objects again: no new job
                Thread.sleep(1000);
                assertThat(api.calls("video:clip.mp4")).isOne();
                assertThat(api.generateCalls).hasSize(5).filteredOn(c -> c.startsWith("text:")).hasSize(2);
            }
            assertThat(get(s3.client(), "incoming", "videos/talks/clip.mp4")).isEqualTo("fake video");

            // a new JVM's idempotent repository is empty; the component's job store still knows what was submitted
            try (PipelineApp app = PipelineApp.start(Pipeline.S3, yaml, api, work, s3.properties())) {
                // the refused upload is the only one tried again (a rejection leaves no job to remember)
                await().atMost(Duration.ofSeconds(30)).until(() -> api.calls("video:voice-audio-only.mp4") == 2);
                Thread.sleep(1000);
                assertThat(api.calls("video:clip.mp4")).isOne();
                assertThat(api.calls("video:broken-fail.mov")).isOne();
                assertThat(api.generateCalls).hasSize(6);
            }
        }
    }

    private static void put(S3Client s3, String key, String text) {
        s3.putObject(b -> b.bucket("incoming").key(key), RequestBody.fromString(text));
    }

    private static String get(S3Client s3, String key) {
        return get(s3, "described", key);
    }

    private static String get(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private static List<String> keys(S3Client s3) {
        return s3.listObjectsV2(b -> b.bucket("described")).contents().stream().map(S3Object::key).toList();
    }
}
