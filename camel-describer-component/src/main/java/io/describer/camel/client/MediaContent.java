package io.describer.camel.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Media bytes to send, with a known length (needed to choose multipart or the signed flow, and for Content-Length).
 * File-backed content can be re-opened for a retry; a one-shot stream cannot.
 */
public final class MediaContent {

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String filename;
    private final String contentType;
    private final long length;
    private final Path path;
    private final Opener opener;
    private final boolean replayable;
    private boolean opened;

    private MediaContent(
            String filename, String contentType, long length, Path path, Opener opener, boolean replayable) {
        if (length < 0) {
            throw new IllegalArgumentException("Media length must be known and >= 0, got " + length);
        }
        this.filename = filename == null || filename.isBlank() ? "media.mp4" : filename;
        this.contentType = contentType == null || contentType.isBlank() ? guessContentType(this.filename) : contentType;
        this.length = length;
        this.path = path;
        this.opener = opener;
        this.replayable = replayable;
    }

    public static MediaContent ofFile(Path path, String filename, String contentType) throws IOException {
        Objects.requireNonNull(path, "path");
        return new MediaContent(
                filename != null ? filename : path.getFileName().toString(),
                contentType,
                Files.size(path),
                path,
                () -> Files.newInputStream(path),
                true);
    }

    /** A one-shot stream of {@code length} bytes; it cannot be re-sent after a failed attempt. */
    public static MediaContent ofStream(InputStream stream, long length, String filename, String contentType) {
        Objects.requireNonNull(stream, "stream");
        return new MediaContent(filename, contentType, length, null, () -> stream, false);
    }

    /** Small in-memory media (a {@code byte[]} body); never used for data read from a stream. */
    public static MediaContent ofBytes(byte[] bytes, String filename, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        return new MediaContent(
                filename, contentType, bytes.length, null, () -> new java.io.ByteArrayInputStream(bytes), true);
    }

    /** Opens the bytes; for a one-shot stream only the first call succeeds. */
    public synchronized InputStream open() throws IOException {
        if (!replayable && opened) {
            throw new IOException("The media stream of " + filename + " was already sent once and cannot be re-read");
        }
        opened = true;
        return opener.open();
    }

    public boolean canOpen() {
        return replayable || !opened;
    }

    public String filename() {
        return filename;
    }

    public String contentType() {
        return contentType;
    }

    public long length() {
        return length;
    }

    /** The backing file, when there is one (lets HTTP clients send it with zero copies). */
    public Path path() {
        return path;
    }

    public boolean isReplayable() {
        return replayable;
    }

    static String guessContentType(String filename) {
        String n = filename.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".mp4") || n.endsWith(".m4v")) {
            return "video/mp4";
        } else if (n.endsWith(".mov")) {
            return "video/quicktime";
        } else if (n.endsWith(".webm")) {
            return "video/webm";
        } else if (n.endsWith(".mkv")) {
            return "video/x-matroska";
        } else if (n.endsWith(".avi")) {
            return "video/x-msvideo";
        } else if (n.endsWith(".m4a")) {
            return "audio/mp4";
        } else if (n.endsWith(".wav")) {
            return "audio/wav";
        }
        return "application/octet-stream";
    }

    @Override
    public String toString() {
        return "MediaContent[" + filename + ", " + contentType + ", " + length + " bytes]";
    }
}
