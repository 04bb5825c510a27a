package io.describer.camel.job;

import java.time.Instant;
import java.util.Objects;

/**
 * Answer of {@link JobStore#reserve}: whether the caller may submit a job for a dedupe key.
 *
 * @param outcome  what happened
 * @param existing the job already stored under the key, only for {@link Outcome#EXISTING}
 * @param holder   the owner of the live reservation, only for {@link Outcome#IN_PROGRESS}
 * @param heldUntil when that reservation expires, only for {@link Outcome#IN_PROGRESS}
 * @param uncertain the uncertain submission recorded under the key, only for {@link Outcome#UNCERTAIN}
 */
public record Reservation(
        Outcome outcome, StoredJob existing, String holder, Instant heldUntil, UncertainSubmission uncertain) {

    public enum Outcome {
        /** The key is now held by the caller: submit, then {@code record} or {@code releaseReservation}. */
        RESERVED,
        /** A job was already submitted under the key: do not submit again. */
        EXISTING,
        /** Another caller holds a live reservation and is submitting right now: do not submit; retry later. */
        IN_PROGRESS,
        /**
         * An earlier submission of the key may have started a job: do not submit unless the policy allows it (then
         * {@code resubmitUncertain}); settle it first.
         */
        UNCERTAIN
    }

    public Reservation {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static Reservation reserved() {
        return new Reservation(Outcome.RESERVED, null, null, null, null);
    }

    public static Reservation existing(StoredJob job) {
        return new Reservation(Outcome.EXISTING, Objects.requireNonNull(job, "job"), null, null, null);
    }

    public static Reservation inProgress(String holder, Instant heldUntil) {
        return new Reservation(Outcome.IN_PROGRESS, null, holder, heldUntil, null);
    }

    public static Reservation uncertain(UncertainSubmission submission) {
        return new Reservation(Outcome.UNCERTAIN, null, null, null, Objects.requireNonNull(submission, "submission"));
    }

    public boolean isReserved() {
        return outcome == Outcome.RESERVED;
    }
}
