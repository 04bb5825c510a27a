package io.describer.examples.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.describer.examples.pipeline.PipelineMain.Pipeline;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pipeline app as PipelineMain runs it, against the fake API, with test-speed polling; started and stopped by tests. */
final class PipelineApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineApp.class);

    private final Main main;

    private PipelineApp(Main main) {
        this.main = main;
    }

    static PipelineApp start(Pipeline pipeline, boolean yaml, FakeDescriberApi api, Path workDir, Map<String, String> extra)
            throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("describer.api-key", FakeDescriberApi.API_KEY);
        props.put("describer.base-url", api.baseUrl());
        props.put("pipeline.work-dir", workDir.toString());
        props.put("camel.component.describer.job-poll-interval", "100");
        props.put("camel.component.describer.delivery-retry-delay", "200");
        props.put("s3.poll-delay", "200");
        props.put("ftp.poll-delay", "200");
        props.put("folder.poll-delay", "200");
        props.put("folder.read-lock-interval", "200");
        props.putAll(extra);
        Main main = PipelineMain.create(pipeline, yaml, props);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getManagementStrategy().addEventNotifier(new FailureLogger());
            }
        });
        main.start();
        return new PipelineApp(main);
    }

    /** Puts every failed exchange's exception in the test log: a rollback alone says nothing about why. */
    private static final class FailureLogger extends EventNotifierSupport {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
                LOG.warn("Exchange failed: {}", failed.getExchange().getException(), failed.getExchange().getException());
            }
        }
    }

    Main main() {
        return main;
    }

    @Override
    public void close() {
        main.stop();
    }
}
