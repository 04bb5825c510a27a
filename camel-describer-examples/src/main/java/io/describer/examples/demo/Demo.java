package io.describer.examples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.describer.camel.DescriberComponent;
import io.describer.camel.job.StoredJob;
import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.pipeline.PipelineMain;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.apache.camel.main.Main;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The main job, end to end: an embedded S3 server with buckets {@code incoming} and {@code described}, the S3 example
 * pipeline on Camel Main, and the API: the local sandbox, or the real service when an API key is given. Uploads a video
 * and waits until its described MP4 and WebVTT script are in {@code described}, timing each step.
 */
public final class Demo implements AutoCloseable {

    static final String SAMPLE = "samples/sample.mp4";
    static final String PREFIX = "videos/";

    private final Path workDir;
    private final PrintStream out;
    private final SandboxServer sandbox;
    private final EmbeddedS3 s3;
    private final Main main;
    /** Last status seen of each job of the current video, to print the changes. */
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    private Demo(Path workDir, PrintStream out, SandboxServer sandbox, EmbeddedS3 s3, Main main) {
        this.workDir = workDir;
        this.out = out;
        this.sandbox = sandbox;
        this.s3 = s3;
        this.main = main;
    }

    /**
     * Starts everything. With {@code apiKey} null the sandbox stands in for the service; {@code sandboxSettings} tune it
     * (null: demo timers).
     */
    public static Demo start(
            Path workDir, String apiKey, String baseUrl, SandboxSettings sandboxSettings, PrintStream out)
            throws Exception {
        long t0 = System.nanoTime();
        SandboxServer sandbox = null;
        EmbeddedS3 s3 = null;
        try {
            Map<String, String> props = new LinkedHashMap<>();
            if (apiKey == null || apiKey.isBlank()) {
                sandbox = SandboxServer.start(
                        sandboxSettings != null
                                ? sandboxSettings
                                : new SandboxSettings().dataDir(workDir.resolve("sandbox")));
                props.put("describer.api-key", sandbox.apiKey());
                props.put("describer.base-url", sandbox.baseUrl());
                // the sandbox finishes a job in seconds: look often
                props.put("camel.component.describer.job-poll-interval", "500ms");
                out.printf("API:      sandbox at %s (no DESCRIBER_API_KEY set)%n", sandbox.baseUrl());
            } else {
                props.put("describer.api-key", apiKey);
                props.put(
                        "describer.base-url",
                        baseUrl != null && !baseUrl.isBlank() ? baseUrl : "https://api.viddyscribe.com");
                out.printf("API:      %s (key from DESCRIBER_API_KEY)%n", props.get("describer.base-url"));
            }
            s3 = EmbeddedS3.start(workDir.resolve("s3"), 0, "incoming", "described");
            props.putAll(s3.properties());
            props.put("pipeline.work-dir", workDir.toString());
            props.put("s3.poll-delay", "1000");
            Main main = PipelineMain.create(PipelineMain.Pipeline.S3, false, props);
            Demo demo = new Demo(workDir, out, sandbox, s3, main);
            main.start();
            out.printf(
                    "S3:       %s (access key %s, secret %s), buckets incoming and described, data in %s%n",
                    s3.endpoint(),
                    EmbeddedS3.ACCESS_KEY,
                    EmbeddedS3.SECRET_KEY,
                    workDir.resolve("s3").toAbsolutePath());
            out.printf("Started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            return demo;
        } catch (Exception e) {
            if (s3 != null) {
                s3.close();
            }
            if (sandbox != null) {
                sandbox.close();
            }
            throw e;
        }
    }

    /** Puts the bundled sample into {@code incoming} and waits for its outputs in {@code described}. */
    public List<Path> describeSample(Duration timeout) throws Exception {
        try (InputStream sample = Demo.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            if (sample == null) {
                throw new IOException("The sample video " + SAMPLE + " is not on the classpath");
            }
            Path copy = Files.createDirectories(workDir).resolve("sample.mp4");
            Files.copy(sample, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return describe(copy, PREFIX + "sample.mp4", timeout);
        }
    }

    /** Uploads {@code video} as {@code key} and waits for {@code .ad.mp4} and {@code .ad.vtt} next to it in {@code described}. */
    public List<Path> describe(Path video, String key, Duration timeout) throws Exception {
        long start = System.nanoTime();
        s3.client().putObject(b -> b.bucket("incoming").key(key).contentType("video/mp4"), RequestBody.fromFile(video));
        out.printf(
                "Step 1  uploaded %s (%d bytes) to s3://incoming/%s in %d ms%n",
                video.getFileName(), Files.size(video), key, (System.nanoTime() - start) / 1_000_000);
        String base = key.substring(0, key.lastIndexOf('.'));
        List<String> wanted = List.of(base + ".ad.vtt", base + ".ad.mp4");
        Map<String, Path> found = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < wanted.size()) {
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "No described outputs for " + key + " after " + timeout + "; found " + found.keySet());
            }
            reportJobs(key, start);
            for (S3Object object :
                    s3.client().listObjectsV2(b -> b.bucket("described")).contents()) {
                if (object.key().equals("failed/" + key + ".error.txt")) {
                    throw new IOException("The video was not described: "
                            + s3.client()
                                    .getObjectAsBytes(b -> b.bucket("described").key(object.key()))
                                    .asUtf8String()
                                    .strip());
                }
                if (wanted.contains(object.key()) && !found.containsKey(object.key())) {
                    Path local = workDir.resolve("described").resolve(object.key());
                    Files.createDirectories(local.getParent());
                    Files.deleteIfExists(local);
                    s3.client().getObject(b -> b.bucket("described").key(object.key()), local);
                    found.put(object.key(), local);
                    out.printf(
                            "Step %d  s3://described/%s is there (%d bytes) after %.1f s, copied to %s%n",
                            2 + found.size(),
                            object.key(),
                            object.size(),
                            (System.nanoTime() - start) / 1e9,
                            local.toAbsolutePath());
                }
            }
            Thread.sleep(200);
        }
        Path vtt = found.get(wanted.get(0));
        List<String> lines = Files.readAllLines(vtt);
        out.println("First lines of the description script:");
        lines.stream().limit(8).forEach(l -> out.println("    " + l));
        return List.copyOf(found.values());
    }

    /** Prints each job of the video as the job store sees it: when it was submitted, and its status changes. */
    private void reportJobs(String key, long start) {
        DescriberComponent describer = main.getCamelContext().getComponent("describer", DescriberComponent.class);
        if (describer.getJobStore() == null) {
            return;
        }
        for (StoredJob job : describer.getJobStore().listPending(100)) {
            if (!key.equals(job.correlationHeaders().get("CamelAwsS3Key"))) {
                continue;
            }
            String status = job.status().toString();
            String before = seen.put(job.jobId(), status);
            if (before == null) {
                out.printf(
                        "Step 2  %s job %s submitted after %d ms%n",
                        job.jobType(), job.jobId(), (System.nanoTime() - start) / 1_000_000);
            }
            if (!status.equals(before)) {
                out.printf(
                        "        %s job %s is %s (%.1f s)%n",
                        job.jobType(), job.jobId(), status, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    public SandboxServer sandbox() {
        return sandbox;
    }

    public Main main() {
        return main;
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            out.println("Stopping Camel: " + e.getMessage());
        }
        s3.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
