package io.describer.camel.springboot;

import io.describer.camel.DescriberComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Binds {@code camel.component.describer.*} and copies it onto every describer component Camel creates, as the
 * component starters of camel-spring-boot do. No wiring of its own: beans reach the component through its autowired
 * options ({@code jobStore}) or {@code #bean} references. {@code camel.component.describer.enabled=false} turns it
 * off, {@code camel.component.describer.customizer.enabled=false} leaves a hand-built component untouched.
 */
@AutoConfiguration(after = {CamelAutoConfiguration.class, DescriberComponentConverter.class})
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ComponentConfigurationProperties.class, DescriberComponentConfiguration.class})
@ConditionalOnHierarchicalProperties({"camel.component", "camel.component.describer"})
public class DescriberComponentAutoConfiguration {

    private final ApplicationContext applicationContext;
    private final DescriberComponentConfiguration configuration;

    public DescriberComponentAutoConfiguration(
            ApplicationContext applicationContext, DescriberComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.configuration = configuration;
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureDescriberComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(target.getCamelContext(), configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(
                                applicationContext,
                                "camel.component.customizer",
                                "camel.component.describer.customizer")
                        && target instanceof DescriberComponent;
            }
        };
    }
}
