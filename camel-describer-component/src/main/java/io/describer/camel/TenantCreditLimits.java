package io.describer.camel;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.describer.camel.job.CreditPeriod;
import io.describer.camel.job.Credits;

/**
 * Option tenantCreditLimits parsed: {@code acme=100/day,acme=1500/month,globex=2000/month,*=50/day}. A tenant may have
 * a ceiling per day, per month, or both; {@code *} is the ceiling of every tenant not listed (each counted on its
 * own).
 */
final class TenantCreditLimits {

    static final String OPTION = "tenantCreditLimits";
    static final String ANY = "*";

    private final Map<String, Map<CreditPeriod, Long>> limits;

    private TenantCreditLimits(Map<String, Map<CreditPeriod, Long>> limits) {
        this.limits = limits;
    }

    static TenantCreditLimits parse(String text) {
        Map<String, Map<CreditPeriod, Long>> limits = new LinkedHashMap<>();
        if (text != null) {
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                int slash = entry.lastIndexOf('/');
                if (eq <= 0 || slash < eq) {
                    throw invalid(entry);
                }
                String tenant = entry.substring(0, eq).trim();
                CreditPeriod period = CreditPeriod.parse(entry.substring(slash + 1), OPTION);
                double credits;
                try {
                    credits = Double.parseDouble(entry.substring(eq + 1, slash).trim());
                } catch (NumberFormatException e) {
                    throw invalid(entry);
                }
                if (tenant.isEmpty() || !(credits > 0) || Double.isInfinite(credits)) {
                    throw invalid(entry);
                }
                Long before = limits.computeIfAbsent(tenant, t -> new EnumMap<>(CreditPeriod.class))
                        .put(period, Credits.hundredths(credits));
                if (before != null) {
                    throw new IllegalArgumentException("Option " + OPTION + " gives tenant " + tenant
                            + " two ceilings per " + period.label() + ": keep one");
                }
            }
        }
        return new TenantCreditLimits(limits);
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("Invalid entry '" + entry.trim() + "' in option " + OPTION
                + "; valid values: tenant=credits/day or tenant=credits/month, comma-separated, credits positive,"
                + " tenant * for every tenant not listed, e.g. acme=100/day,globex=2000/month");
    }

    boolean isEmpty() {
        return limits.isEmpty();
    }

    /** The ceilings of a tenant in hundredths of a credit: its own, else those of {@code *}, else none. */
    Map<CreditPeriod, Long> of(String tenant) {
        Map<CreditPeriod, Long> own = limits.get(tenant);
        if (own != null) {
            return own;
        }
        return limits.getOrDefault(ANY, Map.of());
    }
}
