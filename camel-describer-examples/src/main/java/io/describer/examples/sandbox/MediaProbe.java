package io.describer.examples.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MediaBox;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.MovieHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SampleTableBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;

/**
 * Tells video from audio-only from not-media by sniffing the first bytes, then (for ISO-BMFF) reading the
 * {@code moov} box with isoparser for track handler types and durations.
 *
 * <p>
 * Only {@code moov} is handed to isoparser: given a whole file, its {@code MediaDataBox} copies {@code mdat} to a temp
 * file, which for a multi-GB upload would double the disk use and take minutes.
 */
final class MediaProbe {

    /** What the sandbox thinks the bytes are. */
    enum Kind {
        VIDEO,
        AUDIO_ONLY,
        NOT_MEDIA
    }

    /** Probe outcome; {@code durationSeconds}/{@code frameRate} are 0 when unknown. */
    record Result(Kind kind, String container, double durationSeconds, double frameRate, boolean durationMeasured) {

        static Result notMedia(String why) {
            return new Result(Kind.NOT_MEDIA, why, 0, 0, false);
        }
    }

    private static final long MAX_MOOV_BYTES = 64L * 1024 * 1024;

    private final double unknownDurationSeconds;

    MediaProbe(double unknownDurationSeconds) {
        this.unknownDurationSeconds = unknownDurationSeconds;
    }

    Result probe(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(512);
            while (head.hasRemaining() && ch.read(head) > 0) {
                // fill what the file has
            }
            head.flip();
            byte[] b = new byte[head.remaining()];
            head.get(b);
            if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp")) {
                return probeIsoBmff(ch);
            }
            if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF")) {
                String form = ascii(b, 8, 4);
                if (form.equals("WAVE")) {
                    return new Result(Kind.AUDIO_ONLY, "wav", 0, 0, false);
                }
                if (form.equals("AVI ")) {
                    return assumedVideo("avi");
                }
            }
            if (b.length >= 4
                    && (b[0] & 0xff) == 0x1A
                    && (b[1] & 0xff) == 0x45
                    && (b[2] & 0xff) == 0xDF
                    && (b[3] & 0xff) == 0xA3) {
                return assumedVideo("matroska");
            }
            if (b.length > 376 && b[0] == 0x47 && b[188] == 0x47 && b[376] == 0x47) {
                return assumedVideo("mpeg-ts");
            }
            if (b.length >= 4
                    && (ascii(b, 0, 3).equals("ID3")
                            || ascii(b, 0, 4).equals("fLaC")
                            || ascii(b, 0, 4).equals("OggS")
                            || ((b[0] & 0xff) == 0xFF && (b[1] & 0xE0) == 0xE0))) {
                return new Result(Kind.AUDIO_ONLY, "audio", 0, 0, false);
            }
            return Result.notMedia("unrecognised");
        } catch (IOException | RuntimeException e) {
            return Result.notMedia("unreadable: " + e.getMessage());
        }
    }

    private Result assumedVideo(String container) {
        // containers we do not measure: a video of the configured default length (API.md has no say on these)
        return new Result(Kind.VIDEO, container, unknownDurationSeconds, 25, false);
    }

    private Result probeIsoBmff(FileChannel ch) throws IOException {
        ByteBuffer moov = findMoov(ch);
        if (moov == null) {
            return Result.notMedia("iso-bmff without moov");
        }
        try (IsoFile iso = new IsoFile(Channels.newChannel(new ByteArrayInputStream(moov.array())))) {
            MovieBox movie = iso.getMovieBox();
            if (movie == null) {
                return Result.notMedia("iso-bmff without moov");
            }
            double videoSeconds = -1;
            double frameRate = 0;
            boolean audio = false;
            for (TrackBox track : movie.getBoxes(TrackBox.class)) {
                MediaBox media = track.getMediaBox();
                if (media == null || media.getHandlerBox() == null || media.getMediaHeaderBox() == null) {
                    continue;
                }
                String handler = media.getHandlerBox().getHandlerType();
                long timescale = media.getMediaHeaderBox().getTimescale();
                double seconds =
                        timescale > 0 ? (double) media.getMediaHeaderBox().getDuration() / timescale : 0;
                if ("vide".equals(handler) && videoSeconds < 0) {
                    videoSeconds = seconds;
                    frameRate = frameRate(track, seconds);
                } else if ("soun".equals(handler)) {
                    audio = true;
                }
            }
            if (videoSeconds < 0) {
                return audio ? new Result(Kind.AUDIO_ONLY, "iso-bmff", 0, 0, false) : Result.notMedia("no tracks");
            }
            if (videoSeconds <= 0) {
                videoSeconds = movieSeconds(movie);
            }
            boolean measured = videoSeconds > 0;
            return new Result(
                    Kind.VIDEO,
                    "iso-bmff",
                    measured ? round3(videoSeconds) : unknownDurationSeconds,
                    frameRate > 0 ? frameRate : 25,
                    measured);
        }
    }

    private static double frameRate(TrackBox track, double seconds) {
        SampleTableBox stbl = track.getSampleTableBox();
        if (stbl == null || stbl.getSampleSizeBox() == null || seconds <= 0) {
            return 0; // e.g. fragmented MP4: samples live in moof boxes
        }
        return round3(stbl.getSampleSizeBox().getSampleCount() / seconds);
    }

    private static double movieSeconds(MovieBox movie) {
        MovieHeaderBox mvhd = movie.getMovieHeaderBox();
        return mvhd != null && mvhd.getTimescale() > 0 ? (double) mvhd.getDuration() / mvhd.getTimescale() : 0;
    }

    /** Walks top-level box headers (skipping {@code mdat} by seeking) and returns the {@code moov} box bytes. */
    private static ByteBuffer findMoov(FileChannel ch) throws IOException {
        long size = ch.size();
        long offset = 0;
        ByteBuffer header = ByteBuffer.allocate(16);
        while (offset + 8 <= size) {
            header.clear();
            ch.read(header, offset);
            header.flip();
            if (header.remaining() < 8) {
                return null;
            }
            long boxSize = header.getInt() & 0xffffffffL;
            byte[] type = new byte[4];
            header.get(type);
            if (boxSize == 1) {
                if (header.remaining() < 8) {
                    return null;
                }
                boxSize = header.getLong();
            } else if (boxSize == 0) {
                boxSize = size - offset;
            }
            if (boxSize < 8 || offset + boxSize > size) {
                return null; // truncated or corrupt
            }
            if (new String(type, StandardCharsets.ISO_8859_1).equals("moov")) {
                if (boxSize > MAX_MOOV_BYTES) {
                    return null;
                }
                ByteBuffer moov = ByteBuffer.allocate((int) boxSize);
                while (moov.hasRemaining() && ch.read(moov, offset + moov.position()) > 0) {
                    // read the whole box
                }
                return moov;
            }
            offset += boxSize;
        }
        return null;
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
