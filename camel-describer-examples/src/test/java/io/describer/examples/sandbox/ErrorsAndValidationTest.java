package io.describer.examples.sandbox;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Request-time errors of API.md §7: 401, 400 per generation_config field, 403 plan gating, 404, 405, 429 queue. */
class ErrorsAndValidationTest extends SandboxTestSupport {

    @Test
    void missingOrWrongKeyIs401WithTheDocumentedBody() {
        for (String badKey : new String[] {null, "vsk_wrong", ""}) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(api("get_results?job_id=task_x")).GET();
            if (badKey != null) {
                request.header("X-API-Key", badKey);
            }
            Resp r = send(request);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json())
                    .isEqualTo(MAPPER.createObjectNode()
                            .put("error", "unauthorized")
                            .put("message", "Invalid or missing API key"));
        }
    }

    @Test
    void anyVskKeyCanBeAccepted() {
        key = "vsk_abc123def456";
        assertThat(get("get_results?job_id=task_x").status()).isEqualTo(401);
        sandbox.settings().acceptAnyVskKey(true);
        assertThat(get("get_results?job_id=task_x").status()).isEqualTo(404);
        key = "sk_abc";
        assertThat(get("get_results?job_id=task_x").status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"language\":\"xx-XX\"}|generation_config.language",
                "{\"language\":\"en-us\"}|generation_config.language",
                "{\"video_category\":\"news\"}|generation_config.video_category",
                "{\"format\":\"txt\"}|generation_config.format",
                "{\"ad_type\":\"long_ad\"}|generation_config.ad_type",
                "{\"volume_option\":\"loud\"}|generation_config.volume_option",
                "{\"volume_level_db\":3}|generation_config.volume_level_db",
                "{\"volume_level_db\":\"-5\"}|generation_config.volume_level_db",
                "{\"audio_track_type\":\"stereo\"}|generation_config.audio_track_type",
                "{\"auto_fit\":\"yes\"}|generation_config.auto_fit",
                "{\"custom_captions\":\"WEBVTT\"}|generation_config.custom_captions",
                "{\"voice\":\"\"}|generation_config.voice",
                "[1,2]|generation_config"
            })
    void invalidGenerationConfigIs400NamingTheField(String config, String field) {
        Resp r = postJson(
                "generate_ad_video",
                "{\"input\":{\"type\":\"media_id\",\"media_id\":\"" + uploadSample() + "\"},\"generation_config\":"
                        + config + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.text("error")).isEqualTo("bad_request");
        assertThat(r.text("field")).isEqualTo(field);
        assertThat(r.text("message")).contains(field);
    }

    @Test
    void everyDocumentedValueIsAccepted() {
        String media = uploadSample();
        for (String language : Vocabulary.LANGUAGES) {
            assertThat(postJson(
                                    "generate_ad_text",
                                    map(
                                            "input",
                                            map("type", "media_id", "media_id", media),
                                            "generation_config",
                                            map("language", language)))
                            .status())
                    .as(language)
                    .isEqualTo(200);
        }
        for (String category : Vocabulary.CATEGORIES) {
            assertThat(postJson(
                                    "generate_ad_text",
                                    map(
                                            "input",
                                            map("type", "media_id", "media_id", media),
                                            "generation_config",
                                            map("video_category", category)))
                            .status())
                    .as(category)
                    .isEqualTo(200);
        }
        assertThat(Vocabulary.LANGUAGES).hasSize(52).contains("cmn-CN", "ar-XA", "nb-NO", "he-IL", "pa-IN");
        assertThat(Vocabulary.CATEGORIES).hasSize(14).contains("Tutorial/How-To", "Commercial/Advertisement");
        Resp full = postJson(
                "generate_ad_audio",
                map(
                        "input",
                        map("type", "media_id", "media_id", media),
                        "generation_config",
                        map(
                                "language",
                                "es-ES",
                                "format",
                                "srt",
                                "ad_type",
                                "standard_ad",
                                "video_category",
                                "News",
                                "voice",
                                "Achernar",
                                "custom_instructions",
                                "Be brief",
                                "auto_fit",
                                true,
                                "allow_descriptions_over_music",
                                false,
                                "volume_option",
                                "max",
                                "volume_level_db",
                                -5,
                                "audio_track_type",
                                "ad_only",
                                "custom_captions",
                                map("content", "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"))));
        assertThat(full.status()).as(full.body()).isEqualTo(200);
    }

    @Test
    void audioWithExtendedAdIs400() {
        Resp r = postJson(
                "generate_ad_audio",
                map(
                        "input",
                        map("type", "media_id", "media_id", uploadSample()),
                        "generation_config",
                        map("ad_type", "extended_ad")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("field")).isEqualTo("generation_config.ad_type");
        assertThat(r.text("message")).contains("Standard AD only");
    }

    @Test
    void configIsCheckedBeforeTheMultipartFileIsKept() {
        Resp r = postMultipart(
                "generate_ad_text", java.util.Map.of("generation_config", "{\"language\":\"klingon\"}"), sample());
        assertThat(r.status()).isEqualTo(400);
        Resp malformed = postMultipart("generate_ad_text", java.util.Map.of("generation_config", "{oops"), sample());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("message")).contains("generation_config");
    }

    @Test
    void badInputsAre400() {
        assertThat(postJson("generate_ad_text", "{}").text("field")).isEqualTo("input");
        assertThat(postJson("generate_ad_text", map("input", map("type", "media_id")))
                        .text("field"))
                .isEqualTo("input.media_id");
        assertThat(postJson("generate_ad_text", map("input", map("type", "url")))
                        .text("field"))
                .isEqualTo("input.url");
        assertThat(postJson("generate_ad_text", map("input", map("type", "file")))
                        .status())
                .isEqualTo(400);
        assertThat(postJson("generate_ad_text", map("input", map("type", "s3"))).text("field"))
                .isEqualTo("input.type");
        assertThat(postJson("generate_ad_text", "[").status()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(api("generate_ad_text"))
                                .header("X-API-Key", key)
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("hi")))
                        .status())
                .isEqualTo(400);
        assertThat(get("get_results").text("field")).isEqualTo("job_id");
        assertThat(get("get_upload_status").text("field")).isEqualTo("media_id");
    }

    @Test
    void unknownThingsAre404() {
        Resp media = postJson(
                "generate_ad_text",
                map("input", map("type", "media_id", "media_id", "550e8400-e29b-41d4-a716-446655440000")));
        assertThat(media.status()).isEqualTo(404);
        assertThat(media.text("error")).isEqualTo("not_found");
        assertThat(get("get_results?job_id=task_nope").status()).isEqualTo(404);
        assertThat(get("get_upload_status?media_id=nope").status()).isEqualTo(404);
        assertThat(get("generate_ad_podcast").status()).isEqualTo(404);
    }

    @Test
    void wrongMethodIs405() {
        Resp r = get("generate_ad_text");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void deniedPlanFeaturesAre403FeatureNotAvailable() {
        String media = uploadSample();
        sandbox.settings().denyFeature("allow_api_ad_video_generation").denyFeature("allow_custom_instructions");

        Resp video = postJson("generate_ad_video", map("input", map("type", "media_id", "media_id", media)));
        assertThat(video.status()).isEqualTo(403);
        assertThat(video.text("error")).isEqualTo("feature_not_available");
        assertThat(video.text("feature")).isEqualTo("allow_api_ad_video_generation");
        assertThat(video.text("plan_name")).isEqualTo("Sandbox");
        assertThat(video.text("upgrade_url")).isEqualTo("/billing/upgrade");

        Resp instructions = postJson(
                "generate_ad_text",
                map(
                        "input",
                        map("type", "media_id", "media_id", media),
                        "generation_config",
                        map("custom_instructions", "Mention colours")));
        assertThat(instructions.text("feature")).isEqualTo("allow_custom_instructions");
        assertThat(postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", media)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void tooManyQueuedJobsIs429QueueLimit() {
        sandbox.settings().queuedDelay(java.time.Duration.ofSeconds(30)).maxQueuedJobs(2);
        String media = uploadSample();
        generate("generate_ad_text", media, "{}");
        generate("generate_ad_text", media, "{}");

        Resp third = postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", media)));
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.text("error")).isEqualTo("queue_limit_exceeded");
        assertThat(third.text("message")).contains("2 jobs queued");
    }
}
