package io.describer.examples.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a {@link DescriptionPlan} as the {@code output} object of API.md §6 in json, vtt, srt or edl. */
final class TextOutputs {

    private TextOutputs() {}

    /** {@code {"format": ..., "content": ...}} for vtt/srt/edl, {@code {"format": "json", "segments": [...]}}. */
    static Map<String, Object> output(
            String format, List<DescriptionPlan.Segment> segments, double frameRate, String clipName) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("format", format);
        switch (format) {
            case "json":
                List<Map<String, Object>> list = new ArrayList<>();
                for (DescriptionPlan.Segment s : segments) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("start", s.start());
                    item.put("end", s.end());
                    item.put("text", s.text());
                    list.add(item);
                }
                output.put("segments", list);
                break;
            case "srt":
                output.put("content", srt(segments));
                break;
            case "edl":
                output.put("content", edl(segments, frameRate, clipName));
                break;
            default:
                output.put("content", vtt(segments));
        }
        return output;
    }

    static String vtt(List<DescriptionPlan.Segment> segments) {
        StringBuilder sb = new StringBuilder("WEBVTT\n\n");
        for (DescriptionPlan.Segment s : segments) {
            sb.append(clock(s.start(), '.'))
                    .append(" --> ")
                    .append(clock(s.end(), '.'))
                    .append('\n')
                    .append(s.text())
                    .append("\n\n");
        }
        return sb.toString();
    }

    static String srt(List<DescriptionPlan.Segment> segments) {
        StringBuilder sb = new StringBuilder();
        int n = 1;
        for (DescriptionPlan.Segment s : segments) {
            sb.append(n++)
                    .append('\n')
                    .append(clock(s.start(), ','))
                    .append(" --> ")
                    .append(clock(s.end(), ','))
                    .append('\n')
                    .append(s.text())
                    .append("\n\n");
        }
        return sb.toString();
    }

    /**
     * CMX 3600-style list: one audio event ({@code AX}, track {@code A}, cut) per description, source and record
     * times equal (descriptions sit at the moment they describe), the text in {@code * DESCRIPTION:} comments.
     */
    static String edl(List<DescriptionPlan.Segment> segments, double frameRate, String clipName) {
        int fps = frameRate >= 1 ? (int) Math.round(frameRate) : 25;
        StringBuilder sb = new StringBuilder("TITLE: Sandbox audio description\nFCM: NON-DROP FRAME\n\n");
        int n = 1;
        for (DescriptionPlan.Segment s : segments) {
            String in = timecode(s.start(), fps);
            String out = timecode(s.end(), fps);
            sb.append(String.format("%03d  %-8s %-5s %-8s %s %s %s %s%n", n++, "AX", "A", "C", in, out, in, out)
                    .replace(System.lineSeparator(), "\n"));
            if (clipName != null) {
                sb.append("* FROM CLIP NAME: ").append(clipName).append('\n');
            }
            sb.append("* DESCRIPTION: ").append(s.text()).append("\n\n");
        }
        return sb.toString();
    }

    /** {@code HH:MM:SS.mmm} (WebVTT) or {@code HH:MM:SS,mmm} (SRT). */
    static String clock(double seconds, char separator) {
        long ms = Math.round(seconds * 1000);
        return String.format(
                "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, separator, ms % 1000);
    }

    /** {@code HH:MM:SS:FF}, non-drop frame. */
    static String timecode(double seconds, int fps) {
        long frames = Math.round(seconds * fps);
        long totalSeconds = frames / fps;
        return String.format(
                "%02d:%02d:%02d:%02d", totalSeconds / 3600, totalSeconds / 60 % 60, totalSeconds % 60, frames % fps);
    }
}
