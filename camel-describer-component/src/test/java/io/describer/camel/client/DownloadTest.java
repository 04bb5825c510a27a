package io.describer.camel.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Downloads of signed result URLs: streamed to a sibling temp file, moved into place, nothing partial left behind. */
class DownloadTest extends WireMockTestSupport {

    private static final String PATH = "/bucket/results/video.mp4";
    private static final byte[] BODY = randomBytes(3 * 1024 * 1024 + 17);

    @TempDir
    Path dir;

    @Test
    void streamsIntoTheTargetFile() throws Exception {
        wm.stubFor(get(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "video/mp4")
                        .withHeader("Content-Length", String.valueOf(BODY.length))
                        .withBody(BODY)));
        Path target = dir.resolve("out/nested/video.mp4");
        List<long[]> progress = new CopyOnWriteArrayList<>();

        long n = client.download(url(), target, (name, done, total) -> progress.add(new long[] {done, total}));

        assertThat(n).isEqualTo(BODY.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(BODY);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(BODY.length, BODY.length);
        assertThat(listing(target.getParent())).containsExactly("video.mp4");
        wm.verify(
                1,
                getRequestedFor(urlPathEqualTo(PATH))
                        .withHeader("X-API-Key", absent())
                        .withQueryParam(
                                "X-Goog-Signature", com.github.tomakehurst.wiremock.client.WireMock.equalTo("sig")));
    }

    @Test
    void replacesAnExistingFile() throws Exception {
        wm.stubFor(
                get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(BODY)));
        Path target = Files.writeString(dir.resolve("video.mp4"), "old");

        client.download(url(), target, null);

        assertThat(Files.readAllBytes(target)).isEqualTo(BODY);
        assertThat(listing(dir)).containsExactly("video.mp4");
    }

    @Test
    void failureMidBodyLeavesNoPartialFile() throws Exception {
        client.close();
        client = client(2);
        wm.stubFor(get(urlPathEqualTo(PATH))
                .willReturn(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        Path target = dir.resolve("video.mp4");

        assertThatThrownBy(() -> client.download(url(), target, null))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(DescriberException.class);

        assertThat(target).doesNotExist();
        assertThat(listing(dir)).isEmpty();
        assertThat(sleeper.sleeps).hasSize(2);
    }

    @Test
    void failureKeepsAnOlderTargetIntact() throws Exception {
        client.close();
        client = client(0);
        wm.stubFor(get(urlPathEqualTo(PATH))
                .willReturn(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        Path target = Files.writeString(dir.resolve("video.mp4"), "previous result");

        assertThatThrownBy(() -> client.download(url(), target, null)).isInstanceOf(IOException.class);

        assertThat(target).hasContent("previous result");
        assertThat(listing(dir)).containsExactly("video.mp4");
    }

    @Test
    void transientFailureIsRetried() throws Exception {
        wm.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("dl")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK))
                .willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo(PATH))
                .inScenario("dl")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(BODY)));
        Path target = dir.resolve("video.mp4");

        assertThat(client.download(url(), target, null)).isEqualTo(BODY.length);

        assertThat(Files.readAllBytes(target)).isEqualTo(BODY);
        assertThat(listing(dir)).containsExactly("video.mp4");
    }

    @Test
    void expiredSignatureIsRecognisableAndNotRetried() throws Exception {
        wm.stubFor(get(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/xml")
                        .withBody("<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code>"
                                + "<Message>The provided token has expired.</Message></Error>")));
        Path target = dir.resolve("video.mp4");

        DescriberSignedUrlExpiredException e = catchThrowableOfType(
                DescriberSignedUrlExpiredException.class, () -> client.download(url(), target, null));

        assertThat(e.getStatus()).isEqualTo(400);
        assertThat(e.getCode()).isEqualTo("signed_url_expired");
        assertThat(e.isRetryable()).isFalse();
        assertThat(target).doesNotExist();
        assertThat(listing(dir)).isEmpty();
        wm.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void forbiddenAndNotFoundAreExpiryToo() {
        for (int status : new int[] {403, 404}) {
            wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)));

            assertThatThrownBy(() -> client.download(url(), dir.resolve("v.mp4"), null))
                    .isInstanceOf(DescriberSignedUrlExpiredException.class);
        }
    }

    private static String url() {
        return baseUrl() + PATH + "?X-Goog-Signature=sig";
    }

    private static List<String> listing(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }
}
