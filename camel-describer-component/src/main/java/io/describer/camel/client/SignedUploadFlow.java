package io.describer.camel.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

import io.describer.camel.client.model.MediaRecord;
import io.describer.camel.client.model.UploadStatusRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload of media above the direct limit: request a signed URL, stream the bytes to it, notify the API, and poll
 * {@code get_upload_status} until the media is verified. Media cannot be used before that (409 upload_not_ready).
 */
final class SignedUploadFlow {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDescriberClient.class);
    static final String VERIFICATION_TIMEOUT = "upload_verification_timeout";

    private final DescriberClient client;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Sleeper sleeper;

    SignedUploadFlow(DescriberClient client, Duration pollInterval, Duration timeout, Sleeper sleeper) {
        this.client = client;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    /** Returns the media to generate with: its id is the canonical one when verification named one. */
    MediaRecord upload(MediaContent content, TransferListener listener) throws IOException {
        MediaRecord signed = client.requestSignedUpload(content.filename(), content.contentType());
        if (signed.mediaId() == null || signed.uploadUrl() == null || signed.gcsPath() == null) {
            throw new DescriberInvalidResponseException(
                    200, "upload_media", "signed_url mode answered without media_id, upload_url or gcs_path");
        }
        LOG.debug("Signed upload of {} ({} bytes) as media {}", content.filename(), content.length(), signed.mediaId());
        client.putSignedUpload(signed, content, listener);
        UploadStatusRecord status = client.notifyUploadComplete(signed.mediaId(), signed.gcsPath());
        status = awaitVerification(signed, status);
        String id =
                status.canonicalMediaId() != null && !status.canonicalMediaId().isBlank()
                        ? status.canonicalMediaId()
                        : signed.mediaId();
        if (!id.equals(signed.mediaId())) {
            LOG.debug("Media {} is canonical media {}", signed.mediaId(), id);
        }
        // the upload URL is a spent credential: not handed on
        return new MediaRecord(id, status.uploadStatus(), null, null, null, signed.gcsPath(), signed.contentType());
    }

    private UploadStatusRecord awaitVerification(MediaRecord signed, UploadStatusRecord status) throws IOException {
        long startNanos = System.nanoTime();
        long waitedMs = 0;
        while (!status.isCompleted()) {
            if (status.isFailed()) {
                throw new DescriberConflictException(
                        DescriberConflictException.UPLOAD_FAILED,
                        "Verification of the signed upload of media " + signed.mediaId() + " failed; upload it again",
                        null,
                        status.uploadStatus());
            }
            // counts the requested waits as well as real time, so an injected sleeper also reaches the bound
            long realMs = (System.nanoTime() - startNanos) / 1_000_000;
            if (Math.max(waitedMs, realMs) >= timeout.toMillis()) {
                throw new DescriberException(
                        0,
                        VERIFICATION_TIMEOUT,
                        "Media " + signed.mediaId() + " was not verified within " + timeout + " (last upload_status="
                                + status.uploadStatus() + ")",
                        null);
            }
            LOG.debug(
                    "Media {} upload_status={}, polling again in {} ms",
                    signed.mediaId(),
                    status.uploadStatus(),
                    pollInterval.toMillis());
            pause();
            waitedMs += Math.max(pollInterval.toMillis(), 1);
            status = client.getUploadStatus(signed.mediaId(), signed.gcsPath());
        }
        return status;
    }

    private void pause() throws InterruptedIOException {
        try {
            sleeper.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the verification of an upload");
        }
    }
}
