package io.describer.camel;

import java.util.Map;

import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.ApiValue;
import io.describer.camel.client.model.AudioTrackType;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import io.describer.camel.client.model.VolumeOption;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** Creates {@code describer:operation} endpoints for the ViddyScribe audio-description API. */
@Component("describer")
public class DescriberComponent extends HealthCheckComponent {

    @Metadata
    private DescriberConfiguration configuration = new DescriberConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DescriberOperation operation = DescriberOperation.parse(remaining);
        normalizeEnumOptions(parameters);
        DescriberEndpoint endpoint = new DescriberEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Turns enum option values into constants with our own lenient parser, so a bad value fails endpoint creation (route
     * start) with the option, the value and the valid values, instead of Camel's generic conversion error.
     */
    private static void normalizeEnumOptions(Map<String, Object> parameters) {
        normalize(parameters, "language", Language.class);
        normalize(parameters, "category", VideoCategory.class);
        normalize(parameters, "format", OutputFormat.class);
        normalize(parameters, "adType", AdType.class);
        normalize(parameters, "volumeOption", VolumeOption.class);
        normalize(parameters, "audioTrackType", AudioTrackType.class);
    }

    private static <E extends Enum<E> & ApiValue> void normalize(Map<String, Object> parameters, String option, Class<E> type) {
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            if (e.getKey().equalsIgnoreCase(option) && e.getValue() instanceof String s) {
                e.setValue(ApiValue.parse(type, option, s));
            }
        }
    }

    public DescriberConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The default configuration of every describer endpoint of this component (e.g. the API key, set once as
     * camel.component.describer.api-key).
     */
    public void setConfiguration(DescriberConfiguration configuration) {
        this.configuration = configuration;
    }
}
