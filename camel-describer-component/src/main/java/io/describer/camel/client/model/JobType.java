package io.describer.camel.client.model;

/** The three generation endpoints; each starts one job. */
public enum JobType implements ApiValue {
    TEXT("text", "generate_ad_text"),
    AUDIO("audio", "generate_ad_audio"),
    VIDEO("video", "generate_ad_video");

    private final String value;
    private final String endpoint;

    JobType(String value, String endpoint) {
        this.value = value;
        this.endpoint = endpoint;
    }

    /** Path segment under {@code /enterprise/api/}. */
    public String endpoint() {
        return endpoint;
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
