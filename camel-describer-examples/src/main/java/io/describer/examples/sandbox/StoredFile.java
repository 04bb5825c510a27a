package io.describer.examples.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Bytes received to disk, with their size and SHA-256 (for the {@code existing} dedupe and ETags). */
record StoredFile(Path path, long size, String sha256) {

    /** Raised when a stream is longer than allowed; the partial file is already deleted. */
    static final class TooLarge extends IOException {
        final long limit;

        TooLarge(long limit) {
            super("more than " + limit + " bytes");
            this.limit = limit;
        }
    }

    /** Streams {@code in} to {@code target}, hashing as it goes; stops with {@link TooLarge} past {@code limit}. */
    static StoredFile receive(InputStream in, Path target, long limit) throws IOException {
        MessageDigest sha = newSha256();
        long total = 0;
        boolean ok = false;
        try (InputStream digesting = new DigestInputStream(in, sha);
                OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = digesting.read(buf)) >= 0) {
                total += n;
                if (total > limit) {
                    throw new TooLarge(limit);
                }
                out.write(buf, 0, n);
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(target);
            }
        }
        return new StoredFile(target, total, HexFormat.of().formatHex(sha.digest()));
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover file in the sandbox data dir is harmless
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
