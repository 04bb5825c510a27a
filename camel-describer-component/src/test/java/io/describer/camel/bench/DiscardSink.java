package io.describer.camel.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the API and for signed storage that costs as little as possible: a raw socket server (one thread
 * per connection, keep-alive, {@code Expect: 100-continue}) that discards request bodies with a 1 MiB buffer, counts
 * them, and answers the few calls the benchmarks make with canned JSON. {@code GET /download/<n>} streams n zero bytes.
 * Not the JDK HttpServer: its per-request overhead would blur the client's own.
 */
public final class DiscardSink extends BenchServer {

    private static final byte[] ZEROS = new byte[1024 * 1024];

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong jobs = new AtomicLong();
    /** How long a job start takes to answer (0: at once), as a remote service would. */
    private volatile long jobStartMillis;

    public DiscardSink() throws IOException {
        super("discard-sink", 50);
    }

    /** Job starts ({@code generate_ad_*}) answer after {@code millis} (0: at once); other calls stay immediate. */
    public DiscardSink jobStartLatency(long millis) {
        this.jobStartMillis = millis;
        return this;
    }

    /** Body bytes received since the last {@link #reset()}. */
    public long received() {
        return received.get();
    }

    public long requests() {
        return requests.get();
    }

    public void reset() {
        received.set(0);
        requests.set(0);
    }

    @Override
    void serve(Socket socket) throws IOException {
        try (InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                OutputStream out = socket.getOutputStream()) {
            byte[] buf = new byte[1024 * 1024];
            StringBuilder line = new StringBuilder(256);
            while (true) {
                String requestLine = readLine(in, line);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                Map<String, String> headers = new HashMap<>();
                for (String h; !(h = readLine(in, line)).isEmpty(); ) {
                    int colon = h.indexOf(':');
                    headers.put(
                            h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            h.substring(colon + 1).trim());
                }
                if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                String[] parts = requestLine.split(" ");
                String method = parts[0];
                String target = parts[1];
                String contentType = headers.getOrDefault("content-type", "");
                long n;
                if (headers.containsKey("content-length")) {
                    n = discard(in, Long.parseLong(headers.get("content-length")), buf);
                } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    n = discardChunked(in, buf, line);
                } else {
                    n = 0;
                }
                received.addAndGet(n);
                requests.incrementAndGet();
                respond(out, method, target, contentType);
            }
        }
    }

    private void respond(OutputStream out, String method, String target, String contentType) throws IOException {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        if (method.equals("GET") && path.startsWith("/download/")) {
            long size = Long.parseLong(path.substring("/download/".length()));
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (long left = size; left > 0; ) {
                int k = (int) Math.min(left, ZEROS.length);
                out.write(ZEROS, 0, k);
                left -= k;
            }
            out.flush();
            return;
        }
        String json;
        if (path.endsWith("/upload_media")) {
            json = contentType.startsWith("multipart/")
                    ? "{\"media_id\":\"m-direct\",\"status\":\"completed\"}"
                    : "{\"media_id\":\"m-signed\",\"upload_url\":\"" + baseUrl()
                            + "/bucket/media.mp4?X-Goog-Signature=bench\",\"gcs_path\":\"bucket/media.mp4\","
                            + "\"status\":\"pending_upload\",\"content_type\":\"video/mp4\"}";
        } else if (path.endsWith("/notify_upload_complete") || path.endsWith("/get_upload_status")) {
            json = "{\"media_id\":\"m-signed\",\"upload_status\":\"completed\",\"canonical_media_id\":\"m-signed\"}";
        } else if (path.contains("/generate_ad_")) {
            DelayStub.pause(jobStartMillis);
            json = "{\"job_id\":\"job-" + jobs.incrementAndGet() + "\",\"status\":\"queued\",\"media_id\":\"m1\"}";
        } else if (path.endsWith("/get_results")) {
            json = "{\"job_id\":\"job-1\",\"status\":\"processing\",\"media_id\":\"m1\"}";
        } else {
            json = "";
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (body.length > 0 ? "application/json" : "text/plain")
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static long discard(InputStream in, long length, byte[] buf) throws IOException {
        long left = length;
        while (left > 0) {
            int k = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (k < 0) {
                throw new EOFException("body ended " + left + " bytes early");
            }
            left -= k;
        }
        return length;
    }

    private static long discardChunked(InputStream in, byte[] buf, StringBuilder line) throws IOException {
        long total = 0;
        while (true) {
            String size = readLine(in, line);
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            if (n == 0) {
                while (!readLine(in, line).isEmpty()) {
                    // trailers
                }
                return total;
            }
            total += discard(in, n, buf);
            readLine(in, line);
        }
    }
}
