package io.describer.camel.client.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code generation_config} object of a generation request. Every field is optional; unset fields are not sent, so
 * the service applies its own defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class GenerationConfig {

    private Language language;
    private VideoCategory category;
    private OutputFormat format;
    private AdType adType;
    private String voice;
    private String customInstructions;
    private Boolean readAllOnscreenText;
    private Boolean autoFit;
    private Boolean allowDescriptionsOverMusic;
    private CustomCaptions customCaptions;
    private VolumeOption volumeOption;
    private Double volumeLevelDb;
    private AudioTrackType audioTrackType;
    private String descriptionContent;

    public static final double MIN_VOLUME_LEVEL_DB = -10;
    public static final double MAX_VOLUME_LEVEL_DB = 0;

    /**
     * Combinations the API rejects, checked before any call. Returns the problems, empty when the config is valid for
     * the job type.
     */
    public List<String> problemsFor(JobType type) {
        List<String> problems = new ArrayList<>();
        if (type == JobType.AUDIO && adType == AdType.EXTENDED_AD) {
            problems.add(
                    "adType=extended_ad is not allowed for audio jobs (audio is standard_ad only; valid: standard_ad)");
        }
        // written so that NaN is out of range too
        if (volumeLevelDb != null && !(volumeLevelDb >= MIN_VOLUME_LEVEL_DB && volumeLevelDb <= MAX_VOLUME_LEVEL_DB)) {
            problems.add("volumeLevelDb=" + volumeLevelDb + " is outside the valid range " + (int) MIN_VOLUME_LEVEL_DB
                    + ".." + (int) MAX_VOLUME_LEVEL_DB + " dBFS");
        }
        // the service ignores a level without max: refused, so nobody believes a level was applied that was not
        if (volumeLevelDb != null && volumeOption != VolumeOption.MAX) {
            problems.add("volumeLevelDb=" + volumeLevelDb + " only applies with volumeOption=max ("
                    + (volumeOption == null ? "volumeOption is not set" : "got volumeOption=" + volumeOption) + ")");
        }
        if (Boolean.TRUE.equals(readAllOnscreenText) && adType == AdType.STANDARD_AD) {
            problems.add("readAllOnscreenText=true only applies with adType=extended_ad (got adType=standard_ad)");
        }
        if (type == JobType.TEXT && audioTrackType != null) {
            problems.add("audioTrackType=" + audioTrackType + " only applies to audio jobs, not text");
        }
        return problems;
    }

    /** Throws {@link IllegalArgumentException} listing every problem of {@link #problemsFor(JobType)}. */
    public GenerationConfig validateFor(JobType type) {
        List<String> problems = problemsFor(type);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid generation config for " + type + " jobs: " + String.join("; ", problems));
        }
        return this;
    }

    public GenerationConfig copy() {
        GenerationConfig c = new GenerationConfig();
        c.language = language;
        c.category = category;
        c.format = format;
        c.adType = adType;
        c.voice = voice;
        c.customInstructions = customInstructions;
        c.readAllOnscreenText = readAllOnscreenText;
        c.autoFit = autoFit;
        c.allowDescriptionsOverMusic = allowDescriptionsOverMusic;
        c.customCaptions = customCaptions;
        c.volumeOption = volumeOption;
        c.volumeLevelDb = volumeLevelDb;
        c.audioTrackType = audioTrackType;
        c.descriptionContent = descriptionContent;
        return c;
    }

    @JsonProperty("language")
    public String languageValue() {
        return language == null ? null : language.apiValue();
    }

    @JsonProperty("video_category")
    public String categoryValue() {
        return category == null ? null : category.apiValue();
    }

    @JsonProperty("format")
    public String formatValue() {
        return format == null ? null : format.apiValue();
    }

    @JsonProperty("ad_type")
    public String adTypeValue() {
        return adType == null ? null : adType.apiValue();
    }

    @JsonProperty("voice")
    public String getVoice() {
        return voice;
    }

    @JsonProperty("custom_instructions")
    public String getCustomInstructions() {
        return customInstructions;
    }

    @JsonProperty("read_all_onscreen_text")
    public Boolean getReadAllOnscreenText() {
        return readAllOnscreenText;
    }

    @JsonProperty("auto_fit")
    public Boolean getAutoFit() {
        return autoFit;
    }

    @JsonProperty("allow_descriptions_over_music")
    public Boolean getAllowDescriptionsOverMusic() {
        return allowDescriptionsOverMusic;
    }

    @JsonProperty("custom_captions")
    public CustomCaptions getCustomCaptions() {
        return customCaptions;
    }

    @JsonProperty("volume_option")
    public String volumeOptionValue() {
        return volumeOption == null ? null : volumeOption.apiValue();
    }

    @JsonProperty("volume_level_db")
    public Double getVolumeLevelDb() {
        return volumeLevelDb;
    }

    @JsonProperty("audio_track_type")
    public String audioTrackTypeValue() {
        return audioTrackType == null ? null : audioTrackType.apiValue();
    }

    @JsonProperty("description_content")
    public String getDescriptionContent() {
        return descriptionContent;
    }

    @JsonIgnore
    public Language getLanguage() {
        return language;
    }

    public GenerationConfig setLanguage(Language language) {
        this.language = language;
        return this;
    }

    @JsonIgnore
    public VideoCategory getCategory() {
        return category;
    }

    public GenerationConfig setCategory(VideoCategory category) {
        this.category = category;
        return this;
    }

    @JsonIgnore
    public OutputFormat getFormat() {
        return format;
    }

    public GenerationConfig setFormat(OutputFormat format) {
        this.format = format;
        return this;
    }

    @JsonIgnore
    public AdType getAdType() {
        return adType;
    }

    public GenerationConfig setAdType(AdType adType) {
        this.adType = adType;
        return this;
    }

    public GenerationConfig setVoice(String voice) {
        this.voice = voice;
        return this;
    }

    public GenerationConfig setCustomInstructions(String customInstructions) {
        this.customInstructions = customInstructions;
        return this;
    }

    public GenerationConfig setReadAllOnscreenText(Boolean readAllOnscreenText) {
        this.readAllOnscreenText = readAllOnscreenText;
        return this;
    }

    public GenerationConfig setAutoFit(Boolean autoFit) {
        this.autoFit = autoFit;
        return this;
    }

    public GenerationConfig setAllowDescriptionsOverMusic(Boolean allowDescriptionsOverMusic) {
        this.allowDescriptionsOverMusic = allowDescriptionsOverMusic;
        return this;
    }

    public GenerationConfig setCustomCaptions(CustomCaptions customCaptions) {
        this.customCaptions = customCaptions;
        return this;
    }

    @JsonIgnore
    public VolumeOption getVolumeOption() {
        return volumeOption;
    }

    public GenerationConfig setVolumeOption(VolumeOption volumeOption) {
        this.volumeOption = volumeOption;
        return this;
    }

    public GenerationConfig setVolumeLevelDb(Double volumeLevelDb) {
        this.volumeLevelDb = volumeLevelDb;
        return this;
    }

    @JsonIgnore
    public AudioTrackType getAudioTrackType() {
        return audioTrackType;
    }

    public GenerationConfig setAudioTrackType(AudioTrackType audioTrackType) {
        this.audioTrackType = audioTrackType;
        return this;
    }

    public GenerationConfig setDescriptionContent(String descriptionContent) {
        this.descriptionContent = descriptionContent;
        return this;
    }

    @Override
    public String toString() {
        return "GenerationConfig[language=" + language + ", category=" + category + ", format=" + format + ", adType="
                + adType + ", voice=" + voice + "]";
    }
}
