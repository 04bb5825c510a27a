package io.describer.camel.job;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.describer.camel.DescriberConfiguration;
import io.describer.camel.DescriberConstants;
import io.describer.camel.MediaInputResolver;
import io.describer.camel.client.Json;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobType;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency key of a submission: what the source is, plus what is asked of it. The same object described in
 * another language is another job; the same object redelivered is not.
 *
 * <p>Sources without a stable identity (a {@code byte[]}, a stream, an S3 object without ETag, a remote FTP file) are
 * keyed by their content: a byte array is hashed in memory, a stream is hashed while it is copied to a spool file,
 * which then replaces the body (so the upload reads the file, and can be retried) and is deleted when the exchange
 * completes. So every billed job has a store row, whatever the body.
 */
public final class DedupeKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DedupeKeys.class);

    public static final String S3_BUCKET = "CamelAwsS3BucketName";
    public static final String S3_ETAG = "CamelAwsS3ETag";

    private DedupeKeys() {}

    /** Null when the message has no stable identity (a bare stream or byte array) and no expression was given. */
    public static String of(Exchange exchange, Expression expression, JobType type, GenerationConfig config) {
        try {
            return of(exchange, expression, null, null, type, config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key, hashing the content of a body without identity when {@code spoolDirectory} is given; null only when the
     * message has no media at all.
     */
    public static String of(
            Exchange exchange,
            Expression expression,
            DescriberConfiguration endpointConfig,
            Path spoolDirectory,
            JobType type,
            GenerationConfig config)
            throws IOException {
        String source = expression != null
                ? expression.evaluate(exchange, String.class)
                : defaultSource(exchange, endpointConfig, spoolDirectory);
        if (source == null || source.isBlank()) {
            return null;
        }
        return source + "|" + type + "|" + sha256(toJson(config)).substring(0, 16);
    }

    private static String defaultSource(Exchange exchange, DescriberConfiguration endpointConfig, Path spool)
            throws IOException {
        Message in = exchange.getMessage();
        String mediaId = in.getHeader(
                DescriberConstants.MEDIA_ID, endpointConfig != null ? endpointConfig.getMediaId() : null, String.class);
        if (mediaId != null && !mediaId.isBlank()) {
            return "media:" + mediaId;
        }
        String url = in.getHeader(
                DescriberConstants.SOURCE_URL,
                endpointConfig != null ? endpointConfig.getSourceUrl() : null,
                String.class);
        if (url != null && !url.isBlank()) {
            // a presigned link is signed anew each time: its query string is no part of what the media is
            int q = url.indexOf('?');
            return "url:" + (q < 0 ? url : url.substring(0, q));
        }
        String bucket = in.getHeader(S3_BUCKET, String.class);
        String key = in.getHeader(MediaInputResolver.AWS_S3_KEY, String.class);
        String etag = in.getHeader(S3_ETAG, String.class);
        if (bucket != null && key != null && etag != null) {
            return "s3:" + bucket + "/" + key + "#" + etag;
        }
        Object body = in.getBody();
        if (body instanceof WrappedFile<?> wrapped && isLocal(wrapped.getFile())) {
            body = wrapped.getFile();
        }
        if (body instanceof java.nio.file.Path path) {
            body = path.toFile();
        }
        if (body instanceof File file && file.isFile()) {
            return "file:" + file.getAbsolutePath() + "#" + file.length() + "#" + file.lastModified();
        }
        if (body instanceof WrappedFile<?> remote) {
            // an ftp/sftp file: its content comes through the file binding
            Object content = remote.getBody();
            body = content instanceof byte[] || content instanceof InputStream ? content : body;
        }
        if (body instanceof byte[] bytes) {
            return "sha256:" + HexFormat.of().formatHex(digest().digest(bytes)) + "#" + bytes.length;
        }
        if (spool != null && (body instanceof InputStream || body instanceof WrappedFile<?>)) {
            return spoolAndHash(exchange, spool);
        }
        return null;
    }

    private static boolean isLocal(Object file) {
        return file instanceof File || file instanceof java.nio.file.Path;
    }

    /** Copies the body to a spool file while hashing it; the file becomes the body until the exchange completes. */
    private static String spoolAndHash(Exchange exchange, Path spool) throws IOException {
        Message in = exchange.getMessage();
        Files.createDirectories(spool);
        // the suffix keeps the extension the service and the content type guess go by
        String name = MediaInputResolver.fileName(in, "media.mp4").replaceAll("[^A-Za-z0-9._-]", "_");
        Path file = Files.createTempFile(spool, "source-", "-" + name);
        MessageDigest digest = digest();
        long length;
        Object raw = in.getBody();
        Object content = raw instanceof WrappedFile<?> remote ? remote.getBody() : raw;
        try (InputStream body = content instanceof InputStream stream ? stream : in.getBody(InputStream.class);
                OutputStream out = Files.newOutputStream(file)) {
            if (body == null) {
                Files.deleteIfExists(file);
                return null;
            }
            length = new DigestInputStream(body, digest).transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("Could not delete spooled source {}: {}", file, e.toString());
                }
            }
        });
        in.setBody(file.toFile());
        // the spool file's own length, not the source's (possibly stale) header
        in.removeHeader(Exchange.CONTENT_LENGTH);
        String hex = HexFormat.of().formatHex(digest.digest());
        LOG.debug("Keyed a body without identity by its content: {} bytes, sha256 {}", length, hex);
        return "sha256:" + hex + "#" + length;
    }

    public static String toJson(GenerationConfig config) {
        try {
            return Json.MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write generation config " + config, e);
        }
    }

    public static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
