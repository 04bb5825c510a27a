package io.describer.examples.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import io.describer.examples.metrics.PrometheusMetrics;

/**
 * {@code mvn -pl camel-describer-examples exec:java}: runs the main job (see {@link Demo}) and keeps the pipeline running
 * so more videos can be dropped into S3; Ctrl-C stops it. {@code --once} exits after the sample is described. Uses the
 * real service when {@code DESCRIBER_API_KEY} is set ({@code DESCRIBER_BASE_URL} overrides its address).
 */
public final class DemoMain {

    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        boolean once =
                Arrays.asList(args).contains("--once") || Arrays.asList(args).contains("once");
        Path workDir = Path.of(System.getProperty("demo.work-dir", ".camel-describer/demo"));
        String apiKey = System.getenv("DESCRIBER_API_KEY");
        Duration timeout = apiKey == null || apiKey.isBlank() ? Duration.ofMinutes(2) : Duration.ofMinutes(30);
        Demo demo = Demo.start(workDir, apiKey, System.getenv("DESCRIBER_BASE_URL"), null, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            demo.close();
                            stopped.countDown();
                        },
                        "demo-shutdown"));
        int metricsPort = Integer.getInteger("metrics.port", PrometheusMetrics.DEFAULT_PORT);
        if (metricsPort >= 0 && PrometheusMetrics.available()) {
            System.out.printf(
                    "Metrics:  http://127.0.0.1:%d/metrics%n",
                    PrometheusMetrics.serve(demo.main().getCamelContext(), metricsPort));
        }
        try {
            demo.describeSample(timeout);
        } catch (Exception e) {
            System.err.println("The demo failed: " + e.getMessage());
            System.exit(1);
        }
        System.out.printf(
                "Metrics (camel_describer_* of the Prometheus scrape):%n%s%n",
                PrometheusMetrics.describerLines(demo.main().getCamelContext()));
        if (once) {
            System.exit(0);
        }
        System.out.printf(
                "%nStill running. Put more videos under s3://incoming/videos/ (endpoint %s, access key %s, secret %s),"
                        + "%ne.g. aws --endpoint-url %s s3 cp my.mp4 s3://incoming/videos/ ; results appear in"
                        + " s3://described/videos/. Ctrl-C stops.%n",
                demo.s3().endpoint(),
                io.describer.examples.infra.EmbeddedS3.ACCESS_KEY,
                io.describer.examples.infra.EmbeddedS3.SECRET_KEY,
                demo.s3().endpoint());
        stopped.await();
    }
}
