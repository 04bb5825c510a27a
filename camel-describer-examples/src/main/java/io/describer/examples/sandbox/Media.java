package io.describer.examples.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * One registered media item. Direct uploads are {@code READY} at once; signed uploads go
 * {@code PENDING_UPLOAD} → (PUT) → {@code VERIFYING} (notify) → visible as completed/failed once the verification delay
 * has passed. State is derived from timestamps, so no timer thread is needed.
 */
final class Media {

    enum State {
        PENDING_UPLOAD,
        VERIFYING,
        READY
    }

    final String id;
    final Instant createdAt;
    final String gcsPath;
    final String uploadContentType;

    private String filename;
    private StoredFile file;
    private MediaProbe.Result probe;
    private State state;
    private Instant verifyingSince;
    private boolean verifiedOk;
    private String failureReason;
    private String canonicalId;

    private Media(
            String id, Instant createdAt, String filename, String gcsPath, String uploadContentType, State state) {
        this.id = id;
        this.createdAt = createdAt;
        this.filename = filename;
        this.gcsPath = gcsPath;
        this.uploadContentType = uploadContentType;
        this.state = state;
        this.canonicalId = id;
    }

    static Media ready(String id, Instant now, String filename, StoredFile file, MediaProbe.Result probe) {
        Media m = new Media(id, now, filename, null, null, State.READY);
        m.file = file;
        m.probe = probe;
        m.verifiedOk = true;
        return m;
    }

    static Media pending(String id, Instant now, String filename, String gcsPath, String contentType) {
        return new Media(id, now, filename, gcsPath, contentType, State.PENDING_UPLOAD);
    }

    synchronized String filename() {
        return filename;
    }

    synchronized StoredFile file() {
        return file;
    }

    synchronized MediaProbe.Result probe() {
        return probe;
    }

    synchronized State state() {
        return state;
    }

    synchronized String failureReason() {
        return failureReason;
    }

    synchronized String canonicalId() {
        return canonicalId;
    }

    /** Replaces the bytes of a signed upload; false when the upload was already notified. */
    synchronized boolean attachUpload(StoredFile uploaded) {
        if (state != State.PENDING_UPLOAD) {
            return false;
        }
        if (file != null) {
            file.delete();
        }
        file = uploaded;
        return true;
    }

    /** Starts the (timed) verification; {@code failure} is null when the bytes are an acceptable video. */
    synchronized void startVerification(Instant now, MediaProbe.Result result, String failure, String canonical) {
        probe = result;
        verifiedOk = failure == null;
        failureReason = failure;
        canonicalId = canonical;
        verifyingSince = now;
        state = State.VERIFYING;
    }

    /** {@code upload_status} as the API spells it: pending_upload, processing, completed, failed. */
    synchronized String uploadStatus(Instant now, Duration verificationDelay) {
        switch (state) {
            case PENDING_UPLOAD:
                return "pending_upload";
            case VERIFYING:
                if (now.isBefore(verifyingSince.plus(verificationDelay))) {
                    return "processing";
                }
                return verifiedOk ? "completed" : "failed";
            default:
                return "completed";
        }
    }
}
