package io.describer.camel.client.model;

/** Lifecycle of a generation job; {@code done} and {@code failed} are terminal. */
public enum JobStatus implements ApiValue {
    QUEUED("queued"),
    PROCESSING("processing"),
    DONE("done"),
    FAILED("failed");

    private final String value;

    JobStatus(String value) {
        this.value = value;
    }

    public boolean isTerminal() {
        return this == DONE || this == FAILED;
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
