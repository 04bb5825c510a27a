package io.describer.examples.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Streaming {@code multipart/form-data} reader: parts are handed out one at a time as streams, so a file part can go
 * straight to disk whatever its size. Only a small window of the request is ever in memory.
 */
final class MultipartReader {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;
    private PartStream current;
    private boolean finished;

    MultipartReader(InputStream in, String boundary) throws IOException {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // a virtual CRLF in front lets the first boundary line match the same delimiter as all the others
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
        current = new PartStream(); // the preamble, skipped by next()
    }

    /** Boundary parameter of a multipart Content-Type header, or null. */
    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }

    /** The next part, or null after the closing boundary. The previous part's unread bytes are skipped. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        current.skipRest();
        if (!ensure(2)) {
            throw new EOFException("multipart body ends without a closing boundary");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        skipLine(); // CRLF after the boundary (tolerates transport padding)
        String name = null;
        String filename = null;
        String contentType = null;
        int headerBytes = 0;
        String line;
        while (!(line = readLine()).isEmpty()) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("multipart part headers too large");
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = param(value, "name");
                filename = param(value, "filename");
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        current = new PartStream();
        return new Part(name, filename, contentType, current);
    }

    private static String param(String headerValue, String key) {
        for (String piece : headerValue.split(";")) {
            String p = piece.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(key)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"");
                }
                return v;
            }
        }
        return null;
    }

    private void skipLine() throws IOException {
        readLine();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (!ensure(1)) {
                throw new EOFException("multipart body truncated in part headers");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("multipart header line too long");
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Makes at least {@code n} bytes available at {@code pos} unless the input ends first. */
    private boolean ensure(int n) throws IOException {
        while (lim - pos < n && !eof) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            int read = in.read(buf, lim, buf.length - lim);
            if (read < 0) {
                eof = true;
            } else {
                lim += read;
            }
        }
        return lim - pos >= n;
    }

    private int indexOfDelimiter() {
        int last = lim - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** One part's header values and body. */
    record Part(String name, String filename, String contentType, InputStream body) {

        /** The body as UTF-8 text; 400 when it is larger than {@code maxBytes}. */
        String text(int maxBytes) throws IOException {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw ApiException.badRequest("multipart field '" + name + "' is too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Body of the current part: ends where the next delimiter starts. */
    private final class PartStream extends InputStream {

        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            ensure(delimiter.length);
            int idx = indexOfDelimiter();
            if (idx == pos) {
                done = true;
                pos += delimiter.length;
                return -1;
            }
            int safeEnd;
            if (idx >= 0) {
                safeEnd = idx;
            } else if (eof) {
                throw new EOFException("multipart body truncated (no closing boundary)");
            } else {
                // the tail might be the start of a delimiter split across reads: hold it back
                safeEnd = lim - delimiter.length + 1;
            }
            int n = Math.min(len, safeEnd - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // discard
            }
        }
    }
}
