package io.describer.examples.infra;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedS3Test {

    @Test
    void camelConsumerReadsIncomingAndProducerWritesDescribed() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient("incoming", "described");
                CamelContext camel = new DefaultCamelContext()) {
            put(s3.client(), "incoming", "videos/clip.mp4", "not really a video");
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(s3.camelUri("incoming", "deleteAfterRead=false&includeBody=false&prefix=videos/&delay=100"))
                            .routeId("copy")
                            .convertBodyTo(String.class)
                            .setHeader(AWS2S3Constants.KEY, simple("${header.CamelAwsS3Key}.copy"))
                            .to(s3.camelUri("described", "autoCreateBucket=false"));
                }
            });
            camel.start();

            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptionsInstanceOf(NoSuchKeyException.class)
                    .untilAsserted(() -> assertThat(get(s3.client(), "described", "videos/clip.mp4.copy"))
                            .isEqualTo("not really a video"));
            // deleteAfterRead=false leaves the source in place
            assertThat(get(s3.client(), "incoming", "videos/clip.mp4")).isEqualTo("not really a video");
        }
    }

    @Test
    void consumersBucketHeaderDoesNotRedirectTheProducer() throws Exception {
        // results exchanges carry the source's CamelAwsS3BucketName; only CamelAwsS3OverrideBucketName redirects a
        // write
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient("incoming", "described");
                CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            camel.createProducerTemplate().send(s3.camelUri("described", null), e -> {
                e.getMessage().setBody("x");
                e.getMessage().setHeader(AWS2S3Constants.KEY, "a.txt");
                e.getMessage().setHeader(AWS2S3Constants.BUCKET_NAME, "incoming");
            });
            assertThat(get(s3.client(), "described", "a.txt")).isEqualTo("x");
            assertThatThrownBy(() -> get(s3.client(), "incoming", "a.txt")).isInstanceOf(NoSuchKeyException.class);
        }
    }

    @Test
    void filesystemStoreKeepsObjectsAcrossRestarts(@TempDir Path dir) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startFilesystem(dir, "incoming")) {
            put(s3.client(), "incoming", "a/b.txt", "kept");
        }
        try (EmbeddedS3 s3 = EmbeddedS3.startFilesystem(dir, "incoming", "described")) {
            assertThat(get(s3.client(), "incoming", "a/b.txt")).isEqualTo("kept");
            assertThat(s3.client().listBuckets().buckets())
                    .extracting(b -> b.name())
                    .contains("incoming", "described");
            assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:" + s3.port());
        }
    }

    static void put(S3Client client, String bucket, String key, String text) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text));
    }

    static String get(S3Client client, String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }
}
