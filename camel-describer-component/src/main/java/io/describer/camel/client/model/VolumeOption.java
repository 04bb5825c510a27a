package io.describer.camel.client.model;

/** How the description track's loudness is set; {@code max} uses {@code volume_level_db} as the peak level. */
public enum VolumeOption implements ApiValue {
    AUTO("auto"),
    MAX("max");

    private final String value;

    VolumeOption(String value) {
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
