package io.describer.camel.job;

import java.util.Map;

import io.describer.camel.MediaInputResolver;
import io.describer.camel.client.model.JobType;

/** Names results after their source: {@code talks/lecture.mp4} gives {@code talks/lecture.ad.vtt}, {@code .ad.wav}, {@code .ad.mp4}. */
public final class OutputNames {

    private OutputNames() {}

    public static String of(Map<String, String> correlation, String jobId, JobType type, String format) {
        String source = correlation.get(MediaInputResolver.AWS_S3_KEY);
        if (source == null) {
            source = correlation.get("CamelFileName");
        }
        if (source == null) {
            source = correlation.get("CamelFileNameOnly");
        }
        if (source == null || source.isBlank()) {
            source = jobId;
        }
        return stripExtension(source) + ".ad." + extension(type, format);
    }

    public static String extension(JobType type, String format) {
        return switch (type) {
            case AUDIO -> "wav";
            case VIDEO -> "mp4";
            case TEXT -> format == null ? "vtt" : format;
        };
    }

    public static String contentType(JobType type, String format) {
        return switch (extension(type, format)) {
            case "wav" -> "audio/wav";
            case "mp4" -> "video/mp4";
            case "vtt" -> "text/vtt; charset=utf-8";
            case "srt" -> "application/x-subrip; charset=utf-8";
            case "json" -> "application/json";
            default -> "text/plain; charset=utf-8";
        };
    }

    private static String stripExtension(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        int dot = name.lastIndexOf('.');
        return dot > slash + 1 ? name.substring(0, dot) : name;
    }
}
