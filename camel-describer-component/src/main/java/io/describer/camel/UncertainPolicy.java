package io.describer.camel;

import java.util.Locale;

/** What a source does whose earlier job start has an unknown outcome: option {@code uncertainPolicy}. */
public enum UncertainPolicy {
    /** Wait for an operator to settle it (operation {@code settle}): nothing is billed twice. */
    HOLD("hold"),
    /** Submit again once {@code uncertainResubmitDelay} has passed since the job start: may bill twice. */
    RESUBMIT_AFTER("resubmit-after"),
    /** Submit again at once: may bill twice. */
    RESUBMIT("resubmit");

    private final String value;

    UncertainPolicy(String value) {
        this.value = value;
    }

    /** Parses the option, naming it and the valid values when the text does not match. */
    public static UncertainPolicy parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (UncertainPolicy p : values()) {
                if (p.value.equals(t)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("Invalid value '" + text
                + "' for option uncertainPolicy; valid values: hold, resubmit-after, resubmit");
    }

    @Override
    public String toString() {
        return value;
    }
}
