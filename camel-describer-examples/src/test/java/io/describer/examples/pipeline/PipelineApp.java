package io.describer.examples.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.describer.examples.pipeline.PipelineMain.Pipeline;
import org.apache.camel.main.Main;

/** One pipeline app as PipelineMain runs it, against the fake API, with test-speed polling; started and stopped by tests. */
final class PipelineApp implements AutoCloseable {

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
        main.start();
        return new PipelineApp(main);
    }

    Main main() {
        return main;
    }

    @Override
    public void close() {
        main.stop();
    }
}
