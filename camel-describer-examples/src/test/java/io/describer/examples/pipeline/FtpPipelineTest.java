package io.describer.examples.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import io.describer.examples.infra.EmbeddedFtp;
import io.describer.examples.infra.EmbeddedSftp;
import io.describer.examples.pipeline.PipelineMain.Pipeline;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.describer.examples.pipeline.PipelineApp.AUDIO_ONLY;
import static io.describer.examples.pipeline.PipelineApp.NOT_MEDIA;
import static io.describer.examples.pipeline.PipelineApp.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The FTP/SFTP pipeline end to end, in both DSLs: results and rejections uploaded to outbox, sources moved to .done, and
 * a file that comes back unchanged (as after a crash before the move) is not submitted again.
 */
class FtpPipelineTest {

    @TempDir
    Path work;

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("ftp", false),
                Arguments.of("ftp", true),
                Arguments.of("sftp", false),
                Arguments.of("sftp", true));
    }

    @ParameterizedTest(name = "{0} yaml={1}")
    @MethodSource("variants")
    void describesUploadedVideosIntoOutbox(String scheme, boolean yaml) throws Exception {
        Path home = work.resolve("server");
        Path inbox = home.resolve("inbox");
        Path outbox = home.resolve("outbox");
        PipelineApp.writeSources(inbox);
        Files.writeString(inbox.resolve("notes.txt"), "not a video");

        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests());
                AutoCloseable server = start(scheme, home)) {
            Map<String, String> props =
                    scheme.equals("ftp") ? ((EmbeddedFtp) server).properties() : ((EmbeddedSftp) server).properties();
            Pipeline pipeline = scheme.equals("ftp") ? Pipeline.FTP : Pipeline.SFTP;
            try (PipelineApp app = PipelineApp.start(pipeline, yaml, sandbox, work.resolve("app"), props)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(outbox.resolve("clip.ad.mp4")).isNotEmptyFile();
                    assertThat(outbox.resolve("clip.ad.vtt")).content().startsWith("WEBVTT");
                    assertThat(outbox.resolve("failed/" + AUDIO_ONLY + ".error.txt"))
                            .content()
                            .startsWith("no_video_stream\n");
                    assertThat(outbox.resolve("failed/" + NOT_MEDIA + ".error.txt"))
                            .content()
                            .startsWith("processing_failed\n");
                    assertThat(inbox.resolve(".done/" + VIDEO)).exists();
                });
                assertThat(outbox.resolve("clip.ad.mp4")).hasSameBinaryContentAs(inbox.resolve(".done/" + VIDEO));
                DescribedOutputs.assertMp4(outbox.resolve("clip.ad.mp4"));
                DescribedOutputs.assertValidVtt(
                        Files.readString(outbox.resolve("clip.ad.vtt")), DescribedOutputs.SAMPLE_SECONDS);
                assertThat(inbox.resolve("notes.txt")).exists();
                assertThat(outbox).isDirectoryNotContaining("glob:**.part");
                assertThat(app.submissions)
                        .containsExactlyInAnyOrder(
                                "video:" + VIDEO,
                                "text:" + VIDEO,
                                "rejected video:" + AUDIO_ONLY,
                                "video:" + NOT_MEDIA,
                                "text:" + NOT_MEDIA);

                // the same file back in the inbox, same size and time: recognised by the remote dedupe key
                Files.move(inbox.resolve(".done/" + VIDEO), inbox.resolve(VIDEO));
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/" + VIDEO)));
                assertThat(app.submissions).hasSize(7).contains("duplicate video:" + VIDEO, "duplicate text:" + VIDEO);
            }
        }
    }

    private static AutoCloseable start(String scheme, Path home) throws Exception {
        return scheme.equals("ftp") ? EmbeddedFtp.start(home) : EmbeddedSftp.start(home);
    }
}
