package io.describer.examples.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The examples' metrics: a Prometheus registry bound in the Camel registry (the component finds it there and records
 * its camel.describer.* meters in it), and optionally a {@code /metrics} page for Prometheus to scrape. Only used when
 * micrometer-registry-prometheus is on the class path; the component itself needs none of it.
 */
public final class PrometheusMetrics {

    /** camel-micrometer's name for the registry; the component looks it up by this name first. */
    public static final String REGISTRY_NAME = "metricsRegistry";

    /** Port of the examples' /metrics page, unless -Dmetrics.port says otherwise (-1: none). */
    public static final int DEFAULT_PORT = 9464;

    private static final String PROMETHEUS_CLASS = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    private PrometheusMetrics() {}

    public static boolean available() {
        try {
            Class.forName(PROMETHEUS_CLASS, false, PrometheusMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Binds a new Prometheus registry into {@code main}'s registry, when the library is there. */
    public static void bindTo(Main main) {
        if (available()) {
            main.bind(REGISTRY_NAME, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }
    }

    /** The Prometheus text of {@code context}'s registry; empty without one. */
    public static String scrape(CamelContext context) {
        if (!available()) {
            return "";
        }
        PrometheusMeterRegistry registry =
                context.getRegistry().lookupByNameAndType(REGISTRY_NAME, PrometheusMeterRegistry.class);
        return registry == null ? "" : registry.scrape();
    }

    /** Only the lines about the describer component. */
    public static String describerLines(CamelContext context) {
        return scrape(context)
                .lines()
                .filter(l -> l.contains("camel_describer_"))
                .collect(Collectors.joining("\n"));
    }

    /** Once {@code main} has started, serves its metrics on {@code port} (negative: not at all) and says where. */
    public static void serveOnStart(Main main, int port) {
        if (port < 0 || !available()) {
            return;
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                try {
                    int actual = serve(started.getCamelContext(), port);
                    System.out.printf("Metrics at http://127.0.0.1:%d/metrics (camel_describer_*)%n", actual);
                } catch (IOException e) {
                    System.out.printf("Metrics not served on port %d: %s%n", port, e.getMessage());
                }
            }
        });
    }

    /**
     * Serves {@code GET /metrics} on 127.0.0.1:{@code port} (0: any free port) until the JVM ends; returns the port.
     */
    public static int serve(CamelContext context, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape(context).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(null);
        Thread thread = new Thread(server::start, "metrics-http");
        thread.setDaemon(true);
        thread.start();
        return server.getAddress().getPort();
    }
}
