package io.describer.camel.client;

import java.time.Instant;

/**
 * A job start whose outcome is unknown: the service may have started (and billed) the job, but its id never reached
 * us (a 500 or 504, a connection lost after the request was sent, a timeout, an unreadable success answer). Never
 * repeat such a call blindly: the component records it as an uncertain submission and holds the source until it is
 * settled (option {@code uncertainPolicy}, operation {@code settle}). The cause is the failure as it happened.
 */
public class DescriberUncertainSubmissionException extends DescriberException {

    public static final String UNCERTAIN_SUBMISSION = "uncertain_submission";

    private final String operation;
    private final String mediaId;
    private final String dedupeKey;
    private final Instant since;

    /** As the client throws it, before anything is recorded. */
    public DescriberUncertainSubmissionException(String operation, String mediaId, DescriberException cause) {
        this(
                operation,
                mediaId,
                null,
                null,
                "The outcome of " + operation + " is unknown, a job may exist: " + cause.getMessage(),
                cause);
    }

    /**
     * @param dedupeKey the key the submission is recorded under, null when it is not recorded
     * @param since     when the submission became uncertain
     */
    public DescriberUncertainSubmissionException(
            String operation, String mediaId, String dedupeKey, Instant since, String message, Throwable cause) {
        super(cause instanceof DescriberException de ? de.getStatus() : 0, UNCERTAIN_SUBMISSION, message, null);
        initCause(cause);
        this.operation = operation;
        this.mediaId = mediaId;
        this.dedupeKey = dedupeKey;
        this.since = since;
    }

    /** The job start, e.g. {@code generate_ad_video}. */
    public String getOperation() {
        return operation;
    }

    /** The media the job would work on, when it was known (uploaded first or given); else null. */
    public String getMediaId() {
        return mediaId;
    }

    /** The dedupe key of the recorded uncertain submission (to settle it), or null when not recorded. */
    public String getDedupeKey() {
        return dedupeKey;
    }

    /** When the submission became uncertain, or null. */
    public Instant getSince() {
        return since;
    }

    @Override
    public boolean mayExist() {
        return true;
    }
}
