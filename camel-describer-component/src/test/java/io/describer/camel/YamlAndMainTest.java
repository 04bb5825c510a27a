package io.describer.camel;

import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.describer.camel.client.model.JobRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The component works from YAML DSL routes and from camel.component.describer.* properties bound by Camel Main. */
class YamlAndMainTest {

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    @BeforeEach
    void stubs() {
        api.resetAll();
        api.stubFor(post("/enterprise/api/generate_ad_text")
                .willReturn(okJson("{\"job_id\":\"task_y1\",\"status\":\"queued\",\"media_id\":\"m-1\"}")));
        api.stubFor(post("/enterprise/api/generate_ad_video")
                .willReturn(okJson("{\"job_id\":\"task_y2\",\"status\":\"queued\",\"media_id\":\"m-1\"}")));
    }

    @Test
    void yamlRouteWithParametersAndASecretThatNeedsNoEscaping() throws Exception {
        // '&' and '+' in a key would break a hand-built URI; the YAML DSL wraps secrets in RAW() itself
        String key = "vsk_a&b+c";
        String yaml = """
                - route:
                    from:
                      uri: direct:yaml
                      steps:
                        - to:
                            uri: describer:text
                            parameters:
                              apiKey: "%s"
                              baseUrl: "%s"
                              language: pt-BR
                              category: video-call
                              format: json
                """.formatted(key, WireMockSupport.baseUrl(api));
        try (CamelContext context = new DefaultCamelContext()) {
            WireMockSupport.useJobStore(context, tmp);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("inline.camel.yaml", yaml));
            context.start();
            JobRecord job = context.createProducerTemplate()
                    .requestBodyAndHeader("direct:yaml", null, DescriberConstants.MEDIA_ID, "m-1", JobRecord.class);
            assertThat(job.jobId()).isEqualTo("task_y1");
        }
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                        .withHeader("X-API-Key", equalTo(key))
                        .withRequestBody(matchingJsonPath("$.generation_config.language", equalTo("pt-BR")))
                        .withRequestBody(matchingJsonPath("$.generation_config.video_category", equalTo("Video Call")))
                        .withRequestBody(matchingJsonPath("$.generation_config.format", equalTo("json"))));
    }

    @Test
    void camelMainBindsComponentPropertiesAndLoadsYamlRoutes() throws Exception {
        Main main = new Main();
        main.configure().withRoutesIncludePattern("classpath:routes/describe.camel.yaml");
        main.addInitialProperty("camel.component.describer.api-key", WireMockSupport.API_KEY);
        main.addInitialProperty(
                "camel.component.describer.job-store-location",
                tmp.resolve("main-jobs").toString());
        main.addInitialProperty("camel.component.describer.base-url", WireMockSupport.baseUrl(api));
        main.addInitialProperty("camel.component.describer.language", "de-DE");
        main.addInitialProperty("camel.component.describer.voice", "Charon");
        main.start();
        try {
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            template.sendBodyAndHeaders("direct:describe", null, Map.of(DescriberConstants.MEDIA_ID, "m-5"));
        } finally {
            main.stop();
        }
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_video"))
                        .withHeader("X-API-Key", equalTo(WireMockSupport.API_KEY))
                        .withRequestBody(matchingJsonPath("$.input.media_id", equalTo("m-5")))
                        .withRequestBody(matchingJsonPath("$.generation_config.language", equalTo("de-DE")))
                        .withRequestBody(matchingJsonPath("$.generation_config.voice", equalTo("Charon")))
                        .withRequestBody(matchingJsonPath("$.generation_config.video_category", equalTo("Documentary")))
                        .withRequestBody(matchingJsonPath("$.generation_config.ad_type", equalTo("extended_ad")))
                        .withRequestBody(
                                matchingJsonPath("$.generation_config.read_all_onscreen_text", equalTo("true"))));
    }
}
