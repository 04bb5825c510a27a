package io.describer.camel.springboot;

import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.describer.camel.DescriberConfiguration;
import io.describer.camel.client.DescriberClient;
import io.describer.camel.job.JobStore;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Turns a {@code #bean:name} (or {@code #name}) property value into that bean of the application context, for the
 * component options whose type is not a text or a number: {@code configuration}, {@code client}, {@code jobStore},
 * {@code jobStoreDataSource}. Other text is refused, naming the expected form, rather than bound as nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesBinding
public class DescriberComponentConverter implements GenericConverter {

    private static final Set<Class<?>> BEAN_TYPES =
            Set.of(DescriberConfiguration.class, DescriberClient.class, JobStore.class, DataSource.class);

    private final ApplicationContext applicationContext;

    public DescriberComponentConverter(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return BEAN_TYPES.stream()
                .map(type -> new ConvertiblePair(String.class, type))
                .collect(Collectors.toSet());
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (!(source instanceof String text) || !BEAN_TYPES.contains(targetType.getType())) {
            return null;
        }
        if (!text.startsWith("#")) {
            throw new IllegalArgumentException("A " + targetType.getType().getName()
                    + " is given as a bean reference, #bean:name or #name; got '" + text + "'");
        }
        String name = text.startsWith("#bean:") ? text.substring("#bean:".length()) : text.substring(1);
        return applicationContext.getBean(name, targetType.getType());
    }
}
