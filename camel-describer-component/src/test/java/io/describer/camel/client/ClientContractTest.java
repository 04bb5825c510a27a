package io.describer.camel.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.AudioTrackType;
import io.describer.camel.client.model.CustomCaptions;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.MediaRecord;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.UploadStatusRecord;
import io.describer.camel.client.model.VideoCategory;
import io.describer.camel.client.model.VolumeOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each endpoint and input type: method, path, key header, query, body shape, and parsing of the answers. */
class ClientContractTest extends WireMockTestSupport {

    private static final String MEDIA_ID = "550e8400-e29b-41d4-a716-446655440000";
    private static final String JOB =
            "{\"job_id\":\"task_abc123xyz\",\"status\":\"queued\",\"media_id\":\"" + MEDIA_ID + "\"}";
    private static final byte[] VIDEO =
            "not really an mp4 \u00e9\r\n--boundary-like--\r\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- upload_media

    @Test
    void uploadFromUrl() throws Exception {
        wm.stubFor(post(api("upload_media"))
                .willReturn(okJson("{\"media_id\":\"" + MEDIA_ID
                        + "\",\"status\":\"created\",\"duration_seconds\":45.5,\"frame_rate\":30,\"extra\":1}")));

        MediaRecord media = client.uploadMedia(MediaInput.url("https://example.com/video.mp4?sig=1", "talk.mp4"), null);

        assertThat(media.mediaId()).isEqualTo(MEDIA_ID);
        assertThat(media.status()).isEqualTo("created");
        assertThat(media.durationSeconds()).isEqualTo(45.5);
        assertThat(media.frameRate()).isEqualTo(30.0);
        wm.verify(
                1,
                postRequestedFor(urlEqualTo(api("upload_media")))
                        .withHeader("X-API-Key", equalTo(API_KEY))
                        .withHeader("Content-Type", containing("application/json"))
                        .withRequestBody(
                                equalToJson(
                                        "{\"input\":{\"type\":\"url\",\"url\":\"https://example.com/video.mp4?sig=1\",\"filename\":\"talk.mp4\"}}")));
    }

    @Test
    void uploadFromUrlWithoutFilenameSendsNoFilename() throws Exception {
        wm.stubFor(post(api("upload_media")).willReturn(okJson("{\"media_id\":\"m1\",\"status\":\"existing\"}")));

        assertThat(client.uploadMedia(MediaInput.url("https://example.com/v.mp4", null), null)
                        .status())
                .isEqualTo("existing");

        wm.verify(postRequestedFor(urlEqualTo(api("upload_media")))
                .withRequestBody(equalToJson("{\"input\":{\"type\":\"url\",\"url\":\"https://example.com/v.mp4\"}}")));
    }

