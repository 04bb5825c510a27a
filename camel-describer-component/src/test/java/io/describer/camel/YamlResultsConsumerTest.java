package io.describer.camel;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The results consumer from a YAML DSL route, delivering a job that a YAML producer route submitted. */
class YamlResultsConsumerTest {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    @Test
    void yamlResultsRouteDeliversTheJobOfAYamlProducerRoute() throws Exception {
        String yaml = """
                - route:
                    id: describe
                    from:
                      uri: direct:incoming
                      steps:
                        - to:
                            uri: describer:text
                            parameters:
                              format: json
                              language: fr-FR
                - route:
                    id: described
                    from:
                      uri: describer:results
                      parameters:
                        delay: 50
                        initialDelay: 0
                        jobPollInterval: 50
                      steps:
                        - setHeader:
                            name: seenBy
                            constant: yaml
                        - to: mock:described
                """;
        try (CamelContext context = new DefaultCamelContext()) {
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(tmp.resolve("jobs").toString());
            describer.getConfiguration().setApiKey(WireMockSupport.API_KEY);
            describer.getConfiguration().setBaseUrl(api.baseUrl());
            describer.getConfiguration().setJobPollInterval(50);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("described.camel.yaml", yaml));
            context.start();

            MockEndpoint described = context.getEndpoint("mock:described", MockEndpoint.class);
            described.expectedMessageCount(1);
            JobRecord job = context.createProducerTemplate()
                    .requestBodyAndHeaders(
                            "direct:incoming",
                            null,
                            Map.of(DescriberConstants.MEDIA_ID, "m-yaml", Exchange.FILE_NAME, "films/short.mp4"),
                            JobRecord.class);
            described.assertIsSatisfied(10_000);

            Exchange out = described.getExchanges().get(0);
            assertThat(out.getMessage().getHeader(DescriberConstants.JOB_ID)).isEqualTo(job.jobId());
            assertThat(out.getMessage().getHeader(DescriberConstants.JOB_STATUS))
                    .isEqualTo(JobStatus.DONE);
            assertThat(out.getMessage().getHeader(Exchange.FILE_NAME)).isEqualTo("films/short.ad.json");
            assertThat(out.getMessage().getHeader("seenBy")).isEqualTo("yaml");
            assertThat(out.getMessage().getBody(String.class))
                    .contains("\"segments\"")
                    .contains(job.jobId());
            assertThat(api.jobs.get(job.jobId()).polls().get()).isEqualTo(api.pollsUntilDone);
            await().atMost(5, TimeUnit.SECONDS)
                    .until(() -> describer.getJobStore().countPending() == 0);
            api.server()
                    .verify(
                            1,
                            postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                                    .withRequestBody(
                                            matchingJsonPath("$.generation_config.language", equalTo("fr-FR"))));
        }
    }
}
