package io.describer.camel.client.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enumerated value of the API: {@link #apiValue()} is what goes on the wire, {@code toString()} is what users write
 * (URI options, headers, YAML).
 */
public interface ApiValue {

    String apiValue();

    /**
     * Parses a user-written value leniently (case-insensitive; the URI form, the constant name or the API's own string)
     * and fails with a message naming the option, the bad value and every valid one.
     */
    static <E extends Enum<E> & ApiValue> E parse(Class<E> type, String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "Option " + option + " has an empty value; valid values: " + validValues(type));
        }
        String wanted = value.trim();
        for (E e : type.getEnumConstants()) {
            if (e.toString().equalsIgnoreCase(wanted)
                    || e.name().equalsIgnoreCase(wanted)
                    || e.apiValue().equalsIgnoreCase(wanted)
                    || e.name().equalsIgnoreCase(wanted.replace('-', '_').toUpperCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "Invalid value '" + value + "' for option " + option + "; valid values: " + validValues(type));
    }

    static <E extends Enum<E> & ApiValue> String validValues(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
    }
}
