package io.describer.camel.client;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** One WireMock server per test class on 127.0.0.1, reset before each test, and clients that never really sleep. */
abstract class WireMockTestSupport {

    static final String API_KEY = "vsk_test0key1abc2def3ghi4jkl5mno6pqr7stu8vwx9yz0abc1def2";

    static WireMockServer wm;

    RecordingSleeper sleeper;
    HttpDescriberClient client;

    @BeforeAll
    static void startWireMock() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    @BeforeEach
    void resetWireMock() {
        wm.resetAll();
        sleeper = new RecordingSleeper();
        client = client(5);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + wm.port();
    }

    ClientSettings.Builder settings() {
        return ClientSettings.builder()
                .baseUrl(baseUrl())
                .apiKey(API_KEY)
                .readTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(5));
    }

    HttpDescriberClient client(int maxRetries) {
        return client(settings().maxRetries(maxRetries).build());
    }

    /** Jitter fixed at 1.0, so every backoff is the full exponential step. */
    HttpDescriberClient client(ClientSettings settings) {
        return new HttpDescriberClient(
                settings, RetryPolicy.of(settings, sleeper).withJitter(() -> 1.0));
    }

    static String api(String operation) {
        return HttpDescriberClient.API_PATH + operation;
    }
}
