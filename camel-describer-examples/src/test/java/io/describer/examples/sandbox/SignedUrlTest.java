package io.describer.examples.sandbox;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Download URLs: expiry (403, like cloud storage), re-minting on every get_results, tamper checks, ranges. */
class SignedUrlTest extends SandboxTestSupport {

    @Test
    void expiredUrlIs403AndRepollingMintsAFreshOne() {
        sandbox.settings().signedUrlTtl(Duration.ofMillis(150));
        String job = generate("generate_ad_audio", uploadSample(), "{}");
        String first = awaitJob(job).path("audio_signed_url").asText();
        assertThat(download(first).statusCode()).isEqualTo(200);

        sleep(300);
        HttpResponse<byte[]> expired = download(first);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(utf8(expired.body())).contains("<Code>ExpiredToken</Code>");
        assertThat(expired.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");

        sandbox.settings().signedUrlTtl(Duration.ofMinutes(15));
        JsonNode again = get("get_results?job_id=" + job).json();
        String fresh = again.path("audio_signed_url").asText();
        assertThat(fresh).isNotEqualTo(first);
        HttpResponse<byte[]> ok = download(fresh);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(utf8(ok.body()).substring(0, 4)).isEqualTo("RIFF");
    }

    @Test
    void urlsPointBackAtTheSandboxWithExpiryAndSignature() {
        JsonNode done = awaitJob(generate("generate_ad_video", uploadSample(), "{\"ad_type\":\"standard_ad\"}"));
        for (String field : new String[] {"video_signed_url", "audio_signed_url"}) {
            String url = done.path(field).asText();
            assertThat(url).startsWith(base + "/signed/").contains("expires=").contains("X-Goog-Signature=");
            long expires = Long.parseLong(url.replaceAll(".*expires=(\\d+).*", "$1"));
            assertThat(expires - System.currentTimeMillis())
                    .isBetween(
                            Duration.ofMinutes(14).toMillis(),
                            Duration.ofMinutes(15).toMillis());
        }
    }

    @Test
    void tamperedUrlsAreRefused() {
        String url = awaitJob(generate("generate_ad_video", uploadSample(), "{}"))
                .path("video_signed_url")
                .asText();

        String longer = url.replaceAll("expires=(\\d+)", "expires=9999999999999");
        assertThat(download(longer).statusCode()).isEqualTo(403);
        assertThat(utf8(download(longer).body())).contains("SignatureDoesNotMatch");
        String otherObject = url.replace("/video.mp4", "/audio.wav");
        assertThat(download(otherObject).statusCode()).isIn(403, 404);
        assertThat(download(base + "/signed/outputs/task_none/video.mp4?expires=1&X-Goog-Signature=x")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void rangeAndHeadRequestsWork() {
        String url = awaitJob(generate("generate_ad_video", uploadSample(), "{}"))
                .path("video_signed_url")
                .asText();
        long size = sample().toFile().length();

        HttpResponse<byte[]> range = send(url, "GET", "bytes=4-7");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(utf8(range.body())).isEqualTo("ftyp");
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 4-7/" + size);

        HttpResponse<byte[]> head = send(url, "HEAD", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(head.body()).isEmpty();
    }

    private HttpResponse<byte[]> send(String url, String method, String range) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (range != null) {
            b.header("Range", range);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
