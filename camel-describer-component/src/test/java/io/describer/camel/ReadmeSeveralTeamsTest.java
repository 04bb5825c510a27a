package io.describer.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Several teams" YAML example, as written there (route and properties), on Camel Main: each customer's
 * job is started with its own team's key, and a customer without a key is refused before any call.
 */
class ReadmeSeveralTeamsTest {

    static final String KEY_ACME = "vsk_acmeacmeacmeReadmeAcme0123456789abcdefghijklmn";
    static final String KEY_GLOBEX = "vsk_globexglobexReadmeGlobex0123456789abcdefghijk";
    static final String KEY_OWN = "vsk_ownownownownReadmeOwn0123456789abcdefghijklmno";

    /** Stand-ins for the environment variables the example's properties name. */
    static final Map<String, String> ENV =
            Map.of("ACME_DESCRIBER_KEY", KEY_ACME, "GLOBEX_DESCRIBER_KEY", KEY_GLOBEX, "DESCRIBER_API_KEY", KEY_OWN);

    private static final Pattern PROPERTY = Pattern.compile("^#\\s+([\\w.-]+)\\s*=\\s*(\\S+)\\s*$");
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:(\\w+)}}");

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    @Test
    void theExampleStartsEachCustomersJobWithItsOwnTeamsKey() throws Exception {
        String yaml = example();
        Path routes = Files.writeString(tmp.resolve("several-teams.camel.yaml"), yaml);
        for (String key : ENV.values()) {
            api.stubFor(post(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                    .withHeader("X-API-Key", equalTo(key))
                    .willReturn(okJson("{\"job_id\":\"task_" + key.substring(4, 8) + "\",\"status\":\"queued\","
                            + "\"media_id\":\"m-1\"}")));
        }
        Main main = new Main();
        main.configure().withRoutesIncludePattern("file:" + routes);
        int properties = 0;
        for (String line : yaml.split("\n")) {
            Matcher m = PROPERTY.matcher(line);
            if (m.matches()) {
                main.addInitialProperty(m.group(1), env(m.group(2)));
                properties++;
            }
        }
        assertThat(properties).isEqualTo(3);
        main.addInitialProperty("camel.component.describer.base-url", WireMockSupport.baseUrl(api));
        main.addInitialProperty(
                "camel.component.describer.job-store-location",
                tmp.resolve("jobs").toString());
        main.start();
        try {
            var template = main.getCamelContext().createProducerTemplate();
            for (String customer : List.of("acme", "globex")) {
                Exchange out = template.request("direct:describe-for-customer", e -> {
                    e.getIn().setHeader("customer", customer);
                    e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-" + customer);
                });
                assertThat(out.getException()).isNull();
                assertThat(out.getMessage().getHeader(DescriberConstants.JOB_ID))
                        .isNotNull();
            }
            Exchange unknown = template.request("direct:describe-for-customer", e -> {
                e.getIn().setHeader("customer", "initech");
                e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-initech");
            });
            assertThat(unknown.getException())
                    .isInstanceOf(DescriberTenantException.class)
                    .hasMessageContaining("'initech'")
                    .hasMessageContaining("describer.tenant.initech.api-key");
        } finally {
            main.stop();
        }
        List<LoggedRequest> starts = api.findAll(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text")));
        assertThat(starts).extracting(r -> r.getHeader("X-API-Key")).containsExactly(KEY_ACME, KEY_GLOBEX);
        assertThat(starts).allSatisfy(r -> assertThat(r.getBodyAsString()).contains("\"language\":\"en-US\""));
    }

    /** The first yaml block of the README's "Several teams" section. */
    private static String example() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("\n## Several teams\n");
        assertThat(section).as("README section 'Several teams'").isPositive();
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        assertThat(readme.indexOf("\n## ", section + 1)).isGreaterThan(end);
        return readme.substring(start, end);
    }

    private static String env(String value) {
        Matcher m = ENV_PLACEHOLDER.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(ENV.get(m.group(1))));
        }
        return m.appendTail(sb).toString();
    }
}
