package io.describer.camel;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.describer.camel.client.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/** The API key never shows: not in printed endpoint URIs, logs, exception messages or toString(). */
class SecretTest {

    private static final String KEY = "vsk_TopSecretKeyThatMustNeverLeak0123456789abcdefghijk";

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    @BeforeAll
    static void stubs() {
        api.stubFor(post("/enterprise/api/generate_ad_text")
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}")));
        api.stubFor(post("/enterprise/api/generate_ad_video")
                .willReturn(
                        aResponse().withStatus(500).withBody("{\"error\":\"internal_error\",\"message\":\"boom\"}")));
    }

    @Test
    void failingCallsLeakTheKeyNowhere() throws Exception {
        String base = "apiKey=" + KEY + "&baseUrl=" + WireMockSupport.baseUrl(api) + "&maxRetries=2&maxRetryDelay=50";
        StringBuilder seen = new StringBuilder();
        try (LogCapture logs = new LogCapture();
                CamelContext context = new DefaultCamelContext()) {
            WireMockSupport.useJobStore(context, tmp);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:text").routeId("text").to("describer:text?" + base);
                    from("direct:video").routeId("video").to("describer:video?" + base);
                }
            });
            context.start();
            for (String route : new String[] {"direct:text", "direct:video"}) {
                Exchange out = context.createProducerTemplate()
                        .request(route, e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-1"));
                assertThat(out.getException()).isNotNull();
                StringWriter trace = new StringWriter();
                out.getException().printStackTrace(new PrintWriter(trace));
                seen.append(trace).append(out.getException()).append('\n');
            }
            for (Endpoint endpoint : context.getEndpoints()) {
                seen.append(endpoint).append('\n');
                if (endpoint instanceof DescriberEndpoint d) {
                    seen.append(d.getConfiguration()).append(d.clientSettings()).append('\n');
                }
            }
            seen.append(context.getRoutes());
            seen.append(logs.text());
            assertThat(logs.text()).contains("401").contains("500");
        }
        assertThat(seen.toString()).contains("describer").doesNotContain(KEY).doesNotContain("TopSecretKey");
    }
}
