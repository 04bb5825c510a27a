package io.describer.camel.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Captions the service uses as transcript and context instead of generating its own. Only {@code content} is required;
 * {@code format} and {@code filename} are hints.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomCaptions(String content, String format, String filename) {

    public CustomCaptions {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("customCaptions content must not be empty");
        }
    }

    /** Captions whose format is guessed from the text: WebVTT, SRT, or plain text. */
    public static CustomCaptions of(String content, String filename) {
        return new CustomCaptions(content, guessFormat(content), filename);
    }

    static String guessFormat(String content) {
        String head = content.stripLeading();
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        if (head.startsWith("WEBVTT")) {
            return "vtt";
        }
        if (head.matches("(?s)\\d+\\s*\\R\\d{2}:\\d{2}:\\d{2},\\d{3}\\s*-->.*")) {
            return "srt";
        }
        return "text";
    }
}
