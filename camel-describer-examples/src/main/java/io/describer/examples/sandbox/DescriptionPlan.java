package io.describer.examples.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's "descriptions": N labelled segments spread evenly over the real video's duration, each inside its own
 * slot, so they never overlap and always lie within [0, duration].
 */
final class DescriptionPlan {

    /** One description; times in seconds (millisecond precision). */
    record Segment(double start, double end, String text) {}

    private DescriptionPlan() {}

    static List<Segment> plan(double durationSeconds, SandboxGenerationConfig config) {
        double duration = Math.max(0.1, durationSeconds);
        // about one description every 2 s (a busy script), capped for very long videos
        int count = (int) Math.max(1, Math.min(500, Math.round(duration / 2)));
        double slot = duration / count;
        // standard AD must fit into dialogue gaps, so its descriptions are shorter
        double fill = config.adType().equals("standard_ad") ? 0.5 : 0.7;
        List<Segment> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double start = ms(i * slot + slot * 0.15);
            double end = ms(i * slot + slot * (0.15 + fill));
            segments.add(new Segment(start, Math.min(end, ms(duration)), text(i + 1, count, start, end, config)));
        }
        return segments;
    }

    private static String text(int n, int count, double start, double end, SandboxGenerationConfig config) {
        StringBuilder sb = new StringBuilder()
                .append("[Sandbox] A described scene ")
                .append(n)
                .append(" of ")
                .append(count)
                .append(" (")
                .append(config.language())
                .append(", ")
                .append(config.videoCategory())
                .append(", ")
                .append(config.adType())
                .append("): placeholder description of the picture from ")
                .append(TextOutputs.clock(start, '.'))
                .append(" to ")
                .append(TextOutputs.clock(end, '.'))
                .append('.');
        if (config.readAllOnscreenText() && config.adType().equals("extended_ad")) {
            sb.append(" On-screen text would be read verbatim.");
        }
        if (!config.customInstructions().isBlank()) {
            sb.append(" Custom instructions applied.");
        }
        return sb.toString();
    }

    private static double ms(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
