package io.describer.examples.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.VideoEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.Brand;
import org.jcodec.containers.mp4.muxer.MP4Muxer;
import org.jcodec.containers.mp4.muxer.PCMMP4MuxerTrack;

/**
 * Makes test media in pure Java, so no test or demo needs ffmpeg or a download.
 *
 * <ul>
 * <li>{@link #writeMp4}: an H.264 MP4 (video track only, brand {@code isom}) of a moving test pattern, encoded with
 * jcodec 0.2.5.</li>
 * <li>{@link #writeWav}: an audio-only PCM WAV (a tone) written with {@code javax.sound.sampled}.</li>
 * <li>{@link #writeAudioOnlyMp4}: an ISO-BMFF file with a single {@code soun} (PCM) track, like an M4A.</li>
 * <li>{@link #writeRandom}: bytes that are not media at all.</li>
 * </ul>
 *
 * <p>
 * The bundled {@code samples/sample.mp4} (5 s, 160×120, 10 fps, about 50 KB) was made by this class and is ours to
 * ship: {@code java -cp ... io.describer.examples.media.SampleMedia camel-describer-examples/src/main/resources/samples}
 * regenerates it.
 */
public final class SampleMedia {

    private SampleMedia() {}

    /** Regenerates {@code sample.mp4} into the given folder (default: the current directory). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(dir);
        Path mp4 = writeMp4(dir.resolve("sample.mp4"), 5, 10, 160, 120);
        System.out.println("wrote " + mp4 + " (" + Files.size(mp4) + " bytes)");
    }

    /**
     * Writes an H.264 MP4 of {@code seconds × fps} frames: a drifting gradient with a bright square that crosses the
     * picture, so every frame differs (encoders and players see real motion).
     */
    public static Path writeMp4(Path target, int seconds, int fps, int width, int height) throws IOException {
        if (width % 16 != 0 || height % 8 != 0) {
            // jcodec's encoder works on whole macroblocks; odd sizes produce cropped, fragile streams
            throw new IllegalArgumentException("width must be a multiple of 16 and height of 8");
        }
        return writeMp4Frames(target, Math.max(1, seconds * fps), fps, width, height);
    }

    /** As {@link #writeMp4}, by frame count (the clip lasts {@code frames / fps} seconds). */
    public static Path writeMp4Frames(Path target, int frames, int fps, int width, int height) throws IOException {
        if (width % 16 != 0 || height % 8 != 0) {
            throw new IllegalArgumentException("width must be a multiple of 16 and height of 8");
        }
        try (SeekableByteChannel ch = NIOUtils.writableChannel(target.toFile())) {
            MP4Muxer muxer = MP4Muxer.createMP4Muxer(ch, Brand.MP4);
            MuxerTrack track = muxer.addVideoTrack(
                    Codec.H264, VideoCodecMeta.createSimpleVideoCodecMeta(new Size(width, height), ColorSpace.YUV420J));
            H264Encoder encoder = H264Encoder.createH264Encoder();
            Picture picture = Picture.create(width, height, ColorSpace.YUV420J);
            ByteBuffer buffer = ByteBuffer.allocate(encoder.estimateBufferSize(picture));
            for (int i = 0; i < frames; i++) {
                paint(picture, i, frames);
                buffer.clear();
                VideoEncoder.EncodedFrame encoded = encoder.encodeFrame(picture, buffer);
                track.addFrame(Packet.createPacket(
                        encoded.getData(),
                        i,
                        fps,
                        1,
                        i,
                        encoded.isKeyFrame() ? Packet.FrameType.KEY : Packet.FrameType.INTER,
                        null));
            }
            muxer.finish();
        }
        return target;
    }

    /** Writes a mono 16-bit PCM WAV with a 440 Hz tone (audio only: the API answers 415 for it). */
    public static Path writeWav(Path target, double seconds, int sampleRate) throws IOException {
        byte[] pcm = tone(seconds, sampleRate, ByteOrder.LITTLE_ENDIAN);
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, target.toFile());
        }
        return target;
    }

    /** Writes an ISO-BMFF (MP4 brand) file whose only track is PCM audio: ftyp is present, a {@code vide} track is not. */
    public static Path writeAudioOnlyMp4(Path target, double seconds, int sampleRate) throws IOException {
        try (SeekableByteChannel ch = NIOUtils.writableChannel(target.toFile())) {
            MP4Muxer muxer = MP4Muxer.createMP4Muxer(ch, Brand.MP4);
            PCMMP4MuxerTrack track = muxer.addPCMAudioTrack(org.jcodec.common.AudioFormat.MONO_S16_LE(sampleRate));
            track.addSamples(ByteBuffer.wrap(tone(seconds, sampleRate, ByteOrder.LITTLE_ENDIAN)));
            muxer.finish();
        }
        return target;
    }

    /** Writes {@code size} pseudo-random bytes (seeded, so a test is repeatable): not a media file of any kind. */
    public static Path writeRandom(Path target, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(bytes);
        }
        return target;
    }

    private static byte[] tone(double seconds, int sampleRate, ByteOrder order) {
        int samples = (int) Math.round(seconds * sampleRate);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(order);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (Math.sin(2 * Math.PI * 440 * i / sampleRate) * 8000));
        }
        return pcm.array();
    }

    /** jcodec's YUV420J planes hold {@code value - 128} as signed bytes. */
    private static void paint(Picture picture, int frame, int frames) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        byte[] y = picture.getPlaneData(0);
        byte[] u = picture.getPlaneData(1);
        byte[] v = picture.getPlaneData(2);
        int box = h / 3;
        int boxX = (w - box) * frame / Math.max(1, frames - 1);
        int boxY = (h - box) / 2;
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                boolean inBox = col >= boxX && col < boxX + box && row >= boxY && row < boxY + box;
                int luma = inBox ? 235 : 40 + ((col + row + frame * 4) % 128);
                y[row * w + col] = (byte) (luma - 128);
            }
        }
        int cw = w / 2;
        for (int row = 0; row < h / 2; row++) {
            for (int col = 0; col < cw; col++) {
                u[row * cw + col] = (byte) (((col * 2 + frame * 3) % 96) - 48);
                v[row * cw + col] = (byte) (((row * 2 + frame) % 96) - 48);
            }
        }
    }
}
