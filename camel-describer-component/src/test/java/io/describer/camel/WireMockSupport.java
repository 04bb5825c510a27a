package io.describer.camel;

import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A WireMock server on loopback standing in for the remote API. */
final class WireMockSupport {

    static final String API_KEY = "vsk_test0123456789abcdefghijklmnopqrstuvwxyz0123456789";

    private WireMockSupport() {}

    /** One server per test class on loopback; stubs set up front survive from test to test. */
    static WireMockExtension extension() {
        return WireMockExtension.newInstance()
                .options(options().bindAddress("127.0.0.1").dynamicPort())
                .resetOnEachTest(false)
                .build();
    }

    /** A generate answer with a fresh job id per call, as the service gives. */
    static ResponseDefinitionBuilder newJob(String mediaId) {
        return okJson(
                        "{\"job_id\":\"task_{{randomValue length=12 type='ALPHANUMERIC'}}\",\"status\":\"queued\",\"media_id\":\""
                                + mediaId + "\" }")
                .withTransformers("response-template");
    }

    /** Points the context's describer component at a job store of its own. */
    static void useJobStore(CamelContext context, Path dir) {
        context.getComponent("describer", DescriberComponent.class)
                .setJobStoreLocation(dir.resolve("jobs").toString());
    }

    static String baseUrl(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    static String baseUrl(WireMockExtension extension) {
        return "http://127.0.0.1:" + extension.getPort();
    }
}
