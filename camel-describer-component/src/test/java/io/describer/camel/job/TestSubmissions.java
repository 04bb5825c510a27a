package io.describer.camel.job;

import java.time.Duration;
import java.util.Map;

import io.describer.camel.client.model.JobType;

/** The store writes of a {@code describer:text} submission by media id, as the producer makes them. */
public final class TestSubmissions {

    private TestSubmissions() {}

    /** Reserves {@code dedupeKey} with the job start noted (one commit), then records the started job (another). */
    public static void submitText(JobStore store, String dedupeKey, String mediaId, String jobId, Duration lease) {
        store.reserveNoted(
                dedupeKey,
                "node",
                lease,
                new UncertainSubmission(dedupeKey, JobType.TEXT, "{}", Map.of(), mediaId, null, null, "node"));
        store.record(StoredJob.submitted(jobId, mediaId, JobType.TEXT, "{}", Map.of(), dedupeKey));
    }
}
