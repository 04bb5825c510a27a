package io.describer.camel.client.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

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

    /**
     * Reads the wire value ({@code "queued"}) case-insensitively; an unknown status reads as null rather than failing,
     * so a new server-side state does not break polling.
     */
    @JsonCreator
    public static JobStatus fromApiValue(String value) {
        if (value == null) {
            return null;
        }
        for (JobStatus s : values()) {
            if (s.value.equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        return null;
    }

    @JsonValue
    @Override
    public String apiValue() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
