package io.describer.camel;

import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.apache.camel.CamelContext;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A WireMock server on loopback standing in for the remote API. */
final class WireMockSupport {

    static final String API_KEY = "vsk_test0123456789abcdefghijklmnopqrstuvwxyz0123456789";

    private WireMockSupport() {
    }

    static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    /** A generate answer with a fresh job id per call, as the service gives. */
    static ResponseDefinitionBuilder newJob(String mediaId) {
        return okJson("{\"job_id\":\"task_{{randomValue length=12 type='ALPHANUMERIC'}}\",\"status\":\"queued\",\"media_id\":\""
                      + mediaId + "\" }").withTransformers("response-template");
    }

    /** Points the context's describer component at a job store of its own. */
    static void useJobStore(CamelContext context, Path dir) {
        context.getComponent("describer", DescriberComponent.class).setJobStoreLocation(dir.resolve("jobs").toString());
    }

    static String baseUrl(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }
}
