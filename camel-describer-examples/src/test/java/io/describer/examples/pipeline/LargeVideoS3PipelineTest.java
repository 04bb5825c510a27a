package io.describer.examples.pipeline;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.pipeline.PipelineMain.Pipeline;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A video larger than the heap goes through the whole S3 pipeline, in both DSLs: S3Proxy on disk, the aws2-s3 consumer
 * ({@code includeBody=false}), the component's signed upload, the sandbox, the download of the described video to the
 * spool and its upload to the {@code described} bucket. Any step that held the video in memory would fail with an
 * OutOfMemoryError (as route-entry stream caching does, without {@code camel.main.stream-caching-enabled=false}).
 * Runs alone in the {@code small-heap-pipeline} surefire execution (see the pom), which sets
 * {@code describer.smallHeap}; elsewhere (e.g. {@code -Dtest=} also selecting it for the default execution) it is
 * skipped.
 */
class LargeVideoS3PipelineTest {

    private static final Logger LOG = LoggerFactory.getLogger(LargeVideoS3PipelineTest.class);

    private static final long MIB = 1024L * 1024L;
    private static final long TARGET_SIZE = 300 * MIB;

    @TempDir
    Path work;

    @ParameterizedTest(name = "yaml={0}")
    @ValueSource(booleans = {false, true})
    void aVideoLargerThanTheHeapIsDescribedIntoS3(boolean yaml) throws Exception {
        assumeTrue(
                Boolean.getBoolean("describer.smallHeap"), "runs in the small-heap-pipeline surefire execution only");
        Path video = largeMp4(work.resolve("big.mp4"), TARGET_SIZE);
        long size = Files.size(video);
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap)
                .as("max heap, to be well below the %d-byte video", size)
                .isLessThan(size / 2);
        resetHeapPeaks();

        SandboxSettings settings = SandboxSettings.fastForTests().dataDir(work.resolve("sandbox"));
        try (SandboxServer sandbox = SandboxServer.start(settings);
                EmbeddedS3 s3 = EmbeddedS3.startFilesystem(work.resolve("s3"), "incoming", "described")) {
            S3Client client = s3.client();
            client.putObject(b -> b.bucket("incoming").key("videos/big.mp4"), RequestBody.fromFile(video));
            // the source is in S3 now; no need to keep two copies on disk
            Files.delete(video);

            long started = System.nanoTime();
            try (PipelineApp app =
                    PipelineApp.start(Pipeline.S3, yaml, sandbox, work.resolve("app"), s3.properties())) {
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(
                                () -> assertThat(keys(client)).contains("videos/big.ad.mp4", "videos/big.ad.vtt"));
                LOG.info("Described {} bytes in {} ms", size, (System.nanoTime() - started) / 1_000_000);
                assertThat(app.submissions).containsExactlyInAnyOrder("video:big.mp4", "text:big.mp4");
            }

            // the sandbox sends an MP4 source back as the described video: same length, still an MP4
            assertThat(client.headObject(b -> b.bucket("described").key("videos/big.ad.mp4"))
                            .contentLength())
                    .isEqualTo(size);
            byte[] head = client.getObject(
                            b -> b.bucket("described").key("videos/big.ad.mp4").range("bytes=0-11"),
                            ResponseTransformer.toBytes())
                    .asByteArray();
            assertThat(head).hasSize(12);
            DescribedOutputs.assertMp4(head);
            String vtt = client.getObjectAsBytes(b -> b.bucket("described").key("videos/big.ad.vtt"))
                    .asUtf8String();
            assertThat(vtt).startsWith("WEBVTT");
            DescribedOutputs.assertValidVtt(vtt, DescribedOutputs.SAMPLE_SECONDS);
        }
        long peak = heapPeak();
        LOG.info(
                "yaml={}: max heap {} MiB, peak heap use {} MiB, video {} MiB",
                yaml,
                maxHeap / MIB,
                peak / MIB,
                size / MIB);
    }

    /**
     * The bundled sample followed by one top-level {@code free} box that brings the file to about {@code size} bytes,
     * written in chunks: still a valid MP4 (players and the sandbox's probe skip free boxes), never whole in memory.
     */
    private static Path largeMp4(Path target, long size) throws Exception {
        try (InputStream sample = LargeVideoS3PipelineTest.class.getResourceAsStream("/samples/sample.mp4")) {
            Files.copy(sample, target);
        }
        long freeBox = size - Files.size(target);
        assertThat(freeBox).isBetween(8L, 0xffffffffL);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer header =
                    ByteBuffer.allocate(8).putInt((int) freeBox).put("free".getBytes(StandardCharsets.US_ASCII));
            write(ch, header.flip());
            ByteBuffer zeros = ByteBuffer.allocate((int) MIB);
            for (long left = freeBox - 8; left > 0; left -= zeros.limit()) {
                write(ch, zeros.clear().limit((int) Math.min(zeros.capacity(), left)));
            }
        }
        assertThat(Files.size(target)).isEqualTo(size);
        return target;
    }

    private static void write(FileChannel ch, ByteBuffer buf) throws Exception {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void resetHeapPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
    }

    private static List<String> keys(S3Client s3) {
        return s3.listObjectsV2(b -> b.bucket("described")).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
