package io.describer.examples.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One generation job. Its status is a pure function of elapsed time ({@code queued} → {@code processing} →
 * {@code done}/{@code failed}); outputs are rendered once, on the first read after it is done.
 */
final class Job {

    final String id;
    final SandboxJobType type;
    final Media media;
    final SandboxGenerationConfig config;
    final Instant createdAt;

    /** Rendered outputs (set once, under the job's lock). */
    Map<String, Object> output;

    String audioObject;
    String videoObject;

    Job(String id, SandboxJobType type, Media media, SandboxGenerationConfig config, Instant createdAt) {
        this.id = id;
        this.type = type;
        this.media = media;
        this.config = config;
        this.createdAt = createdAt;
    }

    String status(Instant now, Duration queued, Duration processing) {
        if (now.isBefore(createdAt.plus(queued))) {
            return "queued";
        }
        if (now.isBefore(createdAt.plus(queued).plus(processing))) {
            return "processing";
        }
        return fails() ? "failed" : "done";
    }

    /** When the current status began: the job's {@code updated_at}. */
    Instant updatedAt(Instant now, Duration queued, Duration processing) {
        switch (status(now, queued, processing)) {
            case "queued":
                return createdAt;
            case "processing":
                return createdAt.plus(queued);
            default:
                return createdAt.plus(queued).plus(processing);
        }
    }

    /** Bytes that were accepted at upload but are not a video end here, as upstream (API.md §7.4). */
    boolean fails() {
        return media.probe().kind() != MediaProbe.Kind.VIDEO;
    }
}
