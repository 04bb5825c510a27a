package io.describer.camel;

import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.ApiValue;
import io.describer.camel.client.model.AudioTrackType;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import io.describer.camel.client.model.VolumeOption;
import org.apache.camel.Converter;

/**
 * The enum values of the component's headers as text, and back. Without these, a header reads as whatever the
 * runtime's fallback converter makes of an enum: {@code text} under Camel Main ({@code toString()}), {@code TEXT}
 * under Spring Boot (its conversion service takes {@code name()}), so {@code ${header.CamelDescriberOutputType} ==
 * 'text'} held in one runtime and not the other. Registered converters are asked before any fallback, in every runtime.
 * Text to enum is the lenient parse of URI options (case-insensitive; the URI form, the constant name or the API's).
 */
@Converter(generateLoader = true)
public final class DescriberEnumConverters {

    private DescriberEnumConverters() {}

    @Converter
    public static String toString(DescriberOperation value) {
        return value.toString();
    }

    @Converter
    public static String toString(JobType value) {
        return value.toString();
    }

    @Converter
    public static String toString(JobStatus value) {
        return value.toString();
    }

    @Converter
    public static String toString(OutputFormat value) {
        return value.toString();
    }

    @Converter
    public static String toString(Language value) {
        return value.toString();
    }

    @Converter
    public static String toString(VideoCategory value) {
        return value.toString();
    }

    @Converter
    public static String toString(AdType value) {
        return value.toString();
    }

    @Converter
    public static String toString(VolumeOption value) {
        return value.toString();
    }

    @Converter
    public static String toString(AudioTrackType value) {
        return value.toString();
    }

    @Converter
    public static DescriberOperation toDescriberOperation(String text) {
        return DescriberOperation.parse(text);
    }

    @Converter
    public static JobType toJobType(String text) {
        return ApiValue.parse(JobType.class, "outputType", text);
    }

    @Converter
    public static JobStatus toJobStatus(String text) {
        return ApiValue.parse(JobStatus.class, "jobStatus", text);
    }

    @Converter
    public static OutputFormat toOutputFormat(String text) {
        return ApiValue.parse(OutputFormat.class, "format", text);
    }

    @Converter
    public static Language toLanguage(String text) {
        return ApiValue.parse(Language.class, "language", text);
    }

    @Converter
    public static VideoCategory toVideoCategory(String text) {
        return ApiValue.parse(VideoCategory.class, "category", text);
    }

    @Converter
    public static AdType toAdType(String text) {
        return ApiValue.parse(AdType.class, "adType", text);
    }

    @Converter
    public static VolumeOption toVolumeOption(String text) {
        return ApiValue.parse(VolumeOption.class, "volumeOption", text);
    }

    @Converter
    public static AudioTrackType toAudioTrackType(String text) {
        return ApiValue.parse(AudioTrackType.class, "audioTrackType", text);
    }
}
