package io.describer.examples.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * One generation job. Its status is a pure function of time: {@code queued} until {@link #startAt} (fixed at
 * submission by the team's processing slots), {@code processing} until {@link #endAt}, then {@code done}/{@code failed};
 * outputs are rendered once, on the first read after it is done.
 */
final class Job {

    final String id;
    final SandboxJobType type;
    final Media media;
    final SandboxGenerationConfig config;
    final Instant createdAt;
    /** When a processing slot takes the job (at least {@code queuedDelay} after creation). */
    final Instant startAt;

    final Instant endAt;

    /** Rendered outputs (set once, under the job's lock). */
    Map<String, Object> output;

    String audioObject;
    String videoObject;

    Job(
            String id,
            SandboxJobType type,
            Media media,
            SandboxGenerationConfig config,
            Instant createdAt,
            Instant startAt,
            Instant endAt) {
        this.id = id;
        this.type = type;
        this.media = media;
        this.config = config;
        this.createdAt = createdAt;
        this.startAt = startAt;
        this.endAt = endAt;
    }

    String status(Instant now) {
        if (now.isBefore(startAt)) {
            return "queued";
        }
        if (now.isBefore(endAt)) {
            return "processing";
        }
        return fails() ? "failed" : "done";
    }

    /** Whether the job counts against the team's queue limit (queued or processing). */
    boolean active(Instant now) {
        return now.isBefore(endAt);
    }

    /** When the current status began: the job's {@code updated_at}. */
    Instant updatedAt(Instant now) {
        switch (status(now)) {
            case "queued":
                return createdAt;
            case "processing":
                return startAt;
            default:
                return endAt;
        }
    }

    /** Bytes that were accepted at upload but are not a video end here, as upstream (API.md §7.4). */
    boolean fails() {
        return media.probe().kind() != MediaProbe.Kind.VIDEO;
    }
}
