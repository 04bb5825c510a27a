package io.describer.camel.client;

import java.time.Duration;

/**
 * HTTP 409: the media is not usable yet. {@code upload_not_ready} (verification still running) is retried;
 * {@code upload_failed} (verification failed, the media must be uploaded again) is terminal.
 */
public class DescriberConflictException extends DescriberException {

    public static final String UPLOAD_NOT_READY = "upload_not_ready";
    public static final String UPLOAD_FAILED = "upload_failed";

    private final String uploadStatus;

    public DescriberConflictException(String code, String apiMessage, Duration retryAfter, String uploadStatus) {
        super(409, code, apiMessage, retryAfter);
        this.uploadStatus = uploadStatus;
    }

    /** The {@code upload_status} of the body (e.g. {@code processing}), or null. */
    public String getUploadStatus() {
        return uploadStatus;
    }

    @Override
    public boolean isRetryable() {
        return UPLOAD_NOT_READY.equals(getCode());
    }
}
