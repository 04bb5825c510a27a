package io.describer.camel.job;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.describer.camel.DescriberConstants;
import io.describer.camel.MediaInputResolver;
import io.describer.camel.client.Json;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobType;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;

/**
 * The idempotency key of a submission: what the source is, plus what is asked of it. The same object described in
 * another language is another job; the same object redelivered is not.
 */
public final class DedupeKeys {

    public static final String S3_BUCKET = "CamelAwsS3BucketName";
    public static final String S3_ETAG = "CamelAwsS3ETag";

    private DedupeKeys() {}

    /** Null when the message has no stable identity (a bare stream or byte array) and no expression was given. */
    public static String of(Exchange exchange, Expression expression, JobType type, GenerationConfig config) {
        String source = expression != null ? expression.evaluate(exchange, String.class) : defaultSource(exchange);
        if (source == null || source.isBlank()) {
            return null;
        }
        return source + "|" + type + "|" + sha256(toJson(config)).substring(0, 16);
    }

    private static String defaultSource(Exchange exchange) {
        Message in = exchange.getMessage();
        String mediaId = in.getHeader(DescriberConstants.MEDIA_ID, String.class);
        if (mediaId != null && !mediaId.isBlank()) {
            return "media:" + mediaId;
        }
        String bucket = in.getHeader(S3_BUCKET, String.class);
        String key = in.getHeader(MediaInputResolver.AWS_S3_KEY, String.class);
        String etag = in.getHeader(S3_ETAG, String.class);
        if (bucket != null && key != null && etag != null) {
            return "s3:" + bucket + "/" + key + "#" + etag;
        }
        Object body = in.getBody();
        if (body instanceof WrappedFile<?> wrapped) {
            body = wrapped.getFile();
        }
        if (body instanceof java.nio.file.Path path) {
            body = path.toFile();
        }
        if (body instanceof File file && file.isFile()) {
            return "file:" + file.getAbsolutePath() + "#" + file.length() + "#" + file.lastModified();
        }
        return null;
    }

    public static String toJson(GenerationConfig config) {
        try {
            return Json.MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write generation config " + config, e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
