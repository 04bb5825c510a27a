package io.describer.camel;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP forward proxy for plain-http targets that demands Basic credentials (407 otherwise), forwards one request
 * per connection and records what it was asked ({@code "GET http://host:port/path auth=ok"}).
 */
final class ForwardingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String expectedAuthorization;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final List<String> seen = new CopyOnWriteArrayList<>();

    ForwardingProxy(String user, String password) throws IOException {
        this.expectedAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    threads.execute(() -> serve(client));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket client) {
        try (client;
                InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream()) {
            String requestLine = line(in);
            List<String> headers = new ArrayList<>();
            String authorization = null;
            long length = 0;
            for (String h; !(h = line(in)).isEmpty(); ) {
                String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(h.indexOf(':') + 1).trim();
                if (name.equals("proxy-authorization")) {
                    authorization = value;
                } else if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                    headers.add(h);
                } else if (!name.equals("proxy-connection") && !name.equals("connection")) {
                    headers.add(h);
                }
            }
            byte[] body = in.readNBytes((int) length);
            String[] parts = requestLine.split(" ");
            boolean ok = expectedAuthorization.equals(authorization);
            seen.add(parts[0] + " " + parts[1] + " auth=" + (ok ? "ok" : authorization == null ? "none" : "wrong"));
            if (!ok) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                                + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            URI target = URI.create(parts[1]);
            try (Socket upstream = new Socket(target.getHost(), target.getPort());
                    InputStream upIn = new BufferedInputStream(upstream.getInputStream());
                    OutputStream upOut = upstream.getOutputStream()) {
                StringBuilder forward = new StringBuilder()
                        .append(parts[0])
                        .append(' ')
                        .append(target.getRawPath())
                        .append(target.getRawQuery() != null ? "?" + target.getRawQuery() : "")
                        .append(" HTTP/1.1\r\n");
                headers.forEach(h -> forward.append(h).append("\r\n"));
                forward.append("Connection: close\r\n\r\n");
                upOut.write(forward.toString().getBytes(StandardCharsets.ISO_8859_1));
                upOut.write(body);
                upOut.flush();
                // the answer's head, told to close (one request per connection here), then its body as it comes
                StringBuilder head = new StringBuilder(line(upIn)).append("\r\n");
                for (String h; !(h = line(upIn)).isEmpty(); ) {
                    if (!h.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                        head.append(h).append("\r\n");
                    }
                }
                head.append("Connection: close\r\n\r\n");
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                upIn.transferTo(out);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
