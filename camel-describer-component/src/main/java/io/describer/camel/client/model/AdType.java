package io.describer.camel.client.model;

/** Standard AD fits descriptions into natural pauses; extended AD pauses the video (text and video jobs only). */
public enum AdType implements ApiValue {
    STANDARD_AD("standard_ad"),
    EXTENDED_AD("extended_ad");

    private final String value;

    AdType(String value) {
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
