package io.describer.examples.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import io.describer.examples.infra.EmbeddedFtp;
import io.describer.examples.infra.EmbeddedSftp;
import io.describer.examples.pipeline.PipelineMain.Pipeline;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        return Stream.of(Arguments.of("ftp", false), Arguments.of("ftp", true), Arguments.of("sftp", false), Arguments.of("sftp", true));
    }

    @ParameterizedTest(name = "{0} yaml={1}")
    @MethodSource("variants")
    void describesUploadedVideosIntoOutbox(String scheme, boolean yaml) throws Exception {
        Path home = work.resolve("server");
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path outbox = home.resolve("outbox");
        Files.writeString(inbox.resolve("clip.mp4"), "fake video");
        Files.writeString(inbox.resolve("voice-audio-only.mp4"), "fake audio");
        Files.writeString(inbox.resolve("broken-fail.mov"), "fake broken video");
        Files.writeString(inbox.resolve("notes.txt"), "not a video");

        try (FakeDescriberApi api = new FakeDescriberApi(); AutoCloseable server = start(scheme, home)) {
            Map<String, String> props = scheme.equals("ftp") ? ((EmbeddedFtp) server).properties() : ((EmbeddedSftp) server).properties();
            Pipeline pipeline = scheme.equals("ftp") ? Pipeline.FTP : Pipeline.SFTP;
            try (PipelineApp app = PipelineApp.start(pipeline, yaml, api, work.resolve("app"), props)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(outbox.resolve("clip.ad.mp4")).content().startsWith("described video job-");
                    assertThat(outbox.resolve("clip.ad.vtt")).content().startsWith("WEBVTT");
                    assertThat(outbox.resolve("failed/voice-audio-only.mp4.error.txt")).content().startsWith("no_video_stream\n");
                    assertThat(outbox.resolve("failed/broken-fail.mov.error.txt")).content().startsWith("processing_failed\n");
                    assertThat(inbox.resolve(".done/clip.mp4")).exists();
                });
                assertThat(inbox.resolve("notes.txt")).exists();
                assertThat(outbox).isDirectoryNotContaining("glob:**.part");
                assertThat(api.generateCalls).hasSize(5);

                // the same file back in the inbox, same size and time: the job store recognises it
                Files.move(inbox.resolve(".done/clip.mp4"), inbox.resolve("clip.mp4"));
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/clip.mp4")));
                Thread.sleep(500);
                assertThat(api.calls("video:clip.mp4")).isOne();
                assertThat(api.generateCalls).hasSize(5);
            }
        }
    }

    private static AutoCloseable start(String scheme, Path home) throws Exception {
        return scheme.equals("ftp") ? EmbeddedFtp.start(home) : EmbeddedSftp.start(home);
    }
}
