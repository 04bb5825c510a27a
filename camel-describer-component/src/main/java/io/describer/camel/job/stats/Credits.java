package io.describer.camel.job.stats;

import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobType;

/**
 * The credits a job should cost by the published price list (API.md §8): one credit per minute of source video, times
 * 1 for video, 0.75 for audio (Standard AD), 0.5 for text and 0.5 for a video rendered from an existing script
 * ({@code descriptionContent}). An estimate: custom Enterprise plans may price differently, and the service bills what
 * it measures.
 */
public final class Credits {

    private Credits() {}

    public static double multiplier(JobType type, GenerationConfig config) {
        return switch (type) {
            case TEXT -> 0.5;
            case AUDIO -> 0.75;
            case VIDEO -> config != null && config.getDescriptionContent() != null ? 0.5 : 1.0;
        };
    }

    /** Credits for {@code mediaSeconds} of source; 0 for an unknown or non-positive duration. */
    public static double estimate(JobType type, GenerationConfig config, Double mediaSeconds) {
        if (mediaSeconds == null || !(mediaSeconds > 0)) {
            return 0;
        }
        return mediaSeconds / 60.0 * multiplier(type, config);
    }
}
