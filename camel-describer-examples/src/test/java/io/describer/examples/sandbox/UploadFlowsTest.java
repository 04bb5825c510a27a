package io.describer.examples.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.describer.examples.media.SampleMedia;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** upload_media in its three modes, the signed flow end to end, and the upload-time errors (403, 409, 415). */
class UploadFlowsTest extends SandboxTestSupport {

    @Test
    void multipartUploadProbesTheVideo() {
        Resp r = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), sample());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.text("media_id")).matches("[0-9a-f-]{36}");
        assertThat(r.text("status")).isEqualTo("created");
        assertThat(r.json().path("duration_seconds").asDouble()).isEqualTo(SAMPLE_SECONDS);
        assertThat(r.json().path("frame_rate").asDouble()).isEqualTo(10.0);
    }

    @Test
    void multipartWithoutInputPartIsAcceptedAndSameBytesAreExisting() {
        Resp first = postMultipart("upload_media", Map.of(), sample());
        Resp second = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), sample());

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.text("status")).isEqualTo("existing");
        assertThat(second.text("media_id")).isEqualTo(first.text("media_id"));
    }

    @Test
    void urlUploadFetchesTheMedia() throws IOException {
        try (TestFileServer files = new TestFileServer(sample().getParent())) {
            Resp r = postJson("upload_media", map("input", map("type", "url", "url", files.url("sample.mp4"))));

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.text("status")).isEqualTo("created");
            assertThat(r.json().path("duration_seconds").asDouble()).isEqualTo(SAMPLE_SECONDS);

            Resp missing = postJson("upload_media", map("input", map("type", "url", "url", files.url("nope.mp4"))));
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.body()).contains("HTTP 404");
        }
    }

    @Test
    void fileUrlsAreRefusedUnlessAllowed() {
        String fileUrl = sample().toUri().toString();
        Resp refused = postJson("upload_media", map("input", map("type", "url", "url", fileUrl)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("field")).isEqualTo("input.url");

        sandbox.settings().allowFileUrls(true);
        Resp allowed = postJson("upload_media", map("input", map("type", "url", "url", fileUrl)));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.json().path("duration_seconds").asDouble()).isEqualTo(SAMPLE_SECONDS);
    }

    @Test
    void signedFlowPutNotifyPollThenGenerate() {
        sandbox.settings().verificationDelay(java.time.Duration.ofMillis(300));
        Resp created = postJson(
                "upload_media",
                map("input", map("type", "signed_url", "filename", "big video.mp4", "content_type", "video/mp4")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String mediaId = created.text("media_id");
        String gcsPath = created.text("gcs_path");
        String uploadUrl = created.text("upload_url");
        assertThat(created.text("status")).isEqualTo("pending_upload");
        assertThat(created.text("content_type")).isEqualTo("video/mp4");
        assertThat(gcsPath).startsWith("users/team_sandbox/videos/").endsWith("big_video.mp4");
        assertThat(uploadUrl).startsWith(base + "/signed-upload/").contains("X-Goog-Signature=");

        // nothing uploaded yet
        assertThat(generateStatus(mediaId)).isEqualTo(409);
        assertThat(get("get_upload_status?media_id=" + mediaId).text("upload_status"))
                .isEqualTo("pending_upload");

        // the PUT must repeat the signed Content-Type
        assertThat(put(uploadUrl, "video/quicktime", sample()).status()).isEqualTo(403);
        Resp put = put(uploadUrl, "video/mp4", sample());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).isPresent();

        Resp notified = postJson("notify_upload_complete", map("media_id", mediaId, "gcs_path", gcsPath));
        assertThat(notified.status()).as(notified.body()).isEqualTo(200);
        assertThat(notified.text("upload_status")).isEqualTo("processing");

        // still verifying: 409 upload_not_ready with the documented body
        Resp early = postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", mediaId)));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.text("code")).isEqualTo("upload_not_ready");
        assertThat(early.text("error")).isEqualTo("Upload is still in progress. Please retry shortly.");
        assertThat(early.text("upload_status")).isEqualTo("processing");

        JsonNode status = awaitUpload(mediaId, gcsPath);
        assertThat(status.path("upload_status").asText()).isEqualTo("completed");
        assertThat(status.path("canonical_media_id").asText()).isEqualTo(mediaId);
        assertThat(status.path("duration_seconds").asDouble()).isEqualTo(SAMPLE_SECONDS);

        assertThat(generateStatus(status.path("canonical_media_id").asText())).isEqualTo(200);
    }

    @Test
    void fileOverTheMultipartCapGoesThroughTheSignedFlow() throws IOException {
        // the sample plus a trailing 40 MiB 'free' box: still a valid 5 s MP4, but too big for multipart
        Path big = tmp.resolve("big.mp4");
        long freeSize = 40 * SandboxSettings.MIB;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                big, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(sample())));
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(8).putInt((int) freeSize);
            header.put("free".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .flip();
            ch.write(header);
            ch.write(java.nio.ByteBuffer.allocate(1), ch.size() + freeSize - 9); // sparse up to the box end
        }

        Resp multipart = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), big);
        assertThat(multipart.status()).isEqualTo(400); // the client still receives the answer: the rest is drained

        Resp created = postJson(
                "upload_media",
                map("input", map("type", "signed_url", "filename", "big.mp4", "content_type", "video/mp4")));
        assertThat(put(created.text("upload_url"), "video/mp4", big).status()).isEqualTo(200);
        postJson(
                "notify_upload_complete",
                map("media_id", created.text("media_id"), "gcs_path", created.text("gcs_path")));
        JsonNode status = awaitUpload(created.text("media_id"), created.text("gcs_path"));
        assertThat(status.path("upload_status").asText()).isEqualTo("completed");
        assertThat(status.path("duration_seconds").asDouble()).isEqualTo(SAMPLE_SECONDS);
    }

    @Test
    void signedUploadOfKnownBytesPointsToTheCanonicalMedia() {
        String first = uploadSample();
        Resp created = postJson(
                "upload_media",
                map("input", map("type", "signed_url", "filename", "again.mp4", "content_type", "video/mp4")));
        put(created.text("upload_url"), "video/mp4", sample());
        postJson(
                "notify_upload_complete",
                map("media_id", created.text("media_id"), "gcs_path", created.text("gcs_path")));

        JsonNode status = awaitUpload(created.text("media_id"), created.text("gcs_path"));
        assertThat(status.path("canonical_media_id").asText()).isEqualTo(first);
    }

    @Test
    void signedUploadOfAudioFailsVerification() throws IOException {
        Path wav = SampleMedia.writeWav(tmp.resolve("speech.wav"), 1, 16000);
        Resp created = postJson(
                "upload_media",
                map("input", map("type", "signed_url", "filename", "speech.wav", "content_type", "audio/wav")));
        String mediaId = created.text("media_id");
        assertThat(put(created.text("upload_url"), "audio/wav", wav).status()).isEqualTo(200);
        assertThat(postJson("notify_upload_complete", map("media_id", mediaId, "gcs_path", created.text("gcs_path")))
                        .status())
                .isEqualTo(200);

        JsonNode status = awaitUpload(mediaId, created.text("gcs_path"));
        assertThat(status.path("upload_status").asText()).isEqualTo("failed");

        Resp generate = postJson("generate_ad_video", map("input", map("type", "media_id", "media_id", mediaId)));
        assertThat(generate.status()).isEqualTo(409);
        assertThat(generate.text("code")).isEqualTo("upload_failed");
    }

    @Test
    void notifyChecksPathAndBytes() {
        Resp created = postJson(
                "upload_media",
                map("input", map("type", "signed_url", "filename", "v.mp4", "content_type", "video/mp4")));
        String mediaId = created.text("media_id");

        Resp nothingYet =
                postJson("notify_upload_complete", map("media_id", mediaId, "gcs_path", created.text("gcs_path")));
        assertThat(nothingYet.status()).isEqualTo(400);
        Resp wrongPath =
                postJson("notify_upload_complete", map("media_id", mediaId, "gcs_path", "users/x/videos/v.mp4"));
        assertThat(wrongPath.status()).isEqualTo(400);
        assertThat(wrongPath.text("field")).isEqualTo("gcs_path");
        Resp unknown = postJson(
                "notify_upload_complete",
                map("media_id", "00000000-0000-0000-0000-000000000000", "gcs_path", "users/x/videos/v.mp4"));
        assertThat(unknown.status()).isEqualTo(404);
        Resp missingField = postJson("notify_upload_complete", map("media_id", mediaId));
        assertThat(missingField.status()).isEqualTo(400);
    }

    @Test
    void signedUploadOverThePlanCapIsRefusedAtNotify() {
        sandbox.settings().maxFileSizeBytes(10_000);
        Resp created = postJson(
                "upload_media",
                map("input", map("type", "signed_url", "filename", "v.mp4", "content_type", "video/mp4")));
        put(created.text("upload_url"), "video/mp4", sample());

        Resp notified = postJson(
                "notify_upload_complete",
                map("media_id", created.text("media_id"), "gcs_path", created.text("gcs_path")));
        assertThat(notified.status()).isEqualTo(403);
        assertThat(notified.text("error")).isEqualTo("file_too_large");
    }

    @Test
    void audioOnlyMediaIs415() throws IOException {
        Path wav = SampleMedia.writeWav(tmp.resolve("tone.wav"), 1, 16000);
        Path m4a = SampleMedia.writeAudioOnlyMp4(tmp.resolve("tone.m4a"), 1, 16000);

        for (Path audio : new Path[] {wav, m4a}) {
            Resp r = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), audio);
            assertThat(r.status()).as(audio.toString()).isEqualTo(415);
            assertThat(r.text("error")).isEqualTo("no_video_stream");
            assertThat(r.text("message")).isNotBlank();
        }
        Resp generate = postMultipart("generate_ad_text", Map.of("generation_config", "{\"format\":\"vtt\"}"), wav);
        assertThat(generate.status()).isEqualTo(415);
    }

    @Test
    void multipartOverThePlanCapIs403FileTooLarge() {
        sandbox.settings().maxFileSizeBytes(10_000);
        Resp r = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), sample());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("error")).isEqualTo("file_too_large");
    }

    @Test
    void multipartOverTheDirectUploadCapIs400() {
        sandbox.settings().multipartCapBytes(10_000);
        Resp r = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), sample());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("message")).contains("signed_url");
    }

    @Test
    void overThePlanDurationIs403VideoTooLong() {
        sandbox.settings().maxDurationSeconds(2);
        Resp r = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), sample());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("error")).isEqualTo("video_too_long");
    }

    @Test
    void nonMediaIsAcceptedAtUploadWithoutVideoFacts() throws IOException {
        Path junk = SampleMedia.writeRandom(tmp.resolve("junk.mp4"), 20_000, 42);
        Resp r = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), junk);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().has("duration_seconds")).isFalse();
    }

    @Test
    void badUploadRequestsAre400() {
        assertThat(postJson("upload_media", "{}").status()).isEqualTo(400);
        assertThat(postJson("upload_media", map("input", map("type", "ftp"))).text("field"))
                .isEqualTo("input.type");
        assertThat(postJson("upload_media", map("input", map("type", "file"))).status())
                .isEqualTo(400);
        assertThat(postJson("upload_media", map("input", map("type", "signed_url", "filename", "a.mp4")))
                        .text("field"))
                .isEqualTo("input.content_type");
        assertThat(postJson("upload_media", "{not json").status()).isEqualTo(400);
        assertThat(postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), null)
                        .text("field"))
                .isEqualTo("file");
    }

    private int generateStatus(String mediaId) {
        return postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", mediaId)))
                .status();
    }

    private Resp put(String url, String contentType, Path file) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", contentType)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode awaitUpload(String mediaId, String gcsPath) {
        for (int i = 0; i < 500; i++) {
            Resp r = get("get_upload_status?media_id=" + mediaId + "&gcs_path=" + gcsPath);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            if (!r.text("upload_status").equals("processing")) {
                return r.json();
            }
            sleep(10);
        }
        throw new AssertionError("upload never verified");
    }
}
