package io.describer.examples.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.describer.camel.DescriberConstants;
import io.describer.examples.media.SampleMedia;
import io.describer.examples.pipeline.PipelineMain.Pipeline;
import io.describer.examples.sandbox.SandboxServer;
import org.apache.camel.Exchange;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline app as PipelineMain runs it, against the sandbox, with test-speed polling. It records what each
 * describer producer call did, as the component reports it: {@code video:clip.mp4} (a job started),
 * {@code duplicate video:clip.mp4} (recognised by its dedupe key, nothing started) or {@code rejected video:clip.mp4}.
 */
final class PipelineApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineApp.class);

    /** The sources the tests feed every pipeline: a video, an audio-only MP4 (415) and bytes that are no media. */
    static final String VIDEO = "clip.mp4";

    static final String AUDIO_ONLY = "voice-audio-only.mp4";
    static final String NOT_MEDIA = "broken.mov";

    final List<String> submissions = new CopyOnWriteArrayList<>();
    private final Main main;

    private PipelineApp(
            Pipeline pipeline, boolean yaml, SandboxServer sandbox, Path workDir, Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("describer.api-key", sandbox.apiKey());
        props.put("describer.base-url", sandbox.baseUrl());
        props.put("pipeline.work-dir", workDir.toString());
        props.put("camel.component.describer.job-poll-interval", "100");
        props.put("camel.component.describer.delivery-retry-delay", "200");
        props.put("s3.poll-delay", "200");
        props.put("ftp.poll-delay", "200");
        props.put("folder.poll-delay", "200");
        props.put("folder.read-lock-interval", "200");
        props.put("folder.read-lock-min-age", "200");
        props.putAll(extra);
        main = PipelineMain.create(pipeline, yaml, props);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getManagementStrategy().addEventNotifier(new Recorder());
            }
        });
    }

    static PipelineApp start(
            Pipeline pipeline, boolean yaml, SandboxServer sandbox, Path workDir, Map<String, String> extra)
            throws Exception {
        PipelineApp app = new PipelineApp(pipeline, yaml, sandbox, workDir, extra);
        app.main.start();
        return app;
    }

    /** Writes the three test sources into {@code dir}. */
    static void writeSources(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream sample = PipelineApp.class.getResourceAsStream("/samples/sample.mp4")) {
            Files.copy(sample, dir.resolve(VIDEO));
        }
        SampleMedia.writeAudioOnlyMp4(dir.resolve(AUDIO_ONLY), 1.0, 8000);
        SampleMedia.writeRandom(dir.resolve(NOT_MEDIA), 4096, 7);
    }

    /** The running app's context, e.g. for an operator's describer:settle call. */
    org.apache.camel.CamelContext context() {
        return main.getCamelContext();
    }

    long count(String submission) {
        return submissions.stream().filter(submission::equals).count();
    }

    /** Logs failed exchanges (a rollback alone says nothing about why) and records describer calls. */
    private final class Recorder extends EventNotifierSupport {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
                LOG.warn(
                        "Exchange failed: {}",
                        failed.getExchange().getException(),
                        failed.getExchange().getException());
            } else if (event instanceof CamelEvent.ExchangeSentEvent sent
                    && sent.getEndpoint().getEndpointUri().startsWith("describer:")) {
                Exchange exchange = sent.getExchange();
                String operation = sent.getEndpoint().getEndpointUri().replaceFirst("describer://?(\\w+).*", "$1");
                String call = operation + ":"
                        + fileName(exchange.getMessage().getHeader(DescriberConstants.CORRELATION_ID, String.class));
                if (exchange.getException() != null) {
                    submissions.add("rejected " + call);
                } else if (exchange.getMessage().getHeader(DescriberConstants.DUPLICATE, false, Boolean.class)) {
                    submissions.add("duplicate " + call);
                } else {
                    submissions.add(call);
                }
            }
        }
    }

    private static String fileName(String source) {
        return source == null ? "?" : source.substring(source.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        main.stop();
    }
}
