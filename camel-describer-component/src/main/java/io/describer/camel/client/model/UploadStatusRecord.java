package io.describer.camel.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of {@code notify_upload_complete} and {@code get_upload_status}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UploadStatusRecord(
        @JsonProperty("media_id") String mediaId,
        @JsonProperty("gcs_path") String gcsPath,
        @JsonProperty("upload_status") String uploadStatus,
        @JsonProperty("canonical_media_id") String canonicalMediaId) {

    public boolean isCompleted() {
        return "completed".equalsIgnoreCase(uploadStatus);
    }

    public boolean isFailed() {
        return uploadStatus != null
                && (uploadStatus.equalsIgnoreCase("failed") || uploadStatus.equalsIgnoreCase("error"));
    }

    /** The id to generate with: the canonical one when the service gave one. */
    public String effectiveMediaId() {
        return canonicalMediaId != null && !canonicalMediaId.isBlank() ? canonicalMediaId : mediaId;
    }
}
