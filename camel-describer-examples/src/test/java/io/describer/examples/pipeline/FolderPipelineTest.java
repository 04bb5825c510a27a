package io.describer.examples.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.describer.examples.pipeline.PipelineMain.Pipeline;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.describer.examples.pipeline.PipelineApp.AUDIO_ONLY;
import static io.describer.examples.pipeline.PipelineApp.NOT_MEDIA;
import static io.describer.examples.pipeline.PipelineApp.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The folder pipeline end to end, in both DSLs: results and rejections in the output folder, sources moved to .done. */
class FolderPipelineTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "yaml={0}")
    @ValueSource(booleans = {false, true})
    void describesDroppedVideosIntoOutputFolder(boolean yaml) throws Exception {
        // the defaults of application.properties: input and output under pipeline.work-dir
        Path in = work.resolve("input");
        Path out = work.resolve("output");
        PipelineApp.writeSources(in);
        Files.writeString(in.resolve("notes.txt"), "not a video");

        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests());
                PipelineApp app = PipelineApp.start(Pipeline.FOLDER, yaml, sandbox, work, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(out.resolve("clip.ad.mp4")).isNotEmptyFile();
                assertThat(out.resolve("clip.ad.vtt")).content().startsWith("WEBVTT");
                assertThat(out.resolve("failed/" + AUDIO_ONLY + ".error.txt"))
                        .content()
                        .startsWith("no_video_stream\n");
                assertThat(out.resolve("failed/" + NOT_MEDIA + ".error.txt"))
                        .content()
                        .startsWith("processing_failed\n");
            });
            // the sandbox sends an MP4 source back as the described video
            assertThat(out.resolve("clip.ad.mp4")).hasSameBinaryContentAs(in.resolve(".done/" + VIDEO));
            DescribedOutputs.assertMp4(out.resolve("clip.ad.mp4"));
            DescribedOutputs.assertValidVtt(
                    Files.readString(out.resolve("clip.ad.vtt")), DescribedOutputs.SAMPLE_SECONDS);
            assertThat(in.resolve(".done"))
                    .isDirectoryContaining("glob:**/" + AUDIO_ONLY)
                    .isDirectoryContaining("glob:**/" + NOT_MEDIA);
            assertThat(in.resolve("notes.txt")).exists();
            assertThat(out).isDirectoryNotContaining("glob:**.part");
            assertThat(app.submissions)
                    .containsExactlyInAnyOrder(
                            "video:" + VIDEO,
                            "text:" + VIDEO,
                            "rejected video:" + AUDIO_ONLY,
                            "video:" + NOT_MEDIA,
                            "text:" + NOT_MEDIA);
        }
    }

    /**
     * A job start answered by a 500: the pipeline records the source as uncertain instead of rolling it back (a
     * rollback would submit it again and might bill it twice). The operator sees no job at the service, settles it as
     * "no job" and puts the file back: it is described once.
     */
    @ParameterizedTest(name = "yaml={0}")
    @ValueSource(booleans = {false, true})
    void anUncertainJobStartIsRecordedAndHeldUntilSettled(boolean yaml) throws Exception {
        Path in = work.resolve("input");
        Path out = work.resolve("output");
        Files.createDirectories(in);
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests());
                PipelineApp app = PipelineApp.start(Pipeline.FOLDER, yaml, sandbox, work, Map.of())) {
            sandbox.injectFault("generate_ad_video", 500, "internal_error", 1);
            try (var sample = PipelineApp.class.getResourceAsStream("/samples/sample.mp4")) {
                Files.copy(sample, in.resolve(VIDEO));
            }
            Path record = out.resolve("failed/" + VIDEO + ".uncertain.txt");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(record)
                            .content()
                            .startsWith("uncertain_submission\n")
                            .contains("dedupe key: file:")
                            .contains("CamelDescriberSettlement=no-job"));
            assertThat(app.submissions).containsExactly("rejected video:" + VIDEO);
            String key = Files.readAllLines(record).get(1).substring("dedupe key: ".length());

            // the operator: no job at the service, so "no job", and the source goes back into the input
            org.apache.camel.Exchange settled = app.context()
                    .createProducerTemplate()
                    .request("describer:settle", e -> {
                        e.getIn().setHeader(io.describer.camel.DescriberConstants.DEDUPE_KEY, key);
                        e.getIn().setHeader(io.describer.camel.DescriberConstants.SETTLEMENT, "no-job");
                    });
            assertThat(settled.getException()).isNull();
            Files.move(in.resolve(".done/" + VIDEO), in.resolve(VIDEO));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(out.resolve("clip.ad.mp4")).isNotEmptyFile();
                assertThat(out.resolve("clip.ad.vtt")).content().startsWith("WEBVTT");
            });
            assertThat(app.count("video:" + VIDEO)).isEqualTo(1);
            assertThat(app.count("text:" + VIDEO)).isEqualTo(1);
        }
    }
}
