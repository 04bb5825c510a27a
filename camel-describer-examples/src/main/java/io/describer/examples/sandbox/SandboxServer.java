package io.describer.examples.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local emulator of the ViddyScribe Enterprise API (V3 contract of {@code API.md}) on the JDK's built-in HTTP
 * server: uploads in all three modes with timed verification, jobs that go queued → processing → done/failed, outputs
 * timed to the real video (WebVTT, SRT, JSON, EDL, a WAV, an MP4), signed download URLs that expire, plan limits,
 * rate limiting and scripted faults.
 *
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests())) {
 *     String baseUrl = sandbox.baseUrl();            // e.g. http://127.0.0.1:41234, API under /enterprise/api/
 *     String key = sandbox.apiKey();                 // vsk_sandbox
 *     sandbox.injectFault("generate_ad_text", 429, "concurrency_limit_exceeded", 2);
 * }
 * }</pre>
 *
 * Standalone: {@code SandboxServer --port 8089 [--data-dir dir] [--api-key k]... [--any-key] [--allow-file-urls]
 * [--queued-ms n] [--processing-ms n] [--verify-ms n] [--url-ttl-s n] [--rate n] [--max-file-mb n]
 * [--max-duration-s n]}; with Maven: {@code mvn -B -pl camel-describer-examples -am package -DskipTests -Psandbox}
 * (arguments in {@code -Dsandbox.args="--port 8089"}).
 */
public final class SandboxServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);

    static {
        // without TCP_NODELAY the JDK server sends headers and body in two segments and the second waits ~40 ms for
        // the client's delayed ACK: every small JSON answer would take 40 ms. Read once by the JDK, so set it early.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SandboxSettings settings;
    private final Sandbox sandbox;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String baseUrl;

    private SandboxServer(SandboxSettings settings) throws IOException {
        this.settings = settings;
        this.ownsDataDir = settings.dataDir() == null;
        this.dataDir = ownsDataDir
                ? Files.createTempDirectory("describer-sandbox")
                : Files.createDirectories(settings.dataDir());
        this.sandbox = new Sandbox(settings, dataDir);
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "describer-sandbox-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(ApiRouter.PREFIX, new ApiRouter(sandbox));
        StorageHandler storage = new StorageHandler(sandbox);
        server.createContext(SignedUrls.DOWNLOAD_PREFIX, storage);
        server.createContext(SignedUrls.UPLOAD_PREFIX, storage);
        server.createContext("/sandbox/", new AdminHandler(sandbox));
        server.createContext("/", ex -> {
            try (ex) {
                HttpIo.sendJson(
                        ex, 404, Map.of("error", "not_found", "message", "No such path: " + ex.getRequestURI()));
            }
        });
        server.start();
        String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
        this.baseUrl = "http://" + host + ":" + server.getAddress().getPort();
        sandbox.baseUrl(baseUrl);
        LOG.info("ViddyScribe sandbox listening on {} (data in {})", baseUrl, dataDir);
    }

    /** Starts a sandbox with the demo defaults on a free port. */
    public static SandboxServer start() throws IOException {
        return start(new SandboxSettings());
    }

    /** Starts a sandbox; it listens until {@link #close()}. */
    public static SandboxServer start(SandboxSettings settings) throws IOException {
        return new SandboxServer(settings);
    }

    /** {@code http://host:port}, the value for the component's {@code baseUrl}; the API lives under {@code /enterprise/api/}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** An accepted API key (the first configured one). */
    public String apiKey() {
        return settings.apiKeys().isEmpty()
                ? SandboxSettings.DEFAULT_API_KEY
                : settings.apiKeys().iterator().next();
    }

    /**
     * The live settings. Timers, caps, TTLs and the rate limit are read on every request, so a test may change them
     * while the sandbox runs.
     */
    public SandboxSettings settings() {
        return settings;
    }

    /** Jobs started, error answers by code and media bytes received, since start or the last reset. */
    public SandboxStats stats() {
        return sandbox.stats;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The next {@code times} calls to {@code endpoint} ({@code generate_ad_text}, {@code get_results}, ... or
     * {@code *} for any) answer {@code status} with the API's body for {@code code} (429s carry {@code retry_after} 1).
     */
    public void injectFault(String endpoint, int status, String code, int times) {
        injectFault(endpoint, status, code, null, null, times);
    }

    /** As {@link #injectFault(String, int, String, int)} with a custom message and {@code retry_after} (seconds). */
    public void injectFault(
            String endpoint, int status, String code, String message, Long retryAfterSeconds, int times) {
        sandbox.faults.add(endpoint, new FaultInjector.Fault(status, code, message, retryAfterSeconds, times));
    }

    public void clearFaults() {
        sandbox.faults.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (ownsDataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }

    public static void main(String[] args) throws Exception {
        SandboxSettings settings = parse(args);
        SandboxServer sandbox = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        System.out.println("ViddyScribe sandbox listening on " + sandbox.baseUrl() + "  (API under " + sandbox.baseUrl()
                + ApiRouter.PREFIX + ", data in " + sandbox.dataDir() + ")");
        System.out.println("Accepted API key(s): " + String.join(", ", settings.apiKeys())
                + (settings.acceptAnyVskKey() ? " and any vsk_... key" : ""));
        System.out.println("Health: " + sandbox.baseUrl() + "/sandbox/health   Stop with Ctrl-C.");
        stopped.await();
    }

    /** Command-line options to settings; the port defaults to 8089 ({@code --port 0} picks a free one). */
    static SandboxSettings parse(String[] args) {
        SandboxSettings s = new SandboxSettings().port(8089);
        boolean keysGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--any-key":
                    s.acceptAnyVskKey(true);
                    continue;
                case "--allow-file-urls":
                    s.allowFileUrls(true);
                    continue;
                default:
                    break;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + arg);
            }
            String v = args[++i];
            switch (arg) {
                case "--port":
                    s.port(Integer.parseInt(v));
                    break;
                case "--host":
                    s.host(v);
                    break;
                case "--data-dir":
                    s.dataDir(Path.of(v));
                    break;
                case "--api-key":
                    if (!keysGiven) {
                        s.apiKeys(List.of());
                        keysGiven = true;
                    }
                    s.addApiKey(v);
                    break;
                case "--queued-ms":
                    s.queuedDelay(Duration.ofMillis(Long.parseLong(v)));
                    break;
                case "--processing-ms":
                    s.processingDelay(Duration.ofMillis(Long.parseLong(v)));
                    break;
                case "--verify-ms":
                    s.verificationDelay(Duration.ofMillis(Long.parseLong(v)));
                    break;
                case "--url-ttl-s":
                    s.signedUrlTtl(Duration.ofSeconds(Long.parseLong(v)));
                    break;
                case "--queue-limit":
                    s.maxQueuedJobs(Integer.parseInt(v));
                    break;
                case "--concurrency":
                    s.concurrencyLimit(Integer.parseInt(v));
                    break;
                case "--rate":
                    s.rateLimit(Integer.parseInt(v));
                    break;
                case "--max-file-mb":
                    s.maxFileSizeBytes(Long.parseLong(v) * SandboxSettings.MIB);
                    break;
                case "--max-duration-s":
                    s.maxDurationSeconds(Double.parseDouble(v));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return s;
    }
}
