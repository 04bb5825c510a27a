package io.describer.camel;

import com.github.tomakehurst.wiremock.WireMockServer;

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

    static String baseUrl(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }
}
