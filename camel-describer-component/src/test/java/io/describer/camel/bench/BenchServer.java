package io.describer.camel.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The skeleton of the benchmarks' local HTTP/1.1 stand-ins: a loopback server socket and a daemon thread per
 * keep-alive connection, so N open connections are served at once and no dispatcher of a server library caps the
 * figures. Subclasses read requests and answer them in {@link #serve}.
 */
abstract class BenchServer implements AutoCloseable {

    private final String name;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    BenchServer(String name, int backlog) throws IOException {
        this.name = name;
        this.server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections served so far (each had a thread of its own). */
    public int connections() {
        return connections.get();
    }

    boolean isClosed() {
        return closed;
    }

    /** Serves one connection's requests until the client closes it; the socket is closed afterwards. */
    abstract void serve(Socket socket) throws IOException;

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                Thread t = new Thread(() -> serveAndClose(socket), name + "-" + connections.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println(name + ": accept failed: " + e);
                }
            }
        }
    }

    private void serveAndClose(Socket socket) {
        try (socket) {
            serve(socket);
        } catch (SocketException | EOFException e) {
            // the client closed the connection
        } catch (IOException e) {
            if (!closed) {
                System.err.println(name + ": connection failed: " + e);
            }
        } finally {
            open.remove(socket);
        }
    }

    /**
     * One CRLF-terminated line without its line end, read into {@code line} (reused); null at the end of the stream
     * before any byte of a line.
     */
    static String readLine(InputStream in, StringBuilder line) throws IOException {
        line.setLength(0);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        if (line.length() == 0) {
            return null;
        }
        throw new EOFException("connection closed in the middle of a line");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
