package io.describer.camel.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The description script of a finished job: {@code content} for vtt/srt/edl, {@code segments} for json. The older
 * shape ({@code vtt}, {@code items}) is read too.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobOutput(
        @JsonProperty("format") String format,
        @JsonProperty("content") @JsonAlias("vtt") String content,
        @JsonProperty("segments") @JsonAlias("items") List<Segment> segments,
        @JsonProperty("language") String language,
        @JsonProperty("ad_type") String adType) {}
