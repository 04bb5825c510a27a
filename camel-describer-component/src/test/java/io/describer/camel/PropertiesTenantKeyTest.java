package io.describer.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without a resolver bean, a tenant's key is the property describer.tenant.<tenant>.api-key, read at each call: an
 * endpoint with option tenant and no apiKey of its own works, and a property changed mid-run is used at the next call.
 */
class PropertiesTenantKeyTest {

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    @Test
    void theTenantsKeyPropertyIsReadAtEachCall() throws Exception {
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"unauthorized\"}")));
        for (String key : List.of(TenantsTest.KEY_A, TenantsTest.KEY_A2)) {
            api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                    .withHeader("X-API-Key", equalTo(key))
                    .willReturn(okJson("{\"job_id\":\"task_a_{{randomValue length=10 type='ALPHANUMERIC'}}\","
                                    + "\"status\":\"queued\",\"media_id\":\"m-1\"}")
                            .withTransformers("response-template")));
            api.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                    .withHeader("X-API-Key", equalTo(key))
                    .withQueryParam("job_id", matching("task_a_.*"))
                    .willReturn(okJson("{\"job_id\":\"{{request.query.job_id}}\",\"status\":\"done\","
                                    + "\"media_id\":\"m-1\",\"output\":{\"format\":\"vtt\",\"content\":\"WEBVTT\"}}")
                            .withTransformers("response-template")));
        }
        Map<String, String> props = new ConcurrentHashMap<>(Map.of("describer.tenant.a.api-key", TenantsTest.KEY_A));
        List<Exchange> delivered = new CopyOnWriteArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
                @Override
                public String getName() {
                    return "rotating";
                }

                @Override
                public String getProperty(String name) {
                    return props.get(name);
                }
            });
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(tmp.resolve("jobs").toString());
            DescriberConfiguration c = describer.getConfiguration();
            c.setBaseUrl(WireMockSupport.baseUrl(api));
            c.setJobPollInterval(50);
            c.setJobMaxPollInterval(50);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:text").to("describer:text?tenant=a");
                    from("describer:results?delay=50&initialDelay=0&tenant=a").process(delivered::add);
                }
            });
            context.start();
            var template = context.createProducerTemplate();
            assertThat(template.request("direct:text", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-1"))
                            .getException())
                    .isNull();
            props.put("describer.tenant.a.api-key", TenantsTest.KEY_A2);
            assertThat(template.request("direct:text", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-2"))
                            .getException())
                    .isNull();
            await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 2);
            assertThat(delivered)
                    .allSatisfy(e -> assertThat(e.getMessage().getHeader(DescriberConstants.TENANT))
                            .isEqualTo("a"));
            List<LoggedRequest> starts =
                    api.findAll(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text")));
            assertThat(starts)
                    .extracting(r -> r.getHeader("X-API-Key"))
                    .containsExactly(TenantsTest.KEY_A, TenantsTest.KEY_A2);

            props.remove("describer.tenant.a.api-key");
            Exchange unknown =
                    template.request("direct:text", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-3"));
            assertThat(unknown.getException())
                    .isInstanceOf(DescriberTenantException.class)
                    .hasMessageContaining("'a'")
                    .hasMessageContaining("option tenant")
                    .hasMessageContaining("describer.tenant.a.api-key");
            assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))))
                    .hasSize(2);
        }
    }
}
