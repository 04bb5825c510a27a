package io.describer.camel.job.jdbc;

import java.util.Locale;

/** The few places where databases differ for the job store. */
enum Dialect {
    /** Claims in one statement with {@code FOR UPDATE SKIP LOCKED}. */
    POSTGRESQL(true),
    /** H2's SKIP LOCKED is limited, so claims take the portable optimistic path. */
    H2(false),
    /** Anything else that accepts the standard DDL and {@code LIMIT}: optimistic claims. */
    OTHER(false);

    private final boolean skipLocked;

    Dialect(boolean skipLocked) {
        this.skipLocked = skipLocked;
    }

    boolean skipLocked() {
        return skipLocked;
    }

    /** From {@link java.sql.DatabaseMetaData#getDatabaseProductName()}. */
    static Dialect of(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        return name.equals("h2") ? H2 : OTHER;
    }
}
