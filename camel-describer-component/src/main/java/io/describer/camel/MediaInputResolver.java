package io.describer.camel;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import io.describer.camel.client.MediaContent;
import io.describer.camel.client.MediaInput;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;

/**
 * Decides what a message's media is, in one order: media id, then source URL, then the body. Bodies are never read
 * into memory: files are sent from disk and streams are passed through with their length.
 */
public final class MediaInputResolver {

    public static final String AWS_S3_KEY = "CamelAwsS3Key";
    public static final String AWS_S3_CONTENT_LENGTH = "CamelAwsS3ContentLength";
    public static final String AWS_S3_CONTENT_TYPE = "CamelAwsS3ContentType";

    private MediaInputResolver() {}

    public static MediaInput resolve(Exchange exchange, DescriberConfiguration config, boolean allowMediaId)
            throws IOException {
        Message in = exchange.getMessage();
        if (allowMediaId) {
            String mediaId = in.getHeader(DescriberConstants.MEDIA_ID, config.getMediaId(), String.class);
            if (mediaId != null && !mediaId.isBlank()) {
                return MediaInput.mediaId(mediaId);
            }
        }
        String sourceUrl = in.getHeader(DescriberConstants.SOURCE_URL, config.getSourceUrl(), String.class);
        if (sourceUrl != null && !sourceUrl.isBlank()) {
            return MediaInput.url(sourceUrl, fileName(in, null));
        }
        return MediaInput.content(content(exchange));
    }

    public static MediaContent content(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        long wrappedLength = -1;
        if (body instanceof WrappedFile<?> wrapped) {
            wrappedLength = wrapped.getFileLength();
            Object file = wrapped.getFile();
            // a remote file (ftp, sftp) is no local file: its content comes through the file binding, its length
            // from the consumer's CamelFileLength header
            body = file instanceof File || file instanceof Path ? file : remoteContent(in, wrapped);
        }
        String contentType = contentType(in);
        if (body instanceof File file) {
            return MediaContent.ofFile(file.toPath(), fileName(in, file.getName()), contentType);
        }
        if (body instanceof Path path) {
            return MediaContent.ofFile(path, fileName(in, path.getFileName().toString()), contentType);
        }
        if (body instanceof byte[] bytes) {
            return MediaContent.ofBytes(bytes, fileName(in, null), contentType);
        }
        if (body instanceof InputStream stream) {
            long length = streamLength(in, stream);
            if (length < 0) {
                length = wrappedLength;
            }
            if (length < 0) {
                throw new IllegalArgumentException(
                        "The media body is an InputStream of unknown length: set the Content-Length,"
                                + " CamelFileLength or CamelAwsS3ContentLength header, or send a File");
            }
            return MediaContent.ofStream(stream, length, fileName(in, null), contentType);
        }
        throw new IllegalArgumentException("No media to send: set header " + DescriberConstants.MEDIA_ID + " or "
                + DescriberConstants.SOURCE_URL + ", or send a body of type File, Path, GenericFile,"
                + " InputStream (with a known length) or byte[]; the body was "
                + (body == null ? "empty" : body.getClass().getName()));
    }

    private static Object remoteContent(Message in, WrappedFile<?> wrapped) {
        Object content = wrapped.getBody();
        if (content instanceof InputStream
                || content instanceof byte[]
                || content instanceof File
                || content instanceof Path) {
            return content;
        }
        return in.getBody(InputStream.class);
    }

    private static long streamLength(Message in, InputStream stream) throws IOException {
        for (String header : new String[] {Exchange.CONTENT_LENGTH, Exchange.FILE_LENGTH, AWS_S3_CONTENT_LENGTH}) {
            Long length = in.getHeader(header, Long.class);
            if (length != null && length >= 0) {
                return length;
            }
        }
        if (stream instanceof StreamCache cache) {
            return cache.length();
        }
        if (stream instanceof FileInputStream fis) {
            return fis.getChannel().size() - fis.getChannel().position();
        }
        return -1;
    }

    /** The name the media has at its source: file name, else the last part of an S3 key, else the fallback. */
    public static String fileName(Message in, String fallback) {
        String name = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (name == null) {
            name = in.getHeader(Exchange.FILE_NAME, String.class);
        }
        if (name == null) {
            name = in.getHeader(AWS_S3_KEY, String.class);
        }
        if (name == null) {
            return fallback;
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    private static String contentType(Message in) {
        String type = in.getHeader(AWS_S3_CONTENT_TYPE, String.class);
        if (type == null) {
            type = in.getHeader(Exchange.FILE_CONTENT_TYPE, String.class);
        }
        if (type == null) {
            type = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        }
        // a generic type tells the service nothing; let the file name decide
        return type == null || type.startsWith("application/octet-stream") || type.startsWith("text/") ? null : type;
    }
}
