package io.describer.examples.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.describer.examples.metrics.PrometheusMetrics;
import io.describer.examples.sandbox.SandboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's main job: the bundled sample goes through S3, the pipeline and the sandbox, and comes back described. */
class DemoTest {

    @TempDir
    Path work;

    @Test
    void sampleIsDescribedIntoTheDescribedBucket() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<Path> outputs;
        String metrics;
        try (Demo demo =
                Demo.start(work, null, null, SandboxSettings.fastForTests().dataDir(work.resolve("sandbox")), out)) {
            outputs = demo.describeSample(Duration.ofMinutes(1));
            metrics = PrometheusMetrics.scrape(demo.main().getCamelContext());
        }
        assertThat(outputs)
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("sample.ad.vtt", "sample.ad.mp4");
        Path vtt = outputs.stream()
                .filter(p -> p.toString().endsWith(".vtt"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.readString(vtt)).startsWith("WEBVTT").contains("-->").contains("[Sandbox]");
        Path mp4 = outputs.stream()
                .filter(p -> p.toString().endsWith(".mp4"))
                .findFirst()
                .orElseThrow();
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(mp4)) {
            assertThat(in.read(head)).isEqualTo(8);
        }
        assertThat(new String(head, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("Step 1  uploaded sample.mp4")
                .contains("video job task_")
                .contains("text job task_")
                .contains("s3://described/videos/sample.ad.vtt is there")
                .contains("s3://described/videos/sample.ad.mp4 is there");
        // the Prometheus scrape shows the two jobs, their calls and bytes
        assertThat(metrics)
                .contains(
                        "camel_describer_jobs_submitted_total{camelContext=\"describer-s3\",operation=\"video\",tenant=\"default\"} 1.0")
                .contains(
                        "camel_describer_jobs_submitted_total{camelContext=\"describer-s3\",operation=\"text\",tenant=\"default\"} 1.0")
                .contains(
                        "camel_describer_jobs_done_total{camelContext=\"describer-s3\",operation=\"video\",tenant=\"default\"} 1.0")
                .contains(
                        "camel_describer_api_calls_total{camelContext=\"describer-s3\",operation=\"get_results\",tenant=\"default\"}")
                .contains("camel_describer_uploaded_bytes_total")
                .contains("camel_describer_downloaded_bytes_total")
                .contains("camel_describer_jobs_delivery_seconds_count");
    }
}
