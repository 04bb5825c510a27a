package io.describer.examples.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Drops the examples' 5 s sample video into an input folder and waits for its description script. */
final class DroppedVideos {

    /** An SRT cue: index, "00:00:01,000 --> 00:00:02,500", text. */
    private static final Pattern SRT_CUE =
            Pattern.compile("(?m)^\\d+\\R\\d{2}:\\d{2}:\\d{2},\\d{3} --> \\d{2}:\\d{2}:\\d{2},\\d{3}\\R\\S");

    private DroppedVideos() {}

    static void drop(Path input, String name) throws IOException {
        Files.createDirectories(input);
        Path part = input.resolve(name + ".part");
        try (InputStream sample = DroppedVideos.class.getResourceAsStream("/samples/sample.mp4")) {
            assertThat(sample)
                    .as("samples/sample.mp4 of camel-describer-examples")
                    .isNotNull();
            Files.copy(sample, part);
        }
        // appears whole: the route only takes video extensions
        Files.move(part, input.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static String awaitScript(Path script) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.isRegularFile(script) && Files.size(script) > 0);
        String srt;
        try {
            srt = Files.readString(script);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(SRT_CUE.matcher(srt).find())
                .as("an SRT cue in %s:%n%s", script, srt)
                .isTrue();
        return srt;
    }
}
