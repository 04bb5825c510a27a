package io.describer.examples.pipeline;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.describer.examples.infra.EmbeddedFtp;
import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.infra.EmbeddedSftp;
import io.describer.examples.metrics.PrometheusMetrics;
import io.describer.examples.sandbox.SandboxServer;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.Main;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Runs one example pipeline on Camel Main: {@code PipelineMain <s3|ftp|sftp|folder> [java|yaml]}.
 * <p>
 * Settings come from {@code application.properties}, overridable by system properties and environment variables. The
 * S3, FTP and SFTP servers the pipelines talk to are started in this JVM (data under {@code pipeline.work-dir}) unless
 * {@code -Dpipeline.embedded-servers=false}. Without an API key ({@code DESCRIBER_API_KEY} or
 * {@code -Ddescriber.api-key}) the pipeline talks to the local sandbox of the API, started here too, and a sample video
 * is dropped into its input so that results show up at once.
 */
public final class PipelineMain {

    /** The pipelines, each with its Java DSL routes and its YAML DSL twin. */
    public enum Pipeline {
        S3("pipelines/s3.camel.yaml"),
        FTP("pipelines/ftp.camel.yaml"),
        SFTP("pipelines/ftp.camel.yaml"),
        FOLDER("pipelines/folder.camel.yaml");

        private final String yaml;

        Pipeline(String yaml) {
            this.yaml = yaml;
        }

        RoutesBuilder javaRoutes() {
            return switch (this) {
                case S3 -> new S3Pipeline();
                case FTP, SFTP -> new FtpPipeline();
                case FOLDER -> new FolderPipeline();
            };
        }

        public static Pipeline of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private PipelineMain() {}

    /**
     * A Camel Main running {@code pipeline}, from its Java DSL or its YAML file, with {@code properties} taking precedence
     * over application.properties. Not started.
     */
    public static Main create(Pipeline pipeline, boolean yaml, Map<String, String> properties) {
        Main main = new Main();
        main.configure().withName("describer-" + pipeline.name().toLowerCase(Locale.ROOT));
        if (yaml) {
            main.configure().withRoutesIncludePattern("classpath:" + pipeline.yaml);
        } else {
            main.configure().addRoutesBuilder(pipeline.javaRoutes());
        }
        properties.forEach(main::addOverrideProperty);
        PrometheusMetrics.bindTo(main);
        return main;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PipelineMain <s3|ftp|sftp|folder> [java|yaml]");
            System.exit(2);
        }
        Pipeline pipeline = Pipeline.of(args[0]);
        boolean yaml = args.length > 1 && "yaml".equalsIgnoreCase(args[1]);
        Path workDir = Path.of(System.getProperty("pipeline.work-dir", ".camel-describer"));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("pipeline.work-dir", workDir.toString());
        SandboxServer sandbox = apiKey() == null ? startSandbox(props) : null;
        boolean embedded = Boolean.parseBoolean(System.getProperty("pipeline.embedded-servers", "true"));
        AutoCloseable server = embedded ? startServer(pipeline, workDir, props) : null;
        try {
            if (sandbox != null) {
                seedSample(pipeline, workDir, server);
            }
            Main camel = create(pipeline, yaml, props);
            PrometheusMetrics.serveOnStart(camel, Integer.getInteger("metrics.port", PrometheusMetrics.DEFAULT_PORT));
            camel.run();
        } finally {
            if (server != null) {
                server.close(); // S3Proxy's threads would otherwise keep the JVM alive
            }
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    private static String apiKey() {
        String key = System.getProperty("describer.api-key", System.getenv("DESCRIBER_API_KEY"));
        return key == null || key.isBlank() ? null : key;
    }

    private static SandboxServer startSandbox(Map<String, String> props) throws Exception {
        SandboxServer sandbox = SandboxServer.start();
        props.put("describer.api-key", sandbox.apiKey());
        props.put("describer.base-url", sandbox.baseUrl());
        // sandbox jobs take seconds, not minutes
        props.put("camel.component.describer.job-poll-interval", "2s");
        System.out.printf(
                "No DESCRIBER_API_KEY: using the local sandbox of the API at %s (sandbox outputs only)%n",
                sandbox.baseUrl());
        return sandbox;
    }

    /** Puts the bundled sample video where the pipeline picks it up (sandbox runs only: a real job costs money). */
    private static void seedSample(Pipeline pipeline, Path workDir, AutoCloseable server) throws Exception {
        try (InputStream sample = PipelineMain.class.getResourceAsStream("/samples/sample.mp4")) {
            byte[] bytes = sample.readAllBytes();
            if (server instanceof EmbeddedS3 s3) {
                s3.client().putObject(b -> b.bucket("incoming").key("videos/sample.mp4"), RequestBody.fromBytes(bytes));
                return;
            }
            // the default folders of application.properties
            Path dir = server instanceof EmbeddedFtp ftp
                    ? ftp.home().resolve("inbox")
                    : server instanceof EmbeddedSftp sftp
                            ? sftp.root().resolve("inbox")
                            : pipeline == Pipeline.FOLDER ? workDir.resolve("input") : null;
            if (dir != null) {
                Files.createDirectories(dir);
                Files.write(dir.resolve("sample.mp4"), bytes);
            }
        }
    }

    /** Starts the server the pipeline reads from and writes to, on the port of its properties, and tells where it is. */
    private static AutoCloseable startServer(Pipeline pipeline, Path workDir, Map<String, String> props)
            throws Exception {
        switch (pipeline) {
            case S3 -> {
                int port = Integer.getInteger("s3.port", 9090);
                EmbeddedS3 s3 = EmbeddedS3.start(workDir.resolve("s3"), port, "incoming", "described");
                props.putAll(s3.properties());
                System.out.printf(
                        "S3 at %s (access key %s, secret %s): put videos under s3://incoming/videos/%n",
                        s3.endpoint(), EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
                return s3;
            }
            case FTP -> {
                EmbeddedFtp ftp = EmbeddedFtp.start(workDir.resolve("ftp"), Integer.getInteger("ftp.port", 2121));
                props.putAll(ftp.properties());
                System.out.printf(
                        "FTP at 127.0.0.1:%d (user %s, password %s): upload videos to /inbox%n",
                        ftp.port(), EmbeddedFtp.USER, EmbeddedFtp.PASSWORD);
                return ftp;
            }
            case SFTP -> {
                EmbeddedSftp sftp = EmbeddedSftp.start(workDir.resolve("sftp"), Integer.getInteger("ftp.port", 2222));
                props.putAll(sftp.properties());
                System.out.printf(
                        "SFTP at 127.0.0.1:%d (user %s, password %s): upload videos to /inbox%n",
                        sftp.port(), EmbeddedSftp.USER, EmbeddedSftp.PASSWORD);
                return sftp;
            }
            default -> {
                System.out.printf(
                        "Drop videos into %s%n", workDir.resolve("input").toAbsolutePath());
                return null;
            }
        }
    }
}
