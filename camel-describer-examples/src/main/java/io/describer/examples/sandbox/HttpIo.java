package io.describer.examples.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

/** Small helpers over {@link HttpExchange}: query strings, JSON/text answers, streamed file downloads. */
final class HttpIo {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private HttpIo() {}

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Media type of the request without parameters, lower case; "" when absent. */
    static String mediaType(HttpExchange exchange) {
        String ct = exchange.getRequestHeaders().getFirst("Content-Type");
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase();
    }

    static long contentLength(HttpExchange exchange) {
        String cl = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return cl == null ? -1 : Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", SandboxJson.bytes(body));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Reads and discards what is left of the request body (up to {@code limit} bytes), so that an early error answer
     * reaches a client that is still sending instead of a reset connection.
     */
    static void drain(HttpExchange exchange, long limit) {
        try {
            InputStream in = exchange.getRequestBody();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while (total < limit && (n = in.read(buf)) >= 0) {
                total += n;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to answer to
        }
    }

    /**
     * Streams a file from disk with its exact Content-Length; honours one {@code Range: bytes=a-b} (206), as cloud
     * storage does, so a client may resume a download.
     */
    static void sendFile(HttpExchange exchange, Path file, String contentType, String downloadName) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long start = 0;
            long end = size - 1;
            int status = 200;
            String range = exchange.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range.trim());
            if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) { // suffix range: the last N bytes
                    start = Math.max(0, size - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                }
                if (start >= size || start > end) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    send(exchange, 416, "text/plain", new byte[0]);
                    return;
                }
                status = 206;
                exchange.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            long length = end - start + 1;
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Content-Length", String.valueOf(length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            // a zero-length body must be announced as -1, or the JDK server switches to chunked encoding
            exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
            try (OutputStream out = exchange.getResponseBody()) {
                ch.position(start);
                long left = length;
                InputStream in = Channels.newInputStream(ch);
                byte[] buf = new byte[64 * 1024];
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }
}
