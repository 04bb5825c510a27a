package io.describer.camel.client.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of {@code get_results}: the job's status and, once done, its script ({@code output}) and signed download URLs
 * (valid 15 minutes; each call mints fresh ones). A failed job carries an error code and message.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobResults(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("media_id") String mediaId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,

        @JsonProperty("video_signed_url") @JsonAlias("result_url")
        String videoSignedUrl,

        @JsonProperty("audio_signed_url") String audioSignedUrl,
        @JsonProperty("output") JobOutput output,
        @JsonProperty("error_code") @JsonAlias("code") String errorCode,

        @JsonProperty("error_message") @JsonAlias({"error", "message"})
        String errorMessage) {

    public boolean isTerminal() {
        return status != null && status.isTerminal();
    }

    @Override
    public String toString() {
        // signed URLs are bearer credentials: never print them
        return "JobResults[jobId=" + jobId + ", status=" + status + ", mediaId=" + mediaId + ", updatedAt=" + updatedAt
                + (errorCode != null ? ", errorCode=" + errorCode : "") + "]";
    }
}
