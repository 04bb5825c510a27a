package io.describer.camel.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of {@code generate_ad_text|audio|video}: the new job and the media it works on. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRecord(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("media_id") String mediaId) {}
