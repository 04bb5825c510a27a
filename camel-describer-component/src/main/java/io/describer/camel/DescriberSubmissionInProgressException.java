package io.describer.camel;

import java.time.Instant;

import io.describer.camel.client.DescriberException;
import org.apache.camel.Exchange;

/**
 * Another node (or thread) is submitting a job for the same dedupe key right now; this message started nothing
 * ({@link #mayExist()} is false). Retry it later: it then finds the submitted job. Code {@code submission_in_progress}.
 */
public class DescriberSubmissionInProgressException extends DescriberException {

    public static final String SUBMISSION_IN_PROGRESS = "submission_in_progress";

    private final String dedupeKey;

    public DescriberSubmissionInProgressException(
            String dedupeKey, String holder, Instant heldUntil, Exchange exchange) {
        super(
                0,
                SUBMISSION_IN_PROGRESS,
                "A job for dedupe key " + dedupeKey + " is being submitted by " + holder + " (reserved until "
                        + heldUntil + "); not submitted again",
                null);
        this.dedupeKey = dedupeKey;
    }

    public String getDedupeKey() {
        return dedupeKey;
    }
}
