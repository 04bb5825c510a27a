package io.describer.camel.job;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** The calendar periods of a credit ceiling, in UTC: a ceiling per day starts again at 00:00 UTC. */
public enum CreditPeriod {
    DAY,
    MONTH;

    /** Start of the period that holds {@code at}. */
    public Instant start(Instant at) {
        LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate first = this == DAY ? date : date.withDayOfMonth(1);
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** End (exclusive) of the period that holds {@code at}: the next one's start. */
    public Instant end(Instant at) {
        LocalDate first = LocalDate.ofInstant(start(at), ZoneOffset.UTC);
        return (this == DAY ? first.plusDays(1) : first.plusMonths(1))
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /** {@code day} or {@code month}, as written in options. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code day} or {@code month} (case-insensitive); the error names the valid values. */
    public static CreditPeriod parse(String text, String option) {
        String value = text == null ? "" : text.trim();
        for (CreditPeriod p : values()) {
            if (p.name().equalsIgnoreCase(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "Invalid credit period '" + text + "' in option " + option + "; valid values: day, month");
    }
}
