package io.describer.examples.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Round trips through camel-ftp: a producer uploads to inbox, a consumer moves it to .done and writes it to outbox. */
class EmbeddedFtpTest {

    @Test
    void ftpRoundTrip(@TempDir Path home) throws Exception {
        try (EmbeddedFtp ftp = EmbeddedFtp.start(home)) {
            roundTrip(
                    ftp.camelUri("inbox", null),
                    ftp.camelUri("inbox", "move=.done&delay=100"),
                    ftp.camelUri("outbox", "tempFileName=${file:name}.part"),
                    home);
        }
    }

    @Test
    void sftpRoundTrip(@TempDir Path root) throws Exception {
        try (EmbeddedSftp sftp = EmbeddedSftp.start(root)) {
            roundTrip(
                    sftp.camelUri("inbox", null),
                    sftp.camelUri("inbox", "move=.done&delay=100"),
                    sftp.camelUri("outbox", "tempPrefix=.part-"),
                    root);
        }
    }

    private static void roundTrip(String upload, String consume, String produce, Path root) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(consume)
                            .routeId("relay")
                            .setHeader(Exchange.FILE_NAME, simple("${file:onlyname.noext}.out.txt"))
                            .to(produce);
                }
            });
            camel.start();
            camel.createProducerTemplate()
                    .sendBodyAndHeader(upload, "hello over the wire", Exchange.FILE_NAME, "clip.mp4");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(root.resolve("outbox/clip.out.txt")).hasContent("hello over the wire");
                assertThat(root.resolve("inbox/.done/clip.mp4")).exists();
            });
            assertThat(root.resolve("inbox/clip.mp4")).doesNotExist();
            try (var outbox = Files.list(root.resolve("outbox"))) {
                assertThat(outbox).hasSize(1); // no temp file left behind
            }
        }
    }
}
