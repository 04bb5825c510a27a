package io.describer.examples.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.describer.examples.media.SampleMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Sniffing plus isoparser: video vs audio-only vs not media, with duration and frame rate. */
class MediaProbeTest {

    @TempDir
    Path tmp;

    private final MediaProbe probe = new MediaProbe(10);

    @Test
    void bundledSampleIsAFiveSecondTenFpsVideo() throws IOException {
        Path sample = tmp.resolve("sample.mp4");
        try (InputStream in = getClass().getResourceAsStream("/samples/sample.mp4")) {
            Files.copy(in, sample);
        }
        MediaProbe.Result r = probe.probe(sample);

        assertThat(r.kind()).isEqualTo(MediaProbe.Kind.VIDEO);
        assertThat(r.container()).isEqualTo("iso-bmff");
        assertThat(r.durationSeconds()).isEqualTo(5.0);
        assertThat(r.frameRate()).isEqualTo(10.0);
        assertThat(r.durationMeasured()).isTrue();
    }

    @Test
    void generatedVideoIsMeasured() throws IOException {
        Path mp4 = SampleMedia.writeMp4(tmp.resolve("v.mp4"), 2, 5, 64, 48);
        MediaProbe.Result r = probe.probe(mp4);
        assertThat(r.kind()).isEqualTo(MediaProbe.Kind.VIDEO);
        assertThat(r.durationSeconds()).isEqualTo(2.0);
        assertThat(r.frameRate()).isEqualTo(5.0);
    }

    @Test
    void audioOnlyFilesAreAudioOnly() throws IOException {
        assertThat(probe.probe(SampleMedia.writeWav(tmp.resolve("a.wav"), 1, 8000))
                        .kind())
                .isEqualTo(MediaProbe.Kind.AUDIO_ONLY);
        assertThat(probe.probe(SampleMedia.writeAudioOnlyMp4(tmp.resolve("a.m4a"), 1, 8000))
                        .kind())
                .isEqualTo(MediaProbe.Kind.AUDIO_ONLY);
        assertThat(probe.probe(Files.write(
                                tmp.resolve("a.mp3"), "ID3\u0004\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)))
                        .kind())
                .isEqualTo(MediaProbe.Kind.AUDIO_ONLY);
    }

    @Test
    void randomBytesTextAndEmptyFilesAreNotMedia() throws IOException {
        assertThat(probe.probe(SampleMedia.writeRandom(tmp.resolve("r.mp4"), 4096, 42))
                        .kind())
                .isEqualTo(MediaProbe.Kind.NOT_MEDIA);
        assertThat(probe.probe(Files.writeString(tmp.resolve("t.mp4"), "just some text, not a video"))
                        .kind())
                .isEqualTo(MediaProbe.Kind.NOT_MEDIA);
        assertThat(probe.probe(Files.write(tmp.resolve("e.mp4"), new byte[0])).kind())
                .isEqualTo(MediaProbe.Kind.NOT_MEDIA);
    }

    @Test
    void isoBmffWithoutMoovIsNotMedia() throws IOException {
        byte[] ftypOnly = new byte[] {
            0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 0, 0, 0, 16, 'm', 'd', 'a', 't', 1, 2, 3,
            4, 5, 6, 7, 8
        };
        assertThat(probe.probe(Files.write(tmp.resolve("f.mp4"), ftypOnly)).kind())
                .isEqualTo(MediaProbe.Kind.NOT_MEDIA);
        // a box that claims to run past the end of the file
        byte[] truncated = new byte[] {
            0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 0, 0, 1, 0, 'm', 'o', 'o', 'v'
        };
        assertThat(probe.probe(Files.write(tmp.resolve("g.mp4"), truncated)).kind())
                .isEqualTo(MediaProbe.Kind.NOT_MEDIA);
    }

    @Test
    void matroskaIsVideoOfTheDefaultLength() throws IOException {
        byte[] ebml = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x86, (byte) 0x81, 0x01};
        MediaProbe.Result r = probe.probe(Files.write(tmp.resolve("m.webm"), ebml));
        assertThat(r.kind()).isEqualTo(MediaProbe.Kind.VIDEO);
        assertThat(r.container()).isEqualTo("matroska");
        assertThat(r.durationSeconds()).isEqualTo(10.0);
        assertThat(r.durationMeasured()).isFalse();
    }
}
