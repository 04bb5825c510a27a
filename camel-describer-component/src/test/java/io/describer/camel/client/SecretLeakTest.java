package io.describer.camel.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The API key and the signature of signed URLs never reach a log line (root logger at DEBUG), an exception message or
 * stack trace, or a {@code toString()} — also when the service echoes the key back.
 */
class SecretLeakTest extends WireMockTestSupport {

    private static final String SIGNATURE = "X-Goog-Signature=0123deadbeefcafe";

    @TempDir
    Path dir;

    @Test
    void unauthorizedCall() {
        wm.stubFor(get(urlPathEqualTo(api("get_results")))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":\"unauthorized\",\"message\":\"Invalid or missing API key: " + API_KEY
                                + "\"}")));

        try (LogCapture logs = new LogCapture()) {
            DescriberUnauthorizedException e =
                    catchThrowableOfType(DescriberUnauthorizedException.class, () -> client.getResults("t1"));

            assertThat(e.getApiMessage()).contains("Invalid or missing API key");
            assertNoSecret(e);
            assertThat(logs.lines()).anyMatch(l -> l.contains("GET /enterprise/api/get_results?job_id=t1 -> 401"));
            assertNoSecret(logs.lines());
        }
    }

    @Test
    void serverErrorWithRetries() {
        wm.stubFor(post(urlPathEqualTo(api("upload_media")))
                .willReturn(aResponse().withStatus(500).withBody("<html>oops, key was " + API_KEY + "</html>")));

        try (LogCapture logs = new LogCapture()) {
            DescriberServerException e = catchThrowableOfType(
                    DescriberServerException.class,
                    () -> client.uploadMedia(MediaInput.url("https://example.com/v.mp4", null), null));

            assertNoSecret(e);
            assertThat(logs.lines())
                    .filteredOn(l -> l.contains("Retrying upload_media after 500 server_error"))
                    .hasSize(5);
            assertNoSecret(logs.lines());
        }
    }

    @Test
    void settingsAndClientNeverShowTheKey() {
        ClientSettings.Builder builder = settings();
        ClientSettings settings = builder.build();

        assertThat(settings.toString()).contains("apiKey=****").doesNotContain(API_KEY);
        assertThat(builder.toString()).doesNotContain(API_KEY);
        assertThat(client.toString()).doesNotContain(API_KEY);
        assertThatThrownBy(() -> settings().apiKey("vsk_with space").build())
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("with space"));
    }

    @Test
    void signedUrlSignaturesAreNotLogged() {
        wm.stubFor(get(urlPathEqualTo("/bucket/video.mp4"))
                .willReturn(aResponse().withStatus(403).withBody("<Error><Code>ExpiredToken</Code></Error>")));
        String url = baseUrl() + "/bucket/video.mp4?" + SIGNATURE;

        try (LogCapture logs = new LogCapture()) {
            DescriberSignedUrlExpiredException e = catchThrowableOfType(
                    DescriberSignedUrlExpiredException.class,
                    () -> client.download(url, dir.resolve("video.mp4"), null));

            assertThat(trace(e)).doesNotContain(SIGNATURE);
            assertThat(logs.lines()).anyMatch(l -> l.contains("GET " + baseUrl() + "/bucket/video.mp4 -> 403"));
            assertThat(logs.lines()).noneMatch(l -> l.contains(SIGNATURE));
        }
        assertThat(MediaInput.url(url, null).toString()).doesNotContain(SIGNATURE);
        assertThatThrownBy(() -> client.download("ftp://host/x?" + SIGNATURE, dir.resolve("x"), null))
                .satisfies(e -> assertThat(trace(e)).doesNotContain(SIGNATURE));
    }

    private static void assertNoSecret(Throwable e) {
        assertThat(e.getMessage()).doesNotContain(API_KEY);
        assertThat(e.toString()).doesNotContain(API_KEY);
        assertThat(trace(e)).doesNotContain(API_KEY);
    }

    private static void assertNoSecret(List<String> lines) {
        assertThat(lines).isNotEmpty();
        assertThat(lines).noneMatch(l -> l.contains(API_KEY));
        // nor a recognisable part of it
        assertThat(lines).noneMatch(l -> l.contains(API_KEY.substring(4, 20)));
    }

    private static String trace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
