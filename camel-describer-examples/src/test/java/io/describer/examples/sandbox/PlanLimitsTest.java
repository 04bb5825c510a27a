package io.describer.examples.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan's limits of API.md §8: a queue limit over queued + processing jobs, a concurrency limit that processes N
 * jobs at once while the rest wait queued (first come, first served), and 429 {@code concurrency_limit_exceeded} for
 * job starts validated at once. Driven by a hand-moved clock.
 */
class PlanLimitsTest extends SandboxTestSupport {

    private final ClockDrivenTest.ManualClock clock = new ClockDrivenTest.ManualClock();

    @Override
    SandboxSettings settings() {
        return new SandboxSettings()
                .clock(clock)
                .rateLimit(0)
                .queuedDelay(Duration.ofSeconds(1))
                .processingDelay(Duration.ofSeconds(10))
                .concurrencyLimit(2)
                .maxQueuedJobs(4);
    }

    @Test
    void onlyTheConcurrencyLimitProcessesTheRestWaitInOrder() {
        String media = uploadSample();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(generate("generate_ad_text", media, "{}"));
        }

        clock.advance(Duration.ofSeconds(1));
        assertThat(statuses(jobs)).containsExactly("processing", "processing", "queued", "queued");
        clock.advance(Duration.ofSeconds(10)); // the first two end, their slots take the next two
        assertThat(statuses(jobs)).containsExactly("done", "done", "processing", "processing");
        clock.advance(Duration.ofSeconds(10));
        assertThat(statuses(jobs)).containsOnly("done");
        // updated_at of a job that waited for a slot is when its slot freed, not created + queued delay
        assertThat(get("get_results?job_id=" + jobs.get(2)).text("updated_at")).isEqualTo("2026-01-01T10:00:21Z");
    }

    @Test
    void theQueueLimitCountsQueuedAndProcessingJobs() {
        String media = uploadSample();
        for (int i = 0; i < 4; i++) {
            generate("generate_ad_text", media, "{}");
        }
        clock.advance(Duration.ofSeconds(2)); // two processing, two queued: still four against the limit

        Resp refused = postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", media)));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("error")).isEqualTo("queue_limit_exceeded");
        assertThat(refused.text("message")).contains("You have 4 jobs queued");
        assertThat(sandbox.stats().errors("queue_limit_exceeded")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(9)); // two done: two free places
        generate("generate_ad_text", media, "{}");
        generate("generate_ad_text", media, "{}");
        assertThat(postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", media)))
                        .status())
                .isEqualTo(429);
        assertThat(sandbox.stats().jobs()).hasSize(6);
    }

    @Test
    void theQueueIsFullOnAverageAsMuchAsItsJobsOccupyIt() {
        String media = uploadSample();
        generate("generate_ad_text", media, "{}");
        generate("generate_ad_text", media, "{}");
        // two jobs of 11 s each (1 s queued + 10 s processing) in a 22 s window of a limit of 4: a quarter full
        var start = clock.instant();
        double occupancy = sandbox.stats().meanOccupancy(start, start.plusSeconds(22), 4);
        assertThat(occupancy).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.001));
        assertThat(sandbox.stats().billedTwice()).isEqualTo(1); // same media, same job type, twice
    }

    @Test
    void startsValidatedAtOnceAboveThePlanAre429ConcurrencyLimitExceeded() {
        sandbox.settings().maxQueuedJobs(0).maxConcurrentSubmissions(2).validationDelay(Duration.ofMillis(400));
        String media = uploadSample();
        List<CompletableFuture<Resp>> calls = new ArrayList<>();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(
                    () -> postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", media))),
                    callers));
        }
        callers.shutdown();
        List<Integer> statuses = calls.stream().map(c -> c.join().status()).toList();

        assertThat(statuses).contains(200, 429);
        Resp refused = calls.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.status() == 429)
                .findFirst()
                .orElseThrow();
        assertThat(refused.text("error")).isEqualTo("concurrency_limit_exceeded");
        assertThat(refused.json().path("retry_after").asLong()).isEqualTo(1);
        // once the others are validated, a start goes through again
        assertThat(postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", media)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void mediaBytesSentAreCounted() {
        long before = sandbox.stats().mediaBytesReceived();
        uploadSample();
        assertThat(sandbox.stats().mediaBytesReceived() - before).isGreaterThanOrEqualTo(sampleSize());
    }

    private List<String> statuses(List<String> jobs) {
        return jobs.stream()
                .map(id -> get("get_results?job_id=" + id).text("status"))
                .toList();
    }

    private long sampleSize() {
        try {
            return java.nio.file.Files.size(sample());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
