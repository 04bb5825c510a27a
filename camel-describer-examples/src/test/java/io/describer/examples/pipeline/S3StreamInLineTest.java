package io.describer.examples.pipeline;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.describer.camel.DescriberComponent;
import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An S3 object's stream that waits in the admission's line is not read after the AWS SDK aborted it. The SDK aborts a
 * GetObject stream nobody read within 60 s (ResponseInputStream's timeout); in the 1,000-video backlog (jobs queued
 * 60 s) the starts that waited longer sent a truncated upload and the sandbox answered 400 bad_request. Here the same
 * SDK stream, from S3Proxy, gets a 1 s timeout and waits longer in line behind a full queue (limit 1, jobs queued
 * 1.5 s).
 */
class S3StreamInLineTest {

    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path work;

    @Test
    void aStreamWaitingInLineIsUploadedBeforeItGoesStale() throws Exception {
        byte[] sample;
        try (InputStream in = getClass().getResourceAsStream("/samples/sample.mp4")) {
            sample = in.readAllBytes();
        }
        int sources = 4;
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests()
                        .maxQueuedJobs(1)
                        .queuedDelay(Duration.ofMillis(1500))
                        .dataDir(work.resolve("sandbox")));
                EmbeddedS3 s3 = EmbeddedS3.startTransient("incoming");
                CamelContext context = new DefaultCamelContext()) {
            // as the pipelines have it: a cached stream would have been read whole at route entry
            context.setStreamCaching(false);
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(work.resolve("jobs").toString());
            describer.getConfiguration().setApiKey(sandbox.apiKey());
            describer.getConfiguration().setBaseUrl(sandbox.baseUrl());
            describer.getConfiguration().setJobPollInterval(50);
            describer.getConfiguration().setSpoolDirectory(work.resolve("spool").toString());
            List<String> delivered = new CopyOnWriteArrayList<>();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:object").to("describer:video?language=en-US");
                    from("describer:results?delay=50")
                            .process(e -> delivered.add(e.getMessage().getHeader(AWS2S3Constants.KEY, String.class)));
                }
            });
            context.start();
            long sourceBytes = 0;
            for (int i = 0; i < sources; i++) {
                byte[] video = BacklogRun.unique(sample, i);
                sourceBytes += video.length;
                String key = key(i);
                s3.client().putObject(b -> b.bucket("incoming").key(key), RequestBody.fromBytes(video));
            }

            ProducerTemplate template = context.createProducerTemplate();
            List<CompletableFuture<Exchange>> sends = new ArrayList<>();
            Instant lastOpened = null;
            for (int i = 0; i < sources; i++) {
                lastOpened = Instant.now();
                sends.add(template.asyncSend("direct:object", object(s3, key(i))));
                if (i == 1) {
                    // the second start is refused (queue_limit_exceeded): from then on starts wait in line
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> sandbox.stats().errors("queue_limit_exceeded") > 0);
                }
            }
            for (CompletableFuture<Exchange> send : sends) {
                Exchange done = send.get(60, TimeUnit.SECONDS);
                assertThat(done.getException()).isNull();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() == sources);

            assertThat(sandbox.stats().errorsByCode()).containsOnlyKeys("queue_limit_exceeded");
            assertThat(sandbox.stats().jobs()).hasSize(sources);
            // the last object's stream was opened longer before its job started than the SDK lets it live unread
            assertThat(Duration.between(
                            lastOpened, sandbox.stats().jobs().get(sources - 1).createdAt()))
                    .isGreaterThan(STREAM_TIMEOUT);
            assertThat(sandbox.stats().billedTwice()).isZero();
            // every video was sent once (0.6 % is multipart framing)
            assertThat(sandbox.stats().mediaBytesReceived()).isBetween(sourceBytes, sourceBytes * 102 / 100);
        }
    }

    private static String key(int i) {
        return String.format("videos/v%d.mp4", i);
    }

    /** What the S3 consumer sends with includeBody=false: the object's open stream and its headers. */
    private static Processor object(EmbeddedS3 s3, String key) {
        ResponseInputStream<GetObjectResponse> stream = s3.client()
                .getObject(b -> b.bucket("incoming").key(key), ResponseTransformer.toInputStream(STREAM_TIMEOUT));
        return exchange -> {
            exchange.getMessage().setBody(stream);
            exchange.getMessage()
                    .setHeaders(new HashMap<>(Map.of(
                            AWS2S3Constants.BUCKET_NAME,
                            "incoming",
                            AWS2S3Constants.KEY,
                            key,
                            AWS2S3Constants.E_TAG,
                            stream.response().eTag(),
                            AWS2S3Constants.CONTENT_LENGTH,
                            stream.response().contentLength())));
        };
    }
}