    @Test
    void uploadFileIsOneMultipartCallWithInputAndFileParts() throws Exception {
        Path file = Files.write(dir.resolve("clip.mp4"), VIDEO);
        wm.stubFor(post(api("upload_media"))
                .willReturn(okJson("{\"media_id\":\"" + MEDIA_ID + "\",\"status\":\"created\"}")));
        List<Long> progress = new ArrayList<>();

        MediaRecord media = client.uploadMedia(
                MediaInput.content(MediaContent.ofFile(file, null, null)), (name, n, total) -> progress.add(n));

        assertThat(media.mediaId()).isEqualTo(MEDIA_ID);
        assertThat(progress).last().isEqualTo((long) VIDEO.length);
        wm.verify(
                1,
                postRequestedFor(urlEqualTo(api("upload_media")))
                        .withHeader("X-API-Key", equalTo(API_KEY))
                        .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                        .withRequestBodyPart(aMultipart()
                                .withName("input")
                                .withBody(equalToJson("{\"type\":\"file\"}"))
                                .build())
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withHeader("Content-Disposition", containing("filename=\"clip.mp4\""))
                                .withHeader("Content-Type", equalTo("video/mp4"))
                                .withBody(binaryEqualTo(VIDEO))
                                .build()));
        LoggedRequest request = single(api("upload_media"));
        assertThat(request.getBodyAsString()).doesNotContain("generation_config");
        assertExactContentLength(request);
    }

    @Test
    void uploadStreamIsMultipartWithExactLength() throws Exception {
        wm.stubFor(post(api("upload_media"))
                .willReturn(okJson("{\"media_id\":\"" + MEDIA_ID + "\",\"status\":\"created\"}")));
        MediaContent content =
                MediaContent.ofStream(new ByteArrayInputStream(VIDEO), VIDEO.length, "talk \"1\".mov", null);

        client.uploadMedia(MediaInput.content(content), null);

        wm.verify(postRequestedFor(urlEqualTo(api("upload_media")))
                .withRequestBodyPart(aMultipart()
                        .withName("file")
                        .withHeader("Content-Disposition", containing("filename=\"talk %221%22.mov\""))
                        .withHeader("Content-Type", equalTo("video/quicktime"))
                        .withBody(binaryEqualTo(VIDEO))
                        .build()));
        assertExactContentLength(single(api("upload_media")));
    }

    @Test
    void uploadOfKnownMediaIdMakesNoCall() throws Exception {
        MediaRecord media = client.uploadMedia(MediaInput.mediaId(MEDIA_ID), null);

        assertThat(media.mediaId()).isEqualTo(MEDIA_ID);
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void requestSignedUpload() throws Exception {
        wm.stubFor(
                post(api("upload_media"))
                        .willReturn(
                                okJson(
                                        "{\"media_id\":\"" + MEDIA_ID + "\","
                                                + "\"upload_url\":\"https://storage.googleapis.com/bucket/path/to/video.mp4?X-Goog-Signature=abc\","
                                                + "\"gcs_path\":\"users/user_123/videos/video.mp4\",\"status\":\"pending_upload\",\"content_type\":\"video/mp4\"}")));

        MediaRecord signed = client.requestSignedUpload("video.mp4", "video/mp4");

        assertThat(signed.mediaId()).isEqualTo(MEDIA_ID);
        assertThat(signed.status()).isEqualTo("pending_upload");
        assertThat(signed.uploadUrl()).endsWith("X-Goog-Signature=abc");
        assertThat(signed.gcsPath()).isEqualTo("users/user_123/videos/video.mp4");
        assertThat(signed.contentType()).isEqualTo("video/mp4");
        assertThat(signed.toString()).doesNotContain("X-Goog-Signature");
        wm.verify(
                postRequestedFor(urlEqualTo(api("upload_media")))
                        .withHeader("X-API-Key", equalTo(API_KEY))
                        .withRequestBody(
                                equalToJson(
                                        "{\"input\":{\"type\":\"signed_url\",\"filename\":\"video.mp4\",\"content_type\":\"video/mp4\"}}")));
    }

    @Test
    void notifyUploadComplete() throws Exception {
        wm.stubFor(post(api("notify_upload_complete"))
                .willReturn(okJson("{\"media_id\":\"m1\",\"upload_status\":\"processing\"}")));

        UploadStatusRecord status = client.notifyUploadComplete("m1", "users/u/videos/v.mp4");

        assertThat(status.uploadStatus()).isEqualTo("processing");
        assertThat(status.isCompleted()).isFalse();
        wm.verify(postRequestedFor(urlEqualTo(api("notify_upload_complete")))
                .withHeader("X-API-Key", equalTo(API_KEY))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"media_id\":\"m1\",\"gcs_path\":\"users/u/videos/v.mp4\"}")));
    }

    @Test
    void notifyWithAnEmptyAnswerIsAccepted() throws Exception {
        wm.stubFor(post(api("notify_upload_complete")).willReturn(aResponse().withStatus(202)));

        assertThat(client.notifyUploadComplete("m1", "p").uploadStatus()).isNull();
    }

    @Test
    void getUploadStatusEncodesQueryParameters() throws Exception {
        wm.stubFor(
                get(urlPathEqualTo(api("get_upload_status")))
                        .willReturn(
                                okJson(
                                        "{\"media_id\":\"m1\",\"gcs_path\":\"users/u 1/videos/a&b.mp4\",\"upload_status\":\"completed\",\"canonical_media_id\":\"m0\"}")));

        UploadStatusRecord status = client.getUploadStatus("m1", "users/u 1/videos/a&b.mp4");

        assertThat(status.isCompleted()).isTrue();
        assertThat(status.effectiveMediaId()).isEqualTo("m0");
        wm.verify(getRequestedFor(urlPathEqualTo(api("get_upload_status")))
                .withHeader("X-API-Key", equalTo(API_KEY))
                .withQueryParam("media_id", equalTo("m1"))
                .withQueryParam("gcs_path", equalTo("users/u 1/videos/a&b.mp4")));
    }

    // ---------------------------------------------------------------- generate_ad_*

    @ParameterizedTest
    @EnumSource(JobType.class)
    void generateByMediaIdSendsSnakeCaseConfigWithApiStrings(JobType type) throws Exception {
        wm.stubFor(post(api(type.endpoint())).willReturn(okJson(JOB)));

        JobRecord job = client.generate(type, MediaInput.mediaId(MEDIA_ID), fullConfig(type), null);

        assertThat(job.jobId()).isEqualTo("task_abc123xyz");
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.mediaId()).isEqualTo(MEDIA_ID);
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/enterprise/api/generate_ad_" + type.apiValue()))
                        .withHeader("X-API-Key", equalTo(API_KEY))
                        .withHeader("Content-Type", containing("application/json"))
                        .withRequestBody(equalToJson("{\"input\":{\"type\":\"media_id\",\"media_id\":\"" + MEDIA_ID
                                + "\"}," + "\"generation_config\":" + fullConfigJson(type) + "}")));
    }

    @Test
    void generateByUrl() throws Exception {
        wm.stubFor(post(api("generate_ad_video")).willReturn(okJson(JOB)));
        GenerationConfig config =
                new GenerationConfig().setLanguage(Language.EN_US).setFormat(OutputFormat.SRT);

        client.generate(JobType.VIDEO, MediaInput.url("https://example.com/video.mp4", "video.mp4"), config, null);

        wm.verify(
                postRequestedFor(urlEqualTo(api("generate_ad_video")))
                        .withHeader("X-API-Key", equalTo(API_KEY))
                        .withRequestBody(
                                equalToJson(
                                        "{\"input\":{\"type\":\"url\",\"url\":\"https://example.com/video.mp4\","
                                                + "\"filename\":\"video.mp4\"},\"generation_config\":{\"language\":\"en-US\",\"format\":\"srt\"}}")));
    }

    @Test
    void generateWithoutConfigSendsNoGenerationConfig() throws Exception {
        wm.stubFor(post(api("generate_ad_text")).willReturn(okJson(JOB)));

        client.generate(JobType.TEXT, MediaInput.mediaId(MEDIA_ID), null, null);

        wm.verify(postRequestedFor(urlEqualTo(api("generate_ad_text")))
                .withRequestBody(equalToJson("{\"input\":{\"type\":\"media_id\",\"media_id\":\"" + MEDIA_ID + "\"}}")));
    }

    @Test
    void generateFromFileIsOneMultipartCallWithConfigPart() throws Exception {
        Path file = Files.write(dir.resolve("lecture.webm"), VIDEO);
        wm.stubFor(post(api("generate_ad_text")).willReturn(okJson(JOB)));

        JobRecord job = client.generate(
                JobType.TEXT,
                MediaInput.content(MediaContent.ofFile(file, null, null)),
                fullConfig(JobType.TEXT),
                null);

        assertThat(job.jobId()).isEqualTo("task_abc123xyz");
        wm.verify(
                1,
                postRequestedFor(urlEqualTo(api("generate_ad_text")))
                        .withHeader("X-API-Key", equalTo(API_KEY))
                        .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                        .withRequestBodyPart(aMultipart()
                                .withName("input")
                                .withBody(equalToJson("{\"type\":\"file\"}"))
                                .build())
                        .withRequestBodyPart(aMultipart()
                                .withName("generation_config")
                                .withBody(equalToJson(fullConfigJson(JobType.TEXT)))
                                .build())
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withHeader("Content-Disposition", containing("filename=\"lecture.webm\""))
                                .withHeader("Content-Type", equalTo("video/webm"))
                                .withBody(binaryEqualTo(VIDEO))
                                .build()));
        assertExactContentLength(single(api("generate_ad_text")));
    }

    @Test
    void invalidConfigIsRejectedBeforeAnyCall() {
        GenerationConfig extendedAudio = new GenerationConfig().setAdType(AdType.EXTENDED_AD);

        assertThatThrownBy(() -> client.generate(JobType.AUDIO, MediaInput.mediaId(MEDIA_ID), extendedAudio, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extended_ad");
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    // ---------------------------------------------------------------- get_results

    @Test
    void pendingResults() throws Exception {
        wm.stubFor(get(urlPathEqualTo(api("get_results")))
                .willReturn(okJson("{\"job_id\":\"task_abc123xyz\",\"status\":\"queued\"," + "\"media_id\":\""
                        + MEDIA_ID
                        + "\",\"created_at\":\"2025-09-30T08:00:00Z\",\"updated_at\":\"2025-09-30T08:00:00Z\"}")));

        JobResults results = client.getResults("task_abc123xyz");

        assertThat(results.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(results.isTerminal()).isFalse();
        assertThat(results.createdAt()).isEqualTo("2025-09-30T08:00:00Z");
        assertThat(results.output()).isNull();
        wm.verify(getRequestedFor(urlPathEqualTo(api("get_results")))
                .withHeader("X-API-Key", equalTo(API_KEY))
                .withQueryParam("job_id", equalTo("task_abc123xyz")));
    }

    @Test
    void doneV3ContentShape() throws Exception {
        stubResults("{\"job_id\":\"t1\",\"status\":\"done\",\"media_id\":\"m\","
                + "\"video_signed_url\":\"https://storage.googleapis.com/b/v.mp4?X-Goog-Signature=1\","
                + "\"audio_signed_url\":\"https://storage.googleapis.com/b/a.wav?X-Goog-Signature=2\","
                + "\"output\":{\"format\":\"vtt\",\"content\":\"WEBVTT\\n\\n00:00.500 --> 00:03.100\\nA woman.\\n\"}}");

        JobResults results = client.getResults("t1");

        assertThat(results.status()).isEqualTo(JobStatus.DONE);
        assertThat(results.output().format()).isEqualTo("vtt");
        assertThat(results.output().content()).startsWith("WEBVTT").contains("A woman.");
        assertThat(results.videoSignedUrl()).contains("v.mp4");
        assertThat(results.audioSignedUrl()).contains("a.wav");
        assertThat(results.toString()).doesNotContain("X-Goog-Signature");
    }

    @Test
    void doneV3SegmentsShape() throws Exception {
        stubResults("{\"job_id\":\"t1\",\"status\":\"done\",\"output\":{\"format\":\"json\","
                + "\"segments\":[{\"start\":0.5,\"end\":3.1,\"text\":\"A woman at a desk.\",\"speaker\":\"x\"}]}}");

        JobResults results = client.getResults("t1");

        assertThat(results.output().segments()).hasSize(1);
        assertThat(results.output().segments().get(0).start()).isEqualTo(0.5);
        assertThat(results.output().segments().get(0).end()).isEqualTo(3.1);
        assertThat(results.output().segments().get(0).text()).isEqualTo("A woman at a desk.");
    }

    @Test
    void doneOldVttItemsShape() throws Exception {
        stubResults(
                "{\"job_id\":\"t1\",\"status\":\"DONE\",\"result_url\":\"https://x/v.mp4\",\"output\":{\"language\":\"en-US\","
                        + "\"ad_type\":\"extended_ad\",\"items\":[{\"start\":0.5,\"end\":3.1,\"text\":\"A woman.\"}],\"vtt\":\"WEBVTT\\n\\n...\"}}");

        JobResults results = client.getResults("t1");

        assertThat(results.status()).isEqualTo(JobStatus.DONE);
        assertThat(results.videoSignedUrl()).isEqualTo("https://x/v.mp4");
        assertThat(results.output().content()).startsWith("WEBVTT");
        assertThat(results.output().segments()).extracting(s -> s.text()).containsExactly("A woman.");
        assertThat(results.output().language()).isEqualTo("en-US");
        assertThat(results.output().adType()).isEqualTo("extended_ad");
    }

    @Test
    void failedJobFields() throws Exception {
        stubResults("{\"job_id\":\"t9\",\"status\":\"failed\",\"media_id\":\"m\",\"error_code\":\"processing_failed\","
                + "\"error\":\"The video could not be decoded\"}");

        JobResults results = client.getResults("t9");

        assertThat(results.status()).isEqualTo(JobStatus.FAILED);
        assertThat(results.isTerminal()).isTrue();
        assertThat(results.errorCode()).isEqualTo("processing_failed");
        assertThat(results.errorMessage()).isEqualTo("The video could not be decoded");
        DescriberJobFailedException failure = DescriberJobFailedException.of(results);
        assertThat(failure.getJobId()).isEqualTo("t9");
        assertThat(failure.getErrorCode()).isEqualTo("processing_failed");
        assertThat(failure.getCode()).isEqualTo("processing_failed");
        assertThat(failure.getErrorMessage()).isEqualTo("The video could not be decoded");
        assertThat(failure.getStatus()).isZero();
        assertThat(failure).hasMessageContaining("t9").hasMessageContaining("could not be decoded");
    }

    @Test
    void failedJobWithCodeAndMessageAliases() throws Exception {
        stubResults(
                "{\"job_id\":\"t9\",\"status\":\"failed\",\"code\":\"no_speech\",\"error_message\":\"Nothing to describe\"}");

        JobResults results = client.getResults("t9");

        assertThat(results.errorCode()).isEqualTo("no_speech");
        assertThat(results.errorMessage()).isEqualTo("Nothing to describe");
    }

    @Test
    void unknownStatusReadsAsNullAndOther2xxIsAccepted() throws Exception {
        wm.stubFor(get(urlPathEqualTo(api("get_results")))
                .willReturn(aResponse()
                        .withStatus(203)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"job_id\":\"t1\",\"status\":\"paused\"}")));

        JobResults results = client.getResults("t1");

        assertThat(results.jobId()).isEqualTo("t1");
        assertThat(results.status()).isNull();
        assertThat(results.isTerminal()).isFalse();
    }

    @Test
    void unreadableSuccessAnswerOfAJobStartIsUncertainAndNotRepeated() {
        wm.stubFor(post(api("generate_ad_text"))
                .willReturn(aResponse().withStatus(200).withBody("<html>oops</html>")));

        assertThatThrownBy(() -> client.generate(JobType.TEXT, MediaInput.mediaId("m"), null, null))
                .isInstanceOfSatisfying(DescriberUncertainSubmissionException.class, e -> {
                    assertThat(e.mayExist()).isTrue();
                    assertThat(e.getMediaId()).isEqualTo("m");
                    assertThat(e.getOperation()).isEqualTo("generate_ad_text");
                    assertThat(e.getCause())
                            .isInstanceOfSatisfying(
                                    DescriberInvalidResponseException.class,
                                    cause -> assertThat(cause.getCode()).isEqualTo("invalid_response"));
                });
        wm.verify(1, postRequestedFor(urlEqualTo(api("generate_ad_text"))));
    }

    @Test
    void unreadableAnswerOfAPollIsTypedAndNoJobMayExist() {
        wm.stubFor(get(urlPathEqualTo(api("get_results")))
                .willReturn(aResponse().withStatus(200).withBody("<html>oops</html>")));

        assertThatThrownBy(() -> client.getResults("t1"))
                .isInstanceOfSatisfying(DescriberInvalidResponseException.class, e -> {
                    assertThat(e.mayExist()).isFalse();
                    assertThat(e.getStatus()).isEqualTo(200);
                });
    }

    @Test
    void signedUrlCallsCarryNoApiKey() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/bucket/out.wav"))
                .willReturn(aResponse().withStatus(200).withBody(new byte[] {1, 2, 3})));

        client.download(baseUrl() + "/bucket/out.wav?X-Goog-Signature=abc", dir.resolve("out.wav"), null);

        wm.verify(getRequestedFor(urlPathEqualTo("/bucket/out.wav")).withHeader("X-API-Key", absent()));
    }

    // ---------------------------------------------------------------- helpers

    private static void stubResults(String body) {
        wm.stubFor(get(urlPathEqualTo(api("get_results"))).willReturn(okJson(body)));
    }

    private static LoggedRequest single(String path) {
        List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    /** A declared length that is exact (not chunked) and matches the bytes that arrived. */
    private static void assertExactContentLength(LoggedRequest request) {
        assertThat(request.getHeader("Transfer-Encoding")).isNull();
        assertThat(Long.parseLong(request.getHeader("Content-Length"))).isEqualTo(request.getBody().length);
    }

    static GenerationConfig fullConfig(JobType type) {
        GenerationConfig c = new GenerationConfig()
                .setLanguage(Language.ES_ES)
                .setCategory(VideoCategory.EDUCATIONAL_LECTURE)
                .setFormat(OutputFormat.VTT)
                .setVoice("Achernar")
                .setCustomInstructions("Describe every slide")
                .setAutoFit(true)
                .setAllowDescriptionsOverMusic(false)
                .setCustomCaptions(
                        new CustomCaptions("WEBVTT\n\n00:01.000 --> 00:02.000\nHola", "vtt", "captions.vtt"));
        switch (type) {
            case TEXT -> c.setAdType(AdType.EXTENDED_AD).setReadAllOnscreenText(true);
            case AUDIO ->
                c.setAdType(AdType.STANDARD_AD)
                        .setVolumeOption(VolumeOption.MAX)
                        .setVolumeLevelDb(-5.0)
                        .setAudioTrackType(AudioTrackType.AD_ONLY)
                        .setDescriptionContent("00:01 A lecturer.");
            case VIDEO ->
                c.setAdType(AdType.EXTENDED_AD).setReadAllOnscreenText(true).setVolumeOption(VolumeOption.AUTO);
        }
        return c;
    }

    static String fullConfigJson(JobType type) {
        String common = "\"language\":\"es-ES\",\"video_category\":\"Educational Lecture\",\"format\":\"vtt\","
                + "\"voice\":\"Achernar\",\"custom_instructions\":\"Describe every slide\",\"auto_fit\":true,"
                + "\"allow_descriptions_over_music\":false,\"custom_captions\":{\"content\":"
                + "\"WEBVTT\\n\\n00:01.000 --> 00:02.000\\nHola\",\"format\":\"vtt\",\"filename\":\"captions.vtt\"}";
        return switch (type) {
            case TEXT -> "{" + common + ",\"ad_type\":\"extended_ad\",\"read_all_onscreen_text\":true}";
            case AUDIO ->
                "{" + common + ",\"ad_type\":\"standard_ad\",\"volume_option\":\"max\",\"volume_level_db\":-5.0,"
                        + "\"audio_track_type\":\"ad_only\",\"description_content\":\"00:01 A lecturer.\"}";
            case VIDEO ->
                "{" + common
                        + ",\"ad_type\":\"extended_ad\",\"read_all_onscreen_text\":true,\"volume_option\":\"auto\"}";
        };
    }
}
