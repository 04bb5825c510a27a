package io.describer.examples.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.describer.examples.pipeline.PipelineMain.Pipeline;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The folder pipeline end to end, in both DSLs: results and rejections in the output folder, sources moved to .done. */
class FolderPipelineTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "yaml={0}")
    @ValueSource(booleans = { false, true })
    void describesDroppedVideosIntoOutputFolder(boolean yaml) throws Exception {
        Path in = Files.createDirectories(work.resolve("input"));
        Path out = work.resolve("output");
        Files.writeString(in.resolve("clip.mp4"), "fake video");
        Files.writeString(in.resolve("voice-audio-only.mp4"), "fake audio");
        Files.writeString(in.resolve("broken-fail.MOV"), "fake broken video");
        Files.writeString(in.resolve("notes.txt"), "not a video");

        try (FakeDescriberApi api = new FakeDescriberApi();
             PipelineApp app = PipelineApp.start(Pipeline.FOLDER, yaml, api, work, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(out.resolve("clip.ad.mp4")).content().startsWith("described video job-");
                assertThat(out.resolve("clip.ad.vtt")).content().startsWith("WEBVTT");
                assertThat(out.resolve("failed/voice-audio-only.mp4.error.txt")).content().startsWith("no_video_stream\n");
                assertThat(out.resolve("failed/broken-fail.MOV.error.txt")).content().startsWith("processing_failed\n");
            });
            assertThat(in.resolve(".done")).isDirectoryContaining("glob:**/clip.mp4").isDirectoryContaining("glob:**/voice-audio-only.mp4")
                    .isDirectoryContaining("glob:**/broken-fail.MOV");
            assertThat(in.resolve("notes.txt")).exists();
            assertThat(out).isDirectoryNotContaining("glob:**.part");
            assertThat(api.generateCalls).hasSize(5).contains("video:clip.mp4", "video:voice-audio-only.mp4", "video:broken-fail.MOV")
                    .filteredOn(c -> c.startsWith("text:m-")).hasSize(2);
        }
    }
}
