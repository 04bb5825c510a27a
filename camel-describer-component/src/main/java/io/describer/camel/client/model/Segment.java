package io.describer.camel.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One description: start and end in seconds, and its text. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Segment(
        @JsonProperty("start") double start,
        @JsonProperty("end") double end,
        @JsonProperty("text") String text) {}
