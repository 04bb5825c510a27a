package io.describer.camel.client.model;

/** Which WAV an audio job returns: source dialogue mixed with narration, or narration only. */
public enum AudioTrackType implements ApiValue {
    MIXED("mixed"),
    AD_ONLY("ad_only");

    private final String value;

    AudioTrackType(String value) {
        this.value = value;
    }

    @Override
    public String apiValue() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
