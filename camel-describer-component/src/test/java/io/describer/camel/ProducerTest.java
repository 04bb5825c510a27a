package io.describer.camel;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.MediaRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routes in Java DSL drive every producer operation against a stand-in of the API. */
class ProducerTest extends CamelTestSupport {

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    @BeforeEach
    void stubs() {
        api.resetAll();
        // bodies are uploaded first; the job then starts by media id
        api.stubFor(post("/enterprise/api/upload_media")
                .willReturn(okJson("{\"media_id\":\"m-up\",\"status\":\"created\"}")));
        api.stubFor(post("/enterprise/api/generate_ad_text").willReturn(WireMockSupport.newJob("m-1")));
        api.stubFor(post("/enterprise/api/generate_ad_video")
                .willReturn(okJson("{\"job_id\":\"task_v1\",\"status\":\"queued\",\"media_id\":\"m-2\",\"extra\":1}")));
        api.stubFor(post("/enterprise/api/generate_ad_audio")
                .willReturn(okJson("{\"job_id\":\"task_a1\",\"status\":\"queued\",\"media_id\":\"m-3\"}")));
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        WireMockSupport.useJobStore(context, tmp);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        String common = "apiKey=" + WireMockSupport.API_KEY + "&baseUrl=" + WireMockSupport.baseUrl(api)
                + "&maxRetries=0" + "&spoolDirectory=" + tmp.resolve("spool");
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:text").to("describer:text?" + common + "&language=es-ES&category=news&format=vtt");
                from("direct:video")
                        .to("describer:video?" + common + "&adType=standard_ad&voice=Kore&volumeOption=max"
                                + "&volumeLevelDb=-5&autoFit=true");
                from("direct:audio").to("describer:audio?" + common + "&audioTrackType=ad_only&format=json");
                from("direct:upload").to("describer:upload?" + common);
                from("direct:results").to("describer:results?" + common);
            }
        };
    }

    private File video(String name, int size) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, new byte[size]);
        return p.toFile();
    }

    @Test
    void fileBodyIsUploadedFirstThenTheJobStartsByMediaId() throws Exception {
        Exchange out = template.request("direct:text", e -> {
            e.getIn().setBody(video("lecture.mp4", 2048));
        });
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getHeader(DescriberConstants.JOB_ID, String.class))
                .startsWith("task_");
        assertThat(out.getMessage().getHeader(DescriberConstants.MEDIA_ID)).isEqualTo("m-1");
        assertThat(out.getMessage().getHeader(DescriberConstants.JOB_STATUS)).isEqualTo(JobStatus.QUEUED);
        assertThat(out.getMessage().getBody(JobRecord.class).jobId())
                .isEqualTo(out.getMessage().getHeader(DescriberConstants.JOB_ID));
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/upload_media"))
                        .withHeader("X-API-Key", equalTo(WireMockSupport.API_KEY))
                        .withHeader("Content-Type", containing("multipart/form-data"))
                        .withRequestBodyPart(aMultipart()
                                .withName("input")
                                .withBody(equalToJson("{\"type\":\"file\"}"))
                                .build())
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withHeader("Content-Disposition", containing("lecture.mp4"))
                                .build()));
        // the call that bills is small: no media bytes, so a refused one is repeated without re-sending them
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                        .withHeader("Content-Type", containing("application/json"))
                        .withRequestBody(equalToJson("{\"input\":{\"type\":\"media_id\",\"media_id\":\"m-up\"},"
                                + "\"generation_config\":{\"language\":\"es-ES\",\"video_category\":\"News\","
                                + "\"format\":\"vtt\"}}")));
    }

    @Test
    void streamWithoutIdentityIsKeyedByItsContent() {
        byte[] bytes = new byte[5000];
        bytes[17] = 42;
        for (int i = 0; i < 2; i++) {
            Exchange out = template.request(
                    "direct:text",
                    e -> e.getIn().setBody(new java.io.BufferedInputStream(new ByteArrayInputStream(bytes))));
            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getHeader(DescriberConstants.DUPLICATE)).isEqualTo(i == 1);
        }
        api.verify(1, postRequestedFor(urlPathEqualTo("/enterprise/api/upload_media")));
        api.verify(1, postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text")));
        // other bytes are another source
        bytes[17] = 43;
        template.sendBody("direct:text", new java.io.BufferedInputStream(new ByteArrayInputStream(bytes)));
        api.verify(2, postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text")));
        assertThat(tmp.resolve("spool").toFile().list())
                .as("spooled copies are deleted")
                .isNullOrEmpty();
    }

    @Test
    void mediaIdHeaderStartsAJobWithoutUpload() {
        template.sendBodyAndHeader(
                "direct:video", null, DescriberConstants.MEDIA_ID, "550e8400-e29b-41d4-a716-446655440000");
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_video"))
                        .withHeader("Content-Type", containing("application/json"))
                        .withRequestBody(equalToJson(
                                "{\"input\":{\"type\":\"media_id\",\"media_id\":\"550e8400-e29b-41d4-a716-446655440000\"},"
                                        + "\"generation_config\":{\"format\":\"vtt\",\"ad_type\":\"standard_ad\",\"voice\":\"Kore\","
                                        + "\"volume_option\":\"max\",\"volume_level_db\":-5.0,\"auto_fit\":true}}")));
    }

    @Test
    void sourceUrlHeaderLetsTheServiceFetchTheMedia() {
        template.sendBodyAndHeaders(
                "direct:text",
                "ignored",
                Map.of(DescriberConstants.SOURCE_URL, "https://bucket.example/v.mp4?X-Amz-Signature=abc"));
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                        .withRequestBody(matchingJsonPath("$.input.type", equalTo("url")))
                        .withRequestBody(matchingJsonPath(
                                "$.input.url", equalTo("https://bucket.example/v.mp4?X-Amz-Signature=abc"))));
    }

    @Test
    void mediaIdWinsOverSourceUrlWhichWinsOverBody() throws Exception {
        template.sendBodyAndHeaders(
                "direct:text",
                video("a.mp4", 10),
                Map.of(DescriberConstants.SOURCE_URL, "https://x/v.mp4", DescriberConstants.MEDIA_ID, "m-9"));
        api.verify(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withRequestBody(matchingJsonPath("$.input.media_id", equalTo("m-9"))));
        api.resetRequests();
        template.sendBodyAndHeaders(
                "direct:text", video("b.mp4", 10), Map.of(DescriberConstants.SOURCE_URL, "https://x/v.mp4"));
        api.verify(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withRequestBody(matchingJsonPath("$.input.url", equalTo("https://x/v.mp4"))));
    }

    @Test
    void inputStreamWithKnownLengthIsStreamed() {
        byte[] bytes = new byte[4096];
        template.sendBodyAndHeaders(
                "direct:audio",
                new ByteArrayInputStream(bytes) {
                    // hides its own size: the length must come from the header
                    @Override
                    public synchronized int available() {
                        return 0;
                    }
                },
                Map.of("CamelAwsS3ContentLength", 4096L, "CamelAwsS3Key", "in/clip.mp4"));
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/upload_media"))
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withHeader("Content-Disposition", containing("clip.mp4"))
                                .withBody(WireMock.binaryEqualTo(bytes))
                                .build()));
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_audio"))
                        .withRequestBody(matchingJsonPath("$.input.media_id", equalTo("m-up")))
                        .withRequestBody(matchingJsonPath("$.generation_config.audio_track_type", equalTo("ad_only"))));
    }

    @Test
    void inputStreamOfUnknownLengthIsRejectedBeforeAnyCall() {
        // straight to the endpoint: a route's stream caching would have measured the stream already
        // without dedupe: with it, a stream without identity is spooled to be hashed, which also measures it
        String uri = "describer:audio?dedupe=false&apiKey=" + WireMockSupport.API_KEY + "&baseUrl="
                + WireMockSupport.baseUrl(api);
        assertThatThrownBy(() ->
                        template.sendBody(uri, new java.io.BufferedInputStream(new ByteArrayInputStream(new byte[10]))))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessageContaining("unknown length")
                .hasMessageContaining("CamelFileLength");
        api.verify(0, postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_audio")));
    }

    @Test
    void streamCachedBodyIsSentWithItsCachedLength() {
        template.sendBody("direct:text", new java.io.BufferedInputStream(new ByteArrayInputStream(new byte[777])));
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/upload_media"))
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withBody(WireMock.binaryEqualTo(new byte[777]))
                                .build()));
    }

    @Test
    void byteArrayAndPathBodiesAreSent() throws Exception {
        template.sendBodyAndHeader(
                "direct:text", new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'}, Exchange.FILE_NAME, "dir/s.mp4");
        template.sendBody("direct:text", video("p.mp4", 100).toPath());
        api.verify(
                2,
                postRequestedFor(urlPathEqualTo("/enterprise/api/upload_media"))
                        .withRequestBodyPart(aMultipart().withName("file").build()));
        api.verify(2, postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text")));
    }

    @Test
    void remoteFileBodyIsStreamedWithTheConsumersLength() {
        // what an ftp/sftp consumer with streamDownload=true hands over: a wrapped remote file, not a java.io.File
        byte[] content = new byte[3000];
        org.apache.camel.WrappedFile<Object> remote = new org.apache.camel.WrappedFile<>() {
            @Override
            public Object getFile() {
                return "remote:/inbox/clip.mp4";
            }

            @Override
            public Object getBody() {
                return new ByteArrayInputStream(content);
            }

            @Override
            public long getFileLength() {
                return content.length;
            }
        };
        template.sendBodyAndHeaders(
                "describer:text?apiKey=" + WireMockSupport.API_KEY + "&baseUrl=" + WireMockSupport.baseUrl(api),
                remote,
                Map.of(Exchange.FILE_NAME, "inbox/clip.mp4"));
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/upload_media"))
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withHeader("Content-Disposition", containing("clip.mp4"))
                                .withBody(WireMock.binaryEqualTo(content))
                                .build()));
    }

    @Test
    void unsupportedBodyNamesTheAcceptedTypes() {
        assertThatThrownBy(() -> template.sendBody("direct:text", 42))
                .rootCause()
                .hasMessageContaining("java.lang.Integer")
                .hasMessageContaining("File, Path, GenericFile");
    }

    @Test
    void headersOverrideEndpointOptionsPerMessage() {
        template.sendBodyAndHeaders(
                "direct:text",
                null,
                Map.of(
                        DescriberConstants.MEDIA_ID,
                        "m-1",
                        DescriberConstants.LANGUAGE,
                        "fr-FR",
                        DescriberConstants.CATEGORY,
                        "educational-kids",
                        DescriberConstants.FORMAT,
                        "srt",
                        DescriberConstants.CUSTOM_INSTRUCTIONS,
                        "Keep it short",
                        DescriberConstants.CUSTOM_CAPTIONS,
                        "WEBVTT\n\n00:00.000 --> 00:01.000\nHello"));
        api.verify(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withRequestBody(matchingJsonPath("$.generation_config.language", equalTo("fr-FR")))
                .withRequestBody(matchingJsonPath("$.generation_config.video_category", equalTo("Educational Kids")))
                .withRequestBody(matchingJsonPath("$.generation_config.format", equalTo("srt")))
                .withRequestBody(matchingJsonPath("$.generation_config.custom_instructions", equalTo("Keep it short")))
                .withRequestBody(matchingJsonPath("$.generation_config.custom_captions.format", equalTo("vtt")))
                .withRequestBody(matchingJsonPath("$.generation_config.custom_captions.content", containing("Hello"))));
    }

    @Test
    void endpointCaptionsResourceIsReadAndSentWithItsFormat() {
        template.sendBodyAndHeader(
                "describer:text?apiKey=" + WireMockSupport.API_KEY + "&baseUrl=" + WireMockSupport.baseUrl(api)
                        + "&customCaptions=classpath:captions/talk.srt",
                null,
                DescriberConstants.MEDIA_ID,
                "m-1");
        api.verify(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withRequestBody(matchingJsonPath(
                        "$.generation_config.custom_captions.content", containing("Hello from an SRT file")))
                .withRequestBody(matchingJsonPath("$.generation_config.custom_captions.format", equalTo("srt")))
                .withRequestBody(
                        matchingJsonPath("$.generation_config.custom_captions.filename", equalTo("talk.srt"))));
    }

    @Test
    void captionsHeaderIsTextNeverAFileToRead() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "do not send me");
        template.sendBodyAndHeaders(
                "direct:text",
                null,
                Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.CUSTOM_CAPTIONS, "file:" + secret));
        api.verify(postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text"))
                .withRequestBody(
                        matchingJsonPath("$.generation_config.custom_captions.content", equalTo("file:" + secret))));
    }

    @Test
    void badHeaderValueFailsTheMessageBeforeAnyCall() {
        assertThatThrownBy(() -> template.sendBodyAndHeaders(
                        "direct:text",
                        null,
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.LANGUAGE, "xx-YY")))
                .rootCause()
                .hasMessageContaining("CamelDescriberLanguage")
                .hasMessageContaining("'xx-YY'")
                .hasMessageContaining("en-US");
        assertThatThrownBy(() -> template.sendBodyAndHeaders(
                        "direct:video",
                        null,
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.VOLUME_LEVEL_DB, -40)))
                .rootCause()
                .hasMessageContaining("volumeLevelDb=-40.0");
        assertThatThrownBy(() -> template.sendBodyAndHeaders(
                        "direct:text",
                        null,
                        Map.of(
                                DescriberConstants.MEDIA_ID,
                                "m-1",
                                DescriberConstants.OPERATION,
                                "audio",
                                DescriberConstants.AD_TYPE,
                                "extended_ad")))
                .rootCause()
                .hasMessageContaining("extended_ad")
                .hasMessageContaining("audio");
        api.verify(0, postRequestedFor(WireMock.anyUrl()));
    }

    @Test
    void booleanAndNumberHeadersGivenAsTextAreReadOrRefusedNeverIgnored() {
        // text from an HTTP query or a properties file: padded, or not a boolean at all
        template.sendBodyAndHeaders(
                "direct:video",
                null,
                Map.of(
                        DescriberConstants.MEDIA_ID,
                        "m-1",
                        DescriberConstants.AUTO_FIT,
                        " false ",
                        DescriberConstants.VOLUME_LEVEL_DB,
                        " -3.5 "));
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_video"))
                        .withRequestBody(matchingJsonPath("$.generation_config.auto_fit", equalTo("false")))
                        .withRequestBody(matchingJsonPath("$.generation_config.volume_level_db", equalTo("-3.5"))));
        api.resetRequests();
        assertThatThrownBy(() -> template.sendBodyAndHeaders(
                        "direct:text",
                        null,
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.READ_ALL_ONSCREEN_TEXT, "yes")))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(DescriberConstants.READ_ALL_ONSCREEN_TEXT)
                .hasMessageContaining("'yes'")
                .hasMessageContaining("true, false");
        assertThatThrownBy(() -> template.sendBodyAndHeaders(
                        "direct:video",
                        null,
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.VOLUME_LEVEL_DB, "loud")))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(DescriberConstants.VOLUME_LEVEL_DB)
                .hasMessageContaining("'loud'");
        assertThatThrownBy(() -> template.sendBodyAndHeaders(
                        "direct:video",
                        null,
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.VOLUME_LEVEL_DB, "NaN")))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("volumeLevelDb=NaN");
        api.verify(0, postRequestedFor(WireMock.anyUrl()));
    }

    @Test
    void chainedDescriberStepsKeepTheirOwnOperations() {
        context.getRouteController();
        template.sendBodyAndHeader(
                "describer:video?apiKey=" + WireMockSupport.API_KEY + "&baseUrl=" + WireMockSupport.baseUrl(api),
                null,
                DescriberConstants.MEDIA_ID,
                "m-1");
        Exchange out = template.request("direct:text", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-1"));
        assertThat(out.getMessage().getHeader(DescriberConstants.OPERATION)).isNull();
        api.verify(1, postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text")));
    }

    @Test
    void operationHeaderOverridesTheEndpoint() {
        template.sendBodyAndHeaders(
                "direct:text", null, Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.OPERATION, "video"));
        api.verify(1, postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_video")));
        api.verify(0, postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_text")));
    }

    @Test
    void uploadReturnsTheMediaRecord() throws Exception {
        api.stubFor(post("/enterprise/api/upload_media")
                .willReturn(okJson(
                        "{\"media_id\":\"m-77\",\"status\":\"created\",\"duration_seconds\":45.5,\"frame_rate\":30}")));
        Exchange out = template.request("direct:upload", e -> e.getIn().setBody(video("up.mp4", 1000)));
        assertThat(out.getMessage().getHeader(DescriberConstants.MEDIA_ID)).isEqualTo("m-77");
        assertThat(out.getMessage().getHeader(DescriberConstants.MEDIA_DURATION))
                .isEqualTo(45.5);
        assertThat(out.getMessage().getHeader(DescriberConstants.FRAME_RATE)).isEqualTo(30.0);
        assertThat(out.getMessage().getBody(MediaRecord.class).status()).isEqualTo("created");
        api.verify(
                1,
                postRequestedFor(urlPathEqualTo("/enterprise/api/upload_media"))
                        .withRequestBodyPart(aMultipart()
                                .withName("input")
                                .withBody(equalToJson("{\"type\":\"file\"}"))
                                .build())
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withHeader("Content-Disposition", containing("up.mp4"))
                                .build()));
    }

    @Test
    void uploadBySourceUrl() {
        api.stubFor(post("/enterprise/api/upload_media")
                .willReturn(okJson("{\"media_id\":\"m-78\",\"status\":\"existing\"}")));
        String id = template.requestBodyAndHeader(
                        "direct:upload", null, DescriberConstants.SOURCE_URL, "https://x/y.mp4", MediaRecord.class)
                .mediaId();
        assertThat(id).isEqualTo("m-78");
        api.verify(postRequestedFor(urlPathEqualTo("/enterprise/api/upload_media"))
                .withRequestBody(matchingJsonPath("$.input.type", equalTo("url")))
                .withRequestBody(matchingJsonPath("$.input.url", equalTo("https://x/y.mp4"))));
    }

    @Test
    void resultsReadsOneJob() {
        api.stubFor(
                get(urlPathEqualTo("/enterprise/api/get_results"))
                        .willReturn(
                                okJson(
                                        "{\"job_id\":\"task_t1\",\"status\":\"done\",\"media_id\":\"m-1\",\"output\":{\"format\":\"vtt\",\"content\":\"WEBVTT\\n\\n00:00.500 --> 00:03.100\\nA desk.\"}}")));
        Exchange out =
                template.request("direct:results", e -> e.getIn().setHeader(DescriberConstants.JOB_ID, "task_t1"));
        JobResults results = out.getMessage().getBody(JobResults.class);
        assertThat(results.status()).isEqualTo(JobStatus.DONE);
        assertThat(results.output().content()).startsWith("WEBVTT");
        assertThat(out.getMessage().getHeader(DescriberConstants.JOB_STATUS)).isEqualTo(JobStatus.DONE);
        assertThat(out.getMessage().getHeader(DescriberConstants.FORMAT)).isEqualTo("vtt");
        api.verify(getRequestedFor(urlPathEqualTo("/enterprise/api/get_results"))
                .withQueryParam("job_id", equalTo("task_t1"))
                .withHeader("X-API-Key", equalTo(WireMockSupport.API_KEY)));
    }

    @Test
    void resultsWithoutJobIdIsAClearError() {
        assertThatThrownBy(() -> template.sendBody("direct:results", null))
                .rootCause()
                .hasMessageContaining(DescriberConstants.JOB_ID);
    }

    @Test
    void apiErrorsReachTheRoute() {
        api.stubFor(
                post("/enterprise/api/generate_ad_video")
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":\"video_too_long\",\"message\":\"The submitted video exceeds the maximum duration\"}")));
        assertThatThrownBy(() -> template.sendBodyAndHeader("direct:video", null, DescriberConstants.MEDIA_ID, "m-1"))
                .rootCause()
                .isInstanceOf(io.describer.camel.client.DescriberForbiddenException.class)
                .hasMessageContaining("video_too_long");
    }
}
