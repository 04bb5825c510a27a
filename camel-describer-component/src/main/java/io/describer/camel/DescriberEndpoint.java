package io.describer.camel;

import java.util.Map;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * Make video accessible with the ViddyScribe AI audio-description service: upload media, start text, audio or video
 * description jobs, and receive their results.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "describer", title = "Describer", syntax = "describer:operation",
             category = { Category.AI, Category.SAAS }, headersClass = DescriberConstants.class)
public class DescriberEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    @UriPath(description = "The operation: upload, text, audio, video, or results (producer: one get_results call for"
                           + " CamelDescriberJobId; consumer: one exchange per finished job)")
    @Metadata(required = true)
    private DescriberOperation operation;

    @UriParam
    private DescriberConfiguration configuration;

    public DescriberEndpoint(String uri, DescriberComponent component, DescriberOperation operation,
                             DescriberConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        throw new UnsupportedOperationException("producer not built yet");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        throw new UnsupportedOperationException("The describer consumer is not built yet");
    }

    public DescriberOperation getOperation() {
        return operation;
    }

    /**
     * The operation of this endpoint.
     */
    public void setOperation(DescriberOperation operation) {
        this.operation = operation;
    }

    public DescriberConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The endpoint's options.
     */
    public void setConfiguration(DescriberConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "https";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return Map.of("operation", operation.toString());
    }
}
