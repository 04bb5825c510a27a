package io.describer.examples.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.io.NIOUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure-Java fixtures are real media: decodable H.264, a readable WAV; the bundled sample is small. */
class SampleMediaTest {

    @TempDir
    Path tmp;

    @Test
    void mp4IsDecodableH264() throws IOException, JCodecException {
        Path mp4 = SampleMedia.writeMp4(tmp.resolve("v.mp4"), 1, 8, 32, 24);
        assertThat(new String(Files.readAllBytes(mp4), 4, 8, StandardCharsets.US_ASCII))
                .isEqualTo("ftypisom");

        FrameGrab grab = FrameGrab.createFrameGrab(NIOUtils.readableChannel(mp4.toFile()));
        int frames = 0;
        while (grab.getNativeFrame() != null) {
            frames++;
        }
        assertThat(frames).isEqualTo(8);
    }

    @Test
    void wavIsReadableByTheJdk() throws IOException, UnsupportedAudioFileException {
        AudioFileFormat format = AudioSystem.getAudioFileFormat(
                SampleMedia.writeWav(tmp.resolve("a.wav"), 2, 8000).toFile());
        assertThat(format.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        assertThat(format.getFrameLength()).isEqualTo(16000);
    }

    @Test
    void bundledSampleIsSmallAndAnMp4() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/sample.mp4")) {
            byte[] bytes = in.readAllBytes();
            assertThat(bytes.length).isLessThan(300 * 1024);
            assertThat(new String(bytes, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        }
    }
}
