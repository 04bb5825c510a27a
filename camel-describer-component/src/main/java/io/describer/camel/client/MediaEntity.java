package io.describer.camel.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A request body of exact length that streams {@link MediaContent} in {@link HttpTransport#TRANSFER_BUFFER} pieces,
 * optionally framed by a fixed head and tail (the parts of a multipart body around the file), never holding the media
 * in memory. Reports the media bytes written to {@link Progress}.
 */
final class MediaEntity extends AbstractHttpEntity {

    private static final byte[] NONE = new byte[0];

    private final MediaContent content;
    private final Progress progress;
    private final byte[] head;
    private final byte[] tail;

    MediaEntity(String contentType, MediaContent content, Progress progress) {
        this(contentType, NONE, content, NONE, progress);
    }

    MediaEntity(String contentType, byte[] head, MediaContent content, byte[] tail, Progress progress) {
        super(ContentType.parse(contentType), null);
        this.content = content;
        this.progress = progress;
        this.head = head;
        this.tail = tail;
    }

    @Override
    public long getContentLength() {
        return head.length + content.length() + tail.length;
    }

    @Override
    public boolean isRepeatable() {
        return content.isReplayable();
    }

    @Override
    public boolean isStreaming() {
        return !content.isReplayable();
    }

    /** Not used for a request body, which is written with {@link #writeTo}. */
    @Override
    public InputStream getContent() {
        throw new UnsupportedOperationException("A media body is written with writeTo, not read");
    }

    /**
     * The media is opened only here, when the connection is ready: a request that fails before sending leaves a one-shot
     * stream unconsumed, so the retry policy may still repeat it.
     */
    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(head);
        long length = content.length();
        long left = length;
        byte[] buffer = new byte[(int) Math.min(HttpTransport.TRANSFER_BUFFER, Math.max(left, 1))];
        try (InputStream in = content.open()) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("The media " + content.filename() + " ended after " + (length - left)
                            + " of its " + length + " bytes");
                }
                out.write(buffer, 0, n);
                left -= n;
                progress.add(n);
            }
        }
        out.write(tail);
        out.flush();
    }

    @Override
    public void close() {
        // nothing held open between writes
    }
}
