package io.describer.examples.sandbox;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the audio-description track: 16 kHz mono 16-bit PCM WAV, exactly as long as the video. A soft tone stands for
 * the narrator during each description; {@code mixed} adds a faint bed under the whole programme (where the source
 * dialogue would be). Written in chunks, so a two-hour track never sits in memory.
 */
final class WavWriter {

    static final int SAMPLE_RATE = 16_000;
    private static final int CHUNK = 8192;

    private WavWriter() {}

    static Path write(Path target, double durationSeconds, List<DescriptionPlan.Segment> segments, boolean mixed)
            throws IOException {
        long samples = Math.round(durationSeconds * SAMPLE_RATE);
        long dataBytes = samples * 2;
        if (dataBytes > 0xFFFF_FFFFL - 36) {
            throw new IOException("track too long for a WAV file: " + durationSeconds + " s");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 64 * 1024)) {
            out.write(header(dataBytes));
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 2).order(ByteOrder.LITTLE_ENDIAN);
            int segment = 0;
            for (long i = 0; i < samples; i++) {
                double t = (double) i / SAMPLE_RATE;
                while (segment < segments.size() && t >= segments.get(segment).end()) {
                    segment++;
                }
                boolean speaking =
                        segment < segments.size() && t >= segments.get(segment).start();
                double value = speaking ? 0.12 * Math.sin(2 * Math.PI * 523.25 * t) : 0;
                if (mixed) {
                    value += 0.02 * Math.sin(2 * Math.PI * 110 * t);
                }
                chunk.putShort((short) Math.round(value * Short.MAX_VALUE));
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
        return target;
    }

    private static byte[] header(long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
        h.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        h.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) 1) // mono
                .putInt(SAMPLE_RATE)
                .putInt(SAMPLE_RATE * 2) // byte rate
                .putShort((short) 2) // block align
                .putShort((short) 16); // bits per sample
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return h.array();
    }
}
