package io.describer.camel.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of {@code upload_media}: the media id, plus duration and frame rate for URL and file uploads, or the signed
 * PUT target ({@code upload_url}, {@code gcs_path}) for a signed upload.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MediaRecord(
        @JsonProperty("media_id") String mediaId,
        @JsonProperty("status") String status,
        @JsonProperty("duration_seconds") Double durationSeconds,
        @JsonProperty("frame_rate") Double frameRate,
        @JsonProperty("upload_url") String uploadUrl,
        @JsonProperty("gcs_path") String gcsPath,
        @JsonProperty("content_type") String contentType) {

    @Override
    public String toString() {
        // the signed upload URL is a bearer credential: never print it
        return "MediaRecord[mediaId=" + mediaId + ", status=" + status + ", durationSeconds=" + durationSeconds
                + ", frameRate=" + frameRate + ", gcsPath=" + gcsPath + "]";
    }
}
