package io.describer.camel.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientSettingsTest {

    @Test
    void defaults() {
        ClientSettings s = ClientSettings.builder().apiKey("vsk_abc").build();

        assertThat(s.baseUrl()).isEqualTo("https://api.viddyscribe.com");
        assertThat(s.maxRetries()).isEqualTo(5);
        assertThat(s.maxRetryDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.uploadPollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.uploadVerificationTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.directUploadLimit()).isEqualTo(32L * 1024 * 1024);
        assertThat(s.toString()).contains("apiKey=****").doesNotContain("vsk_abc");
    }

    @Test
    void baseUrlIsNormalised() {
        assertThat(ClientSettings.builder()
                        .apiKey("k")
                        .baseUrl("http://127.0.0.1:8080/")
                        .build()
                        .baseUrl())
                .isEqualTo("http://127.0.0.1:8080");
        assertThat(ClientSettings.builder().apiKey("k").baseUrl(null).build().baseUrl())
                .isEqualTo(ClientSettings.DEFAULT_BASE_URL);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> ClientSettings.builder().build()).hasMessageContaining("apiKey is required");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(" ").build())
                .hasMessageContaining("apiKey is required");
        assertThatThrownBy(() ->
                        ClientSettings.builder().apiKey("k").baseUrl("ftp://x").build())
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() ->
                        ClientSettings.builder().apiKey("k").maxRetries(-1).build())
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> ClientSettings.builder()
                        .apiKey("k")
                        .readTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("readTimeout");
    }

    @Test
    void toBuilderCopiesEverything() {
        ClientSettings s = ClientSettings.builder()
                .apiKey("k")
                .maxRetries(2)
                .uploadPollInterval(Duration.ofMillis(10))
                .build();

        ClientSettings copy = s.toBuilder().build();

        assertThat(copy.maxRetries()).isEqualTo(2);
        assertThat(copy.uploadPollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(copy.apiKey()).isEqualTo("k");
    }

    @Test
    void uploadsGetATransferAllowanceOnTheRequestTimeout() {
        ClientSettings s = ClientSettings.builder()
                .apiKey("k")
                .readTimeout(Duration.ofSeconds(30))
                .minUploadBytesPerSecond(1024 * 1024)
                .build();

        assertThat(s.timeoutFor(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.timeoutFor(2048L * 1024 * 1024)).isEqualTo(Duration.ofSeconds(30 + 2048));
    }
}
