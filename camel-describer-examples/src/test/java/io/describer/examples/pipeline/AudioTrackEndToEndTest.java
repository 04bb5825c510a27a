package io.describer.examples.pipeline;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.describer.camel.DescriberComponent;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A description track: a video dropped in a folder comes back as a WAV as long as the video, next to a described MP4. */
class AudioTrackEndToEndTest {

    @TempDir
    Path work;

    @Test
    void audioJobDeliversAWavOfTheVideosLength() throws Exception {
        Path in = Files.createDirectories(work.resolve("in"));
        Path out = work.resolve("out");
        try (SandboxServer sandbox =
                        SandboxServer.start(SandboxSettings.fastForTests().dataDir(work.resolve("sandbox")));
                CamelContext context = new DefaultCamelContext()) {
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(work.resolve("jobs").toString());
            describer.getConfiguration().setApiKey(sandbox.apiKey());
            describer.getConfiguration().setBaseUrl(sandbox.baseUrl());
            describer.getConfiguration().setJobPollInterval(50);
            describer.getConfiguration().setSpoolDirectory(work.resolve("spool").toString());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("file:" + in + "?move=.done")
                            .to("describer:audio?adType=standard_ad&audioTrackType=mixed&language=fr-FR");
                    from("describer:results?delay=50").to("file:" + out);
                }
            });
            context.start();
            try (InputStream sample = getClass().getResourceAsStream("/samples/sample.mp4")) {
                Files.copy(sample, in.resolve("talk.mp4"));
            }
            Path wav = out.resolve("talk.ad.wav");
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            Files.isRegularFile(wav) && Files.size(wav) > 44 && !Files.exists(in.resolve("talk.mp4")));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> DescribedOutputs.assertWav(wav, DescribedOutputs.SAMPLE_SECONDS));
            // the spooled download is gone once the exchange completed
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try (var files = Files.walk(work.resolve("spool"))) {
                    return files.noneMatch(Files::isRegularFile);
                }
            });
            assertThat(describer.getJobStore().countPending()).isZero();
        }
    }
}
