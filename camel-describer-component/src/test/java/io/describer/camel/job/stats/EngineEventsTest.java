package io.describer.camel.job.stats;

import java.net.ConnectException;
import java.time.Duration;

import io.describer.camel.client.DescriberException;
import io.describer.camel.client.RetryPolicy;
import io.describer.camel.client.TransferListener;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The arithmetic behind the meters: transfer increments, error codes, credit multipliers, uncertain starts. */
class EngineEventsTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final EngineEvents events = new EngineEvents(new MicrometerEngineStats(meters, "ctx", () -> 0));

    @Test
    void aRetriedTransferCountsTheBytesOfEveryAttemptOnce() {
        TransferListener upload = events.uploads(TransferListener.NONE);
        upload.progress("a.mp4", 1_000, 3_000);
        upload.progress("a.mp4", 2_000, 3_000);
        // the connection broke; the retry starts from 0 and sends it all
        upload.progress("a.mp4", 1_500, 3_000);
        upload.progress("a.mp4", 3_000, 3_000);
        assertThat(meters.get(DescriberMetrics.UPLOADED).counter().count()).isEqualTo(2_000 + 3_000);
        assertThat(meters.get(DescriberMetrics.DOWNLOADED).counter().count()).isZero();
    }

    @Test
    void retriesAreTaggedWithTheApiCodeTheStatusOrTheErrorType() {
        RetryPolicy.Listener listener = events.apiListener();
        listener.onRetry("get_results", 2, 6, new DescriberException(503, null, "down", null), Duration.ZERO);
        listener.onRetry("get_results", 2, 6, new ConnectException(), Duration.ZERO);
        listener.onFailure("generate_ad_video", 1, new DescriberException(429, "queue_limit_exceeded", "full", null));
        listener.onFailure("generate_ad_video", 1, new DescriberException(500, "internal_error", "oops", null));
        assertThat(meters.get(DescriberMetrics.API_RETRIES)
                        .tag("code", "503")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get(DescriberMetrics.API_RETRIES)
                        .tag("code", "ConnectException")
                        .counter()
                        .count())
                .isEqualTo(1);
        // only 429s are throttling
        assertThat(meters.get(DescriberMetrics.API_THROTTLED).counters()).hasSize(1);
        assertThat(meters.get(DescriberMetrics.API_THROTTLED)
                        .tags("operation", "generate_ad_video", "code", "queue_limit_exceeded")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void creditsFollowThePriceList() {
        GenerationConfig fromScript = new GenerationConfig().setDescriptionContent("00:01 A door opens.");
        assertThat(Credits.estimate(JobType.VIDEO, new GenerationConfig(), 120.0))
                .isEqualTo(2.0);
        assertThat(Credits.estimate(JobType.VIDEO, fromScript, 120.0)).isEqualTo(1.0);
        assertThat(Credits.estimate(JobType.AUDIO, null, 120.0)).isEqualTo(1.5);
        assertThat(Credits.estimate(JobType.TEXT, null, 120.0)).isEqualTo(1.0);
        assertThat(Credits.estimate(JobType.TEXT, null, null)).isZero();
    }

    @Test
    void anUncertainStartIsCountedByOperation() {
        events.uncertain(JobType.AUDIO);
        assertThat(meters.get(DescriberMetrics.JOBS_UNCERTAIN)
                        .tag("operation", "audio")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
