package io.describer.camel.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.MediaRecord;
import io.describer.camel.client.model.OutputFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Media above 32 MiB goes through the signed flow, streamed. The surefire execution {@code small-heap-upload} runs this
 * class alone with {@code -Xmx48m}: a 40 MiB body that were buffered would not fit next to WireMock. The PUT goes to a
 * JDK HttpServer sink that only counts bytes (WireMock would keep the body in memory).
 */
class SignedUploadFlowTest extends WireMockTestSupport {

    private static final long SIZE = 40L * 1024 * 1024;
    private static final String GCS_PATH = "users/team_1/videos/big.mp4";

    @TempDir
    Path dir;

    private HttpServer sink;
    private final AtomicLong received = new AtomicLong();
    private final List<String> putHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSink() throws IOException {
        sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/bucket/", exchange -> {
            putHeaders.add("method=" + exchange.getRequestMethod());
            putHeaders.add("query=" + exchange.getRequestURI().getRawQuery());
            putHeaders.add("content-type=" + exchange.getRequestHeaders().getFirst("Content-Type"));
            putHeaders.add("content-length=" + exchange.getRequestHeaders().getFirst("Content-Length"));
            putHeaders.add("api-key=" + exchange.getRequestHeaders().getFirst("X-API-Key"));
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    received.addAndGet(n);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
    }

    @AfterEach
    void stopSink() {
        sink.stop(0);
    }

    @Test
    void runsUnderASmallHeapWhenAskedTo() {
        if (Boolean.getBoolean("describer.smallHeap")) {
            assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(64L * 1024 * 1024);
        }
    }

    @Test
    void largeFileIsUploadedThroughTheSignedFlowAndGeneratedByCanonicalId() throws Exception {
        Path file = sparseFile("big.mp4");
        stubSignedFlow("completed");
        wm.stubFor(post(api("generate_ad_text"))
                .withRequestBody(equalToJson("{\"input\":{\"type\":\"media_id\",\"media_id\":\"m-canonical\"},"
                        + "\"generation_config\":{\"format\":\"vtt\"}}"))
                .willReturn(okJson("{\"job_id\":\"task_big\",\"status\":\"queued\",\"media_id\":\"m-canonical\"}")));
        List<Long> progress = new CopyOnWriteArrayList<>();

        JobRecord job = client.generate(
                JobType.TEXT,
                MediaInput.content(MediaContent.ofFile(file, null, null)),
                new GenerationConfig().setFormat(OutputFormat.VTT),
                (name, n, total) -> progress.add(n));

        assertThat(job.jobId()).isEqualTo("task_big");
        assertThat(received.get()).isEqualTo(SIZE);
        assertThat(putHeaders)
                .containsExactly(
                        "method=PUT",
                        "query=X-Goog-Signature=abc123",
                        "content-type=video/mp4",
                        "content-length=" + SIZE,
                        "api-key=null");
        assertThat(progress).last().isEqualTo(SIZE);
        assertThat(progress.size()).isBetween(2, 60);
        assertVerifiedAfterTwoPolls();
        wm.verify(
                1,
                postRequestedFor(urlEqualTo(api("upload_media")))
                        .withRequestBody(
                                equalToJson(
                                        "{\"input\":{\"type\":\"signed_url\",\"filename\":\"big.mp4\",\"content_type\":\"video/mp4\"}}")));
        wm.verify(1, postRequestedFor(urlEqualTo(api("generate_ad_text"))));
    }

    @Test
    void largeOneShotStreamIsUploadedWithoutBuffering() throws Exception {
        stubSignedFlow("completed");
        MediaContent stream = MediaContent.ofStream(new ZeroStream(SIZE), SIZE, "big.mp4", "video/mp4");

        MediaRecord media = client.uploadMedia(MediaInput.content(stream), null);

        assertThat(media.mediaId()).isEqualTo("m-canonical");
        assertThat(media.uploadUrl()).isNull();
        assertThat(media.gcsPath()).isEqualTo(GCS_PATH);
        assertThat(received.get()).isEqualTo(SIZE);
        assertThat(putHeaders).contains("content-length=" + SIZE);
        assertVerifiedAfterTwoPolls();
    }

    @Test
    void failedVerificationIsTerminal() throws Exception {
        stubSignedFlow("failed");

        DescriberConflictException e = catchThrowableOfType(
                DescriberConflictException.class,
                () -> client.uploadMedia(
                        MediaInput.content(MediaContent.ofFile(sparseFile("bad.mp4"), null, null)), null));

        assertThat(e.getCode()).isEqualTo("upload_failed");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getUploadStatus()).isEqualTo("failed");
    }

    @Test
    void verificationGivesUpAfterItsTimeout() throws Exception {
        client.close();
        client = client(settings()
                .uploadPollInterval(Duration.ofSeconds(2))
                .uploadVerificationTimeout(Duration.ofSeconds(5))
                .build());
        stubSignedFlow("processing");

        DescriberException e = catchThrowableOfType(
                DescriberException.class,
                () -> client.uploadMedia(
                        MediaInput.content(MediaContent.ofFile(sparseFile("slow.mp4"), null, null)), null));

        assertThat(e.getCode()).isEqualTo("upload_verification_timeout");
        assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private void assertVerifiedAfterTwoPolls() {
        wm.verify(
                1,
                postRequestedFor(urlEqualTo(api("notify_upload_complete")))
                        .withRequestBody(
                                equalToJson("{\"media_id\":\"m-original\",\"gcs_path\":\"" + GCS_PATH + "\"}")));
        wm.verify(
                2,
                getRequestedFor(urlPathEqualTo(api("get_upload_status")))
                        .withQueryParam("media_id", equalTo("m-original"))
                        .withQueryParam("gcs_path", equalTo(GCS_PATH)));
        assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    /** Signed URL to the sink; notify says processing; polls say processing, then {@code finalStatus}. */
    private void stubSignedFlow(String finalStatus) {
        String uploadUrl =
                "http://127.0.0.1:" + sink.getAddress().getPort() + "/bucket/" + GCS_PATH + "?X-Goog-Signature=abc123";
        wm.stubFor(post(api("upload_media"))
                .willReturn(okJson("{\"media_id\":\"m-original\",\"upload_url\":\"" + uploadUrl + "\",\"gcs_path\":\""
                        + GCS_PATH + "\",\"status\":\"pending_upload\",\"content_type\":\"video/mp4\"}")));
        wm.stubFor(post(api("notify_upload_complete"))
                .willReturn(okJson("{\"media_id\":\"m-original\",\"upload_status\":\"processing\"}")));
        wm.stubFor(get(urlPathEqualTo(api("get_upload_status")))
                .inScenario("verify")
                .whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"media_id\":\"m-original\",\"upload_status\":\"processing\"}"))
                .willSetStateTo("done"));
        wm.stubFor(get(urlPathEqualTo(api("get_upload_status")))
                .inScenario("verify")
                .whenScenarioStateIs("done")
                .willReturn(okJson("{\"media_id\":\"m-original\",\"gcs_path\":\"" + GCS_PATH + "\",\"upload_status\":\""
                        + finalStatus + "\",\"canonical_media_id\":\"m-canonical\"}")));
    }

    private Path sparseFile(String name) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(SIZE);
        }
        return file;
    }

    /** {@code length} zero bytes, produced on demand. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
