package io.describer.camel;

import java.time.Instant;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * Another node (or thread) is submitting a job for the same dedupe key right now; this message started nothing. Retry
 * it later: it then finds the submitted job.
 */
public class DescriberSubmissionInProgressException extends CamelExchangeException {

    private final String dedupeKey;

    public DescriberSubmissionInProgressException(
            String dedupeKey, String holder, Instant heldUntil, Exchange exchange) {
        super(
                "A job for dedupe key " + dedupeKey + " is being submitted by " + holder + " (reserved until "
                        + heldUntil + "); not submitted again",
                exchange);
        this.dedupeKey = dedupeKey;
    }

    public String getDedupeKey() {
        return dedupeKey;
    }
}
