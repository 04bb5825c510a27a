package io.describer.camel.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A minimal HTTP/1.1 server for benchmarks: one thread per keep-alive connection, which sleeps the stub's latency and
 * answers, so N open connections serve N delayed calls at once. The JDK's {@code HttpServer} was the benchmark's cap:
 * its single dispatcher thread held 50 ms get_results calls at about 600/s whatever the handler pool. Answers every
 * request with 200 and the JSON {@code handler} returns for its path and query; reads and drops request bodies.
 */
public final class DelayStub extends BenchServer {

    private final Function<String, String> handler;

    /** {@code handler}: request target (path and query) to the JSON body, called after the latency's sleep. */
    public DelayStub(Function<String, String> handler) throws IOException {
        super("delay-stub", 4096);
        this.handler = handler;
    }

    @Override
    void serve(Socket socket) throws IOException {
        try (InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192)) {
            StringBuilder line = new StringBuilder(256);
            while (!isClosed()) {
                String requestLine = readLine(in, line);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                long length = 0;
                boolean close = false;
                for (String header = readLine(in, line);
                        header != null && !header.isEmpty();
                        header = readLine(in, line)) {
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        continue;
                    }
                    String name = header.substring(0, colon).trim();
                    String value = header.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                        close = true;
                    }
                }
                in.skipNBytes(length);
                int sp1 = requestLine.indexOf(' ');
                int sp2 = requestLine.indexOf(' ', sp1 + 1);
                String target = requestLine.substring(sp1 + 1, sp2 < 0 ? requestLine.length() : sp2);
                byte[] body = handler.apply(target).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (close) {
                    return;
                }
            }
        }
    }

    /** Sleeps {@code millis}, as the stubbed service's latency. */
    public static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
