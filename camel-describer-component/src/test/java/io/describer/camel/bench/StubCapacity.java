package io.describer.camel.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many delayed calls a second the {@link DelayStub} serves on its own: {@code connections} client threads, each on
 * one keep-alive socket, send get_results requests for {@code seconds}. With latency L the ideal is connections / L;
 * the tracking figures mean something only if this is well above the rate the engine needs (1,000/s for 10,000 jobs
 * on a 10 s interval). Run: {@code ./bench.sh tracking stub}
 */
public final class StubCapacity {

    private StubCapacity() {}

    /** Calls per second served. */
    public static double measure(long latencyMillis, int connections, double seconds) throws Exception {
        String answer = "{\"job_id\":\"j\",\"status\":\"processing\",\"media_id\":\"m\"}";
        try (DelayStub stub = new DelayStub(target -> {
            DelayStub.pause(latencyMillis);
            return answer;
        })) {
            AtomicLong calls = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int n = i;
                Thread t = new Thread(() -> client(stub.port(), n, end, calls), "stub-client-" + i);
                t.setDaemon(true);
                clients.add(t);
            }
            long start = System.nanoTime();
            clients.forEach(Thread::start);
            for (Thread t : clients) {
                t.join();
            }
            return calls.get() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void client(int port, int n, long end, AtomicLong calls) {
        byte[] request = ("GET /enterprise/api/get_results?job_id=j" + n + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "X-API-Key: vsk_x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (System.nanoTime() < end) {
                out.write(request);
                out.flush();
                readResponse(in);
                calls.incrementAndGet();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readResponse(InputStream in) throws IOException {
        int length = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            if (b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
                continue;
            }
            if (line.length() == 0) {
                break;
            }
            String h = line.toString();
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            }
            line.setLength(0);
        }
        in.skipNBytes(length);
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        for (String latency : (args.length > 1 ? args[1] : "0,50").split(",")) {
            long ms = Long.parseLong(latency.trim());
            double rate = measure(ms, connections, 5);
            System.out.printf(
                    "stub alone, %d ms latency, %d connections: %.0f calls/s (ideal %s)%n",
                    ms, connections, rate, ms == 0 ? "n/a" : String.format("%.0f", connections * 1000.0 / ms));
        }
    }
}
