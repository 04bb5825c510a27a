package io.describer.examples.sandbox;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.describer.examples.media.SampleMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** generate_ad_* for every input type and job type, the job lifecycle, and well-formed outputs timed to the video. */
class GenerateAndResultsTest extends SandboxTestSupport {

    private static final Pattern VTT_CUE =
            Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})");
    private static final Pattern SRT_CUE = Pattern.compile(
            "(\\d+)\\n(\\d{2}):(\\d{2}):(\\d{2}),(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2}),(\\d{3})\\n(.+)\\n");
    private static final Pattern EDL_EVENT = Pattern.compile(
            "(\\d{3})  AX       A     C        (\\d{2}:\\d{2}:\\d{2}:\\d{2}) (\\d{2}:\\d{2}:\\d{2}:\\d{2}) "
                    + "(\\d{2}:\\d{2}:\\d{2}:\\d{2}) (\\d{2}:\\d{2}:\\d{2}:\\d{2})");

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({
        "generate_ad_text,media_id", "generate_ad_text,url", "generate_ad_text,file",
        "generate_ad_audio,media_id", "generate_ad_audio,url", "generate_ad_audio,file",
        "generate_ad_video,media_id", "generate_ad_video,url", "generate_ad_video,file"
    })
    void everyEndpointFromEveryInputTypeFinishes(String endpoint, String inputType) throws IOException {
        String config = "{\"language\":\"en-US\",\"format\":\"vtt\",\"ad_type\":\"standard_ad\"}";
        Resp started;
        try (TestFileServer files = new TestFileServer(sample().getParent())) {
            switch (inputType) {
                case "media_id":
                    started = postJson(
                            endpoint,
                            "{\"input\":{\"type\":\"media_id\",\"media_id\":\"" + uploadSample()
                                    + "\"},\"generation_config\":" + config + "}");
                    break;
                case "url":
                    started = postJson(
                            endpoint,
                            "{\"input\":{\"type\":\"url\",\"url\":\"" + files.url("sample.mp4")
                                    + "\"},\"generation_config\":" + config + "}");
                    break;
                default:
                    started = postMultipart(
                            endpoint, Map.of("input", "{\"type\":\"file\"}", "generation_config", config), sample());
            }
        }
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.text("job_id")).matches("task_[a-z0-9]{20}");
        assertThat(started.text("status")).isEqualTo("queued");
        assertThat(started.text("media_id")).matches("[0-9a-f-]{36}");

        JsonNode done = awaitJob(started.text("job_id"));
        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(done.path("media_id").asText()).isEqualTo(started.text("media_id"));
        assertThat(done.path("output").path("format").asText()).isEqualTo("vtt");
        assertThat(done.path("output").path("content").asText()).startsWith("WEBVTT");
        assertThat(done.has("audio_signed_url")).isEqualTo(!endpoint.equals("generate_ad_text"));
        assertThat(done.has("video_signed_url")).isEqualTo(endpoint.equals("generate_ad_video"));
    }

    @Test
    void jobGoesQueuedProcessingDone() {
        sandbox.settings().queuedDelay(Duration.ofMillis(300)).processingDelay(Duration.ofMillis(300));
        String job = generate("generate_ad_text", uploadSample(), "{\"format\":\"json\"}");

        Resp queued = get("get_results?job_id=" + job);
        assertThat(queued.text("status")).isEqualTo("queued");
        assertThat(queued.json().has("output")).isFalse();
        assertThat(Instant.parse(queued.text("created_at"))).isNotNull();
        assertThat(queued.text("updated_at")).isEqualTo(queued.text("created_at"));

        List<String> seen = new ArrayList<>();
        JsonNode last = null;
        for (int i = 0;
                i < 200 && (last == null || !last.path("status").asText().equals("done"));
                i++) {
            last = get("get_results?job_id=" + job).json();
            String status = last.path("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            sleep(10);
        }
        assertThat(seen).containsExactly("queued", "processing", "done");
        assertThat(Instant.parse(last.path("updated_at").asText()))
                .isAfterOrEqualTo(Instant.parse(last.path("created_at").asText()));
    }

    @Test
    void vttIsValidAndTimedToTheVideo() {
        String job = generate(
                "generate_ad_text",
                uploadSample(),
                "{\"language\":\"fr-FR\",\"video_category\":\"Educational Lecture\",\"format\":\"vtt\"}");
        String vtt = awaitJob(job).path("output").path("content").asText();

        assertThat(vtt).startsWith("WEBVTT\n\n");
        List<double[]> cues = new ArrayList<>();
        Matcher m = VTT_CUE.matcher(vtt);
        while (m.find()) {
            cues.add(new double[] {seconds(m, 1), seconds(m, 5)});
        }
        assertThat(cues).hasSizeGreaterThanOrEqualTo(2);
        assertWithinAndOrdered(cues, SAMPLE_SECONDS);
        // every cue block is "timing line, text line, blank line"
        String[] blocks = vtt.substring("WEBVTT\n\n".length()).split("\n\n");
        assertThat(blocks).hasSize(cues.size());
        for (String block : blocks) {
            String[] lines = block.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).matches(VTT_CUE.pattern());
            assertThat(lines[1])
                    .startsWith("[Sandbox] A described scene")
                    .contains("fr-FR")
                    .contains("Educational Lecture")
                    .contains("extended_ad");
        }
    }

    @Test
    void srtIsNumberedWithCommaMillis() {
        String srt = awaitJob(generate("generate_ad_text", uploadSample(), "{\"format\":\"srt\"}"))
                .path("output")
                .path("content")
                .asText();

        Matcher m = SRT_CUE.matcher(srt);
        List<double[]> cues = new ArrayList<>();
        int expectedNumber = 1;
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(expectedNumber++);
            cues.add(new double[] {seconds(m, 2), seconds(m, 6)});
            assertThat(m.group(10)).startsWith("[Sandbox]");
        }
        assertThat(cues).hasSizeGreaterThanOrEqualTo(2);
        assertWithinAndOrdered(cues, SAMPLE_SECONDS);
        assertThat(srt.split("\n\n")).hasSize(cues.size());
    }

    @Test
    void jsonSegmentsHaveStartEndText() {
        JsonNode output = awaitJob(generate("generate_ad_text", uploadSample(), "{\"format\":\"json\"}"))
                .path("output");

        assertThat(output.path("format").asText()).isEqualTo("json");
        assertThat(output.has("content")).isFalse();
        List<double[]> cues = new ArrayList<>();
        for (JsonNode segment : output.path("segments")) {
            assertThat(segment.path("start").isNumber()).isTrue();
            assertThat(segment.path("text").asText()).startsWith("[Sandbox]");
            cues.add(new double[] {
                segment.path("start").asDouble(), segment.path("end").asDouble()
            });
        }
        assertThat(cues).hasSizeGreaterThanOrEqualTo(2);
        assertWithinAndOrdered(cues, SAMPLE_SECONDS);
    }

    @Test
    void edlIsCmx3600Style() {
        String edl = awaitJob(generate("generate_ad_video", uploadSample(), "{\"format\":\"edl\"}"))
                .path("output")
                .path("content")
                .asText();

        assertThat(edl).startsWith("TITLE: Sandbox audio description\nFCM: NON-DROP FRAME\n\n");
        Matcher m = EDL_EVENT.matcher(edl);
        int events = 0;
        while (m.find()) {
            events++;
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(events);
            assertThat(m.group(2)).isEqualTo(m.group(4)); // source in = record in
            assertThat(m.group(3)).isEqualTo(m.group(5));
            assertThat(m.group(3).compareTo(m.group(2))).isPositive();
            assertThat(m.group(3).compareTo("00:00:05:00")).isNotPositive();
            // 10 fps video: frame field stays below 10
            assertThat(Integer.parseInt(m.group(3).substring(9))).isLessThan(10);
        }
        assertThat(events).isGreaterThanOrEqualTo(2);
        assertThat(edl.split("\\* DESCRIPTION: \\[Sandbox\\]", -1)).hasSize(events + 1);
    }

    @Test
    void audioJobGivesAWavAsLongAsTheVideo() {
        JsonNode done = awaitJob(
                generate("generate_ad_audio", uploadSample(), "{\"format\":\"vtt\",\"audio_track_type\":\"ad_only\"}"));
        assertThat(done.has("video_signed_url")).isFalse();

        HttpResponse<byte[]> wav = download(done.path("audio_signed_url").asText());
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(wav.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(wav.headers().firstValueAsLong("Content-Length")).hasValue(wav.body().length);

        ByteBuffer h = ByteBuffer.wrap(wav.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ascii(wav.body(), 0)).isEqualTo("RIFF");
        assertThat(h.getInt(4)).isEqualTo(wav.body().length - 8);
        assertThat(ascii(wav.body(), 8)).isEqualTo("WAVE");
        assertThat(ascii(wav.body(), 12)).isEqualTo("fmt ");
        assertThat(h.getShort(20)).isEqualTo((short) 1); // PCM
        assertThat(h.getShort(22)).isEqualTo((short) 1); // mono
        int sampleRate = h.getInt(24);
        assertThat(h.getShort(34)).isEqualTo((short) 16);
        assertThat(ascii(wav.body(), 36)).isEqualTo("data");
        int dataLength = h.getInt(40);
        assertThat(dataLength).isEqualTo(wav.body().length - 44);
        assertThat(dataLength / 2.0 / sampleRate).isEqualTo(SAMPLE_SECONDS);
    }

    @Test
    void videoJobGivesAnMp4AndStandardAdAlsoAnAudioTrack() {
        JsonNode standard = awaitJob(generate("generate_ad_video", uploadSample(), "{\"ad_type\":\"standard_ad\"}"));
        JsonNode extended = awaitJob(generate("generate_ad_video", uploadSample(), "{\"ad_type\":\"extended_ad\"}"));

        assertThat(standard.has("audio_signed_url")).isTrue();
        assertThat(extended.has("audio_signed_url")).isFalse();
        HttpResponse<byte[]> mp4 = download(extended.path("video_signed_url").asText());
        assertThat(mp4.statusCode()).isEqualTo(200);
        assertThat(mp4.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(mp4.headers().firstValueAsLong("Content-Length")).hasValue(mp4.body().length);
        assertThat(ascii(mp4.body(), 4)).isEqualTo("ftyp");
    }

    @Test
    void webmSourceGetsARenderedMp4OfTheDefaultLength() throws IOException {
        // an EBML header is enough for the sandbox to call it Matroska/WebM video of unknown (default) length
        byte[] ebml = new byte[4096];
        ebml[0] = 0x1A;
        ebml[1] = 0x45;
        ebml[2] = (byte) 0xDF;
        ebml[3] = (byte) 0xA3;
        Path webm = java.nio.file.Files.write(tmp.resolve("clip.webm"), ebml);
        Resp started = postMultipart("generate_ad_video", Map.of("generation_config", "{\"format\":\"json\"}"), webm);
        JsonNode done = awaitJob(started.text("job_id"));

        JsonNode segments = done.path("output").path("segments");
        assertThat(segments.get(segments.size() - 1).path("end").asDouble()).isLessThanOrEqualTo(10.0);
        HttpResponse<byte[]> mp4 = download(done.path("video_signed_url").asText());
        assertThat(ascii(mp4.body(), 4)).isEqualTo("ftyp");
    }

    @Test
    void randomBytesEndInAFailedJob() throws IOException {
        Path junk = SampleMedia.writeRandom(tmp.resolve("junk.mp4"), 50_000, 7);
        Resp started = postMultipart("generate_ad_text", Map.of("input", "{\"type\":\"file\"}"), junk);
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        JsonNode failed = awaitJob(started.text("job_id"));
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error_code").asText()).isEqualTo("processing_failed");
        assertThat(failed.path("error").asText()).isNotBlank();
        assertThat(failed.has("output")).isFalse();
    }

    @Test
    void flatV2BodyIsAccepted() {
        Resp r = postJson("generate_ad_video", map("media_id", uploadSample(), "language", "de-DE"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(awaitJob(r.text("job_id")).path("output").path("content").asText())
                .contains("de-DE");
    }

    @Test
    void defaultsAreVttEnglishAuto() {
        JsonNode output =
                awaitJob(generate("generate_ad_text", uploadSample(), "{}")).path("output");
        assertThat(output.path("format").asText()).isEqualTo("vtt");
        assertThat(output.path("content").asText()).contains("en-US, Auto, extended_ad");
    }

    private static void assertWithinAndOrdered(List<double[]> cues, double duration) {
        double previousEnd = 0;
        for (double[] cue : cues) {
            assertThat(cue[0]).isGreaterThanOrEqualTo(previousEnd);
            assertThat(cue[1]).isGreaterThan(cue[0]);
            assertThat(cue[1]).isLessThanOrEqualTo(duration);
            previousEnd = cue[1];
        }
    }

    private static double seconds(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 3600
                + Integer.parseInt(m.group(group + 1)) * 60
                + Integer.parseInt(m.group(group + 2))
                + Integer.parseInt(m.group(group + 3)) / 1000.0;
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }
}
