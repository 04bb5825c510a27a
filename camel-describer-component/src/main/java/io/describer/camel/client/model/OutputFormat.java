package io.describer.camel.client.model;

/** Format of the description script in a job's {@code output}. */
public enum OutputFormat implements ApiValue {
    JSON("json"),
    VTT("vtt"),
    SRT("srt"),
    EDL("edl");

    private final String value;

    OutputFormat(String value) {
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
