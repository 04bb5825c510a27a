package io.describer.examples.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the demo's own timers (1 s queued, 3 s processing, 2 s verification, 15 min URLs) and a hand-moved clock: every
 * state is derived from timestamps, so no test has to sleep through them. Also many jobs at once.
 */
class ClockDrivenTest extends SandboxTestSupport {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Override
    SandboxSettings settings() {
        return new SandboxSettings().clock(clock).rateLimit(0);
    }

    @Test
    void jobStatusFollowsTheClock() {
        String job = generate("generate_ad_video", uploadSample(), "{\"format\":\"srt\"}");

        assertThat(status(job).path("status").asText()).isEqualTo("queued");
        clock.advance(Duration.ofMillis(999));
        assertThat(status(job).path("status").asText()).isEqualTo("queued");
        clock.advance(Duration.ofMillis(1));
        JsonNode processing = status(job);
        assertThat(processing.path("status").asText()).isEqualTo("processing");
        assertThat(processing.path("updated_at").asText()).isEqualTo("2026-01-01T10:00:01Z");
        clock.advance(Duration.ofSeconds(3));
        JsonNode done = status(job);
        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(done.path("created_at").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(done.path("updated_at").asText()).isEqualTo("2026-01-01T10:00:04Z");

        String url = done.path("video_signed_url").asText();
        assertThat(download(url).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(15).plusMillis(1));
        assertThat(download(url).statusCode()).isEqualTo(403);
        assertThat(download(status(job).path("video_signed_url").asText()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void verificationDelayFollowsTheClock() {
        Resp created = postJson(
                "upload_media",
                map("input", map("type", "signed_url", "filename", "v.mp4", "content_type", "video/mp4")));
        send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(created.text("upload_url")))
                .header("Content-Type", "video/mp4")
                .PUT(ofFile(sample())));
        String query =
                "get_upload_status?media_id=" + created.text("media_id") + "&gcs_path=" + created.text("gcs_path");
        postJson(
                "notify_upload_complete",
                map("media_id", created.text("media_id"), "gcs_path", created.text("gcs_path")));

        clock.advance(Duration.ofMillis(1999));
        assertThat(get(query).text("upload_status")).isEqualTo("processing");
        clock.advance(Duration.ofMillis(1));
        assertThat(get(query).text("upload_status")).isEqualTo("completed");
    }

    @Test
    void manyConcurrentJobsAreIndependent() {
        String media = uploadSample();
        List<CompletableFuture<Resp>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String endpoint = List.of("generate_ad_text", "generate_ad_audio", "generate_ad_video")
                    .get(i % 3);
            calls.add(CompletableFuture.supplyAsync(() -> postJson(
                    endpoint,
                    map(
                            "input",
                            map("type", "media_id", "media_id", media),
                            "generation_config",
                            map("format", "json")))));
        }
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (CompletableFuture<Resp> call : calls) {
            Resp r = call.join();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            ids.add(r.text("job_id"));
        }
        assertThat(ids).hasSize(24);

        clock.advance(Duration.ofSeconds(4));
        List<CompletableFuture<JsonNode>> polls = new ArrayList<>();
        for (String id : ids) {
            polls.add(CompletableFuture.supplyAsync(() -> status(id)));
        }
        for (CompletableFuture<JsonNode> poll : polls) {
            JsonNode done = poll.join();
            assertThat(done.path("status").asText()).isEqualTo("done");
            assertThat(done.path("output").path("segments").size()).isGreaterThanOrEqualTo(2);
        }
    }

    private JsonNode status(String job) {
        Resp r = get("get_results?job_id=" + job);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static java.net.http.HttpRequest.BodyPublisher ofFile(java.nio.file.Path file) {
        try {
            return java.net.http.HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
