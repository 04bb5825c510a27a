package io.describer.examples.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that delivered results are what a player or an editor can use, not just files with the right names. */
final class DescribedOutputs {

    /** Length of the bundled sample video the pipelines describe. */
    static final double SAMPLE_SECONDS = 5.0;

    private static final Pattern CUE =
            Pattern.compile("^((?:\\d{2}:)?\\d{2}:\\d{2}\\.\\d{3}) --> ((?:\\d{2}:)?\\d{2}:\\d{2}\\.\\d{3})");

    private DescribedOutputs() {}

    /** WebVTT header, at least one cue, each with text, in order, not overlapping, inside the video. */
    static void assertValidVtt(String vtt, double videoSeconds) {
        String[] lines = vtt.replace("\r\n", "\n").split("\n", -1);
        assertThat(lines[0]).as("WebVTT header").startsWith("WEBVTT");
        double previousEnd = 0;
        int cues = 0;
        for (int i = 1; i < lines.length; i++) {
            Matcher m = CUE.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            double start = seconds(m.group(1));
            double end = seconds(m.group(2));
            assertThat(start).as("cue %d start", cues + 1).isGreaterThanOrEqualTo(previousEnd);
            assertThat(end).as("cue %d end", cues + 1).isGreaterThan(start).isLessThanOrEqualTo(videoSeconds);
            assertThat(i + 1 < lines.length && !lines[i + 1].isBlank())
                    .as("cue %d has text", cues + 1)
                    .isTrue();
            previousEnd = end;
            cues++;
        }
        assertThat(cues).as("cues").isPositive();
    }

    static void assertMp4(Path file) throws IOException {
        assertMp4(head(file, 12));
    }

    /** An ISO base media file: a box whose type is ftyp first. */
    static void assertMp4(byte[] head) {
        assertThat(new String(head, 4, 4, StandardCharsets.US_ASCII))
                .as("MP4 ftyp box")
                .isEqualTo("ftyp");
    }

    /** A PCM WAV whose data lasts as long as the video. */
    static void assertWav(Path file, double videoSeconds) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(head(file, 44)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ascii(b, 0)).isEqualTo("RIFF");
        assertThat(ascii(b, 8)).isEqualTo("WAVE");
        assertThat(ascii(b, 12)).isEqualTo("fmt ");
        assertThat(b.getShort(20)).as("PCM").isEqualTo((short) 1);
        int byteRate = b.getInt(28);
        assertThat(ascii(b, 36)).isEqualTo("data");
        long dataBytes = Integer.toUnsignedLong(b.getInt(40));
        assertThat(Files.size(file)).isEqualTo(44 + dataBytes);
        assertThat((double) dataBytes / byteRate)
                .as("audio length in seconds")
                .isCloseTo(videoSeconds, org.assertj.core.data.Offset.offset(0.1));
    }

    private static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(n);
            assertThat(head).as("first bytes of " + file).hasSize(n);
            return head;
        }
    }

    private static String ascii(ByteBuffer b, int offset) {
        byte[] four = new byte[4];
        b.get(offset, four);
        return new String(four, StandardCharsets.US_ASCII);
    }

    private static double seconds(String time) {
        String[] parts = time.split(":");
        double s = 0;
        for (String part : parts) {
            s = s * 60 + Double.parseDouble(part);
        }
        return s;
    }
}
