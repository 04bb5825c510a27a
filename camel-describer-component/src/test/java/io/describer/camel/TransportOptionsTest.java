package io.describer.camel;

import java.nio.file.Path;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proxy, TLS and API-key options reach the HTTP client: proved against a real proxy and a self-signed https server. */
class TransportOptionsTest {

    private static final String RESULTS = "/enterprise/api/get_results";
    private static final String DONE = "{\"job_id\":\"t1\",\"status\":\"done\",\"media_id\":\"m1\"}";
    private static final String ENV_KEY = "vsk_fromTheEnvironment0123456789abcdefghijklmnopqrstuv";

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void stubs() {
        api.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson(DONE)));
    }

    @Test
    void callsGoThroughTheProxyWithItsCredentials() throws Exception {
        api.resetRequests();
        try (ForwardingProxy proxy = new ForwardingProxy("proxy-user", "proxy-secret")) {
            String options = "&proxyHost=127.0.0.1&proxyPort=" + proxy.port() + "&proxyUsername=proxy-user";

            Exchange ok = results(
                    "apiKey=" + WireMockSupport.API_KEY + "&baseUrl=" + WireMockSupport.baseUrl(api) + options
                            + "&proxyPassword=proxy-secret",
                    null);
            Exchange refused = results(
                    "apiKey=" + WireMockSupport.API_KEY + "&baseUrl=" + WireMockSupport.baseUrl(api) + options
                            + "&proxyPassword=wrong&maxRetries=0",
                    null);

            assertThat(ok.getException()).isNull();
            assertThat(ok.getMessage().getBody(JobResults.class).status()).isEqualTo(JobStatus.DONE);
            String target = "GET " + WireMockSupport.baseUrl(api) + RESULTS + "?job_id=t1";
            assertThat(proxy.seen.get(0)).isEqualTo(target + " auth=ok");
            assertThat(refused.getException()).hasMessageContaining("407");
            assertThat(proxy.seen.subList(1, proxy.seen.size())).isNotEmpty().allMatch(s -> s.endsWith("auth=wrong"));
            // the proxy's credentials end at the proxy; the API sees only its own key
            api.verify(
                    1,
                    getRequestedFor(urlPathEqualTo(RESULTS))
                            .withHeader("Proxy-Authorization", absent())
                            .withHeader("X-API-Key", equalTo(WireMockSupport.API_KEY)));
        }
    }

    @Test
    void aSelfSignedServerIsTrustedThroughSslContextParameters() throws Exception {
        Path keystore = tmp.resolve("server.p12");
        Path truststore = tmp.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        Path cert = tmp.resolve("server.crt");
        keytool(
                "-exportcert",
                "-alias",
                "server",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "server",
                "-file",
                cert.toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        WireMockServer https = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword("changeit")
                .keyManagerPassword("changeit"));
        https.start();
        try {
            https.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson(DONE)));
            String base = "apiKey=" + WireMockSupport.API_KEY + "&maxRetries=0&baseUrl=https://127.0.0.1:"
                    + https.httpsPort();
            KeyStoreParameters trust = new KeyStoreParameters();
            trust.setResource("file:" + truststore);
            trust.setPassword("changeit");
            trust.setType("PKCS12");
            TrustManagersParameters managers = new TrustManagersParameters();
            managers.setKeyStore(trust);
            SSLContextParameters tls = new SSLContextParameters();
            tls.setTrustManagers(managers);

            Exchange untrusted = results(base, null);
            Exchange trusted = results(base + "&sslContextParameters=#bean:tls", tls);

            assertThat(untrusted.getException()).hasStackTraceContaining("PKIX");
            assertThat(trusted.getException()).isNull();
            assertThat(trusted.getMessage().getBody(JobResults.class).status()).isEqualTo(JobStatus.DONE);
        } finally {
            https.stop();
        }
    }

    @Test
    void theApiKeyFallsBackToTheEnvironmentVariable() throws Exception {
        api.resetRequests();
        Exchange fromEnv = results("baseUrl=" + WireMockSupport.baseUrl(api), null, ENV_KEY);
        Exchange configured = results(
                "apiKey=" + WireMockSupport.API_KEY + "&baseUrl=" + WireMockSupport.baseUrl(api), null, ENV_KEY);

        assertThat(fromEnv.getException()).isNull();
        assertThat(configured.getException()).isNull();
        List<String> keys = api.findAll(getRequestedFor(urlPathEqualTo(RESULTS))).stream()
                .map(r -> r.getHeader("X-API-Key"))
                .toList();
        assertThat(keys).containsExactly(ENV_KEY, WireMockSupport.API_KEY);
        assertThatThrownBy(() -> results("baseUrl=" + WireMockSupport.baseUrl(api), null, null))
                .hasStackTraceContaining("apiKey is required")
                .hasStackTraceContaining("DESCRIBER_API_KEY");
    }

    @Test
    void aProxyHostWithoutPortFailsAtRouteStart() {
        assertThatThrownBy(() -> results("apiKey=k&proxyHost=proxy.example.com", null))
                .hasStackTraceContaining("proxyPort is required with proxyHost=proxy.example.com");
    }

    private static Exchange results(String query, SSLContextParameters tls) throws Exception {
        return results(query, tls, null);
    }

    /** One results call on a fresh context whose environment holds only {@code envKey} as DESCRIBER_API_KEY. */
    private static Exchange results(String query, SSLContextParameters tls, String envKey) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            WireMockSupport.useJobStore(context, tmp);
            context.getComponent("describer", DescriberComponent.class)
                    .setEnvironment(name -> DescriberEndpoint.API_KEY_VARIABLE.equals(name) ? envKey : null);
            if (tls != null) {
                context.getRegistry().bind("tls", tls);
            }
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:results").to("describer:results?" + query);
                }
            });
            context.start();
            return context.createProducerTemplate()
                    .request("direct:results", e -> e.getIn().setHeader(DescriberConstants.JOB_ID, "t1"));
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
