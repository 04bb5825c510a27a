package io.describer.camel.springboot;

import java.time.Duration;

import javax.sql.DataSource;

import io.describer.camel.DescriberComponent;
import io.describer.camel.DescriberConfiguration;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code camel.component.describer.*} reaches the component Camel creates for {@code describer:} URIs. */
class DescriberComponentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CamelAutoConfiguration.class,
                    DescriberComponentConverter.class,
                    DescriberComponentAutoConfiguration.class));

    @Test
    void propertiesAreCopiedOntoTheComponent() {
        runner.withPropertyValues(
                        "camel.component.describer.api-key=vsk_from_boot",
                        "camel.component.describer.base-url=http://127.0.0.1:1",
                        "camel.component.describer.format=srt",
                        "camel.component.describer.category=educational-lecture",
                        "camel.component.describer.language=en-GB",
                        "camel.component.describer.completion-timeout=90s",
                        "camel.component.describer.job-poll-interval=2500",
                        "camel.component.describer.max-retries=2",
                        "camel.component.describer.job-store-table=boot_jobs")
                .run(context -> {
                    DescriberConfiguration config =
                            describer(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(config.getApiKey()).isEqualTo("vsk_from_boot");
                    assertThat(config.getBaseUrl()).isEqualTo("http://127.0.0.1:1");
                    assertThat(config.getFormat()).isEqualTo(OutputFormat.SRT);
                    assertThat(config.getCategory()).isEqualTo(VideoCategory.EDUCATIONAL_LECTURE);
                    assertThat(config.getLanguage()).isEqualTo(Language.EN_GB);
                    // durations bind as in Camel Main ("90s"), plain numbers as milliseconds
                    assertThat(config.getCompletionTimeout())
                            .isEqualTo(Duration.ofSeconds(90).toMillis());
                    assertThat(config.getJobPollInterval()).isEqualTo(2500);
                    assertThat(config.getMaxRetries()).isEqualTo(2);
                    assertThat(describer(context.getBean(CamelContext.class)).getJobStoreTable())
                            .isEqualTo("boot_jobs");
                });
    }

    @Test
    void camelPlaceholderInAPropertyIsResolvedAsUnderCamelMain() {
        // the README's {{env:DESCRIBER_API_KEY}} form, with a system property standing in for the environment
        System.setProperty("describer.test.key", "vsk_from_placeholder");
        try {
            runner.withPropertyValues("camel.component.describer.api-key={{sys:describer.test.key}}")
                    .run(context -> assertThat(describer(context.getBean(CamelContext.class))
                                    .getConfiguration()
                                    .getApiKey())
                            .isEqualTo("vsk_from_placeholder"));
        } finally {
            System.clearProperty("describer.test.key");
        }
    }

    @Test
    void beanReferenceBindsADataSourceOfTheApplication() {
        runner.withUserConfiguration(StoreDatabase.class)
                .withPropertyValues("camel.component.describer.job-store-data-source=#bean:describerJobs")
                .run(context -> assertThat(
                                describer(context.getBean(CamelContext.class)).getJobStoreDataSource())
                        .isSameAs(context.getBean("describerJobs")));
    }

    @Test
    void badEnumValueFailsStartupNamingThePropertyAndTheValue() {
        runner.withPropertyValues("camel.component.describer.format=mp3").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'camel.component.describer.format'")
                    .rootCause()
                    .hasMessageContaining("mp3");
        });
    }

    @Test
    void beanReferenceWithoutHashIsRefusedNotIgnored() {
        runner.withPropertyValues("camel.component.describer.job-store-data-source=describerJobs")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining(
                                    "Failed to bind properties under 'camel.component.describer.job-store-data-source'")
                            .rootCause()
                            .hasMessageContaining("#bean:name");
                });
    }

    @Test
    void starterCanBeTurnedOff() {
        runner.withPropertyValues(
                        "camel.component.describer.api-key=vsk_from_boot", "camel.component.describer.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(DescriberComponentAutoConfiguration.class);
                    assertThat(describer(context.getBean(CamelContext.class))
                                    .getConfiguration()
                                    .getApiKey())
                            .isNull();
                });
    }

    @Test
    void customizerCanBeTurnedOffForAHandBuiltComponent() {
        runner.withPropertyValues(
                        "camel.component.describer.api-key=vsk_from_boot",
                        "camel.component.describer.customizer.enabled=false")
                .run(context -> assertThat(describer(context.getBean(CamelContext.class))
                                .getConfiguration()
                                .getApiKey())
                        .isNull());
    }

    private static DescriberComponent describer(CamelContext camel) {
        return camel.getComponent("describer", DescriberComponent.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class StoreDatabase {
        @Bean
        DataSource describerJobs() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:boot-jobs;DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            return ds;
        }
    }
}
