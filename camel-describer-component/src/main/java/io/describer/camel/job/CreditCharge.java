package io.describer.camel.job;

import java.time.Instant;
import java.util.List;

/**
 * What one check-and-spend did: either spent {@code amount} in every account (one per ceiling, each in the period
 * current at the time) or nothing, naming the ceiling that would have been exceeded and what its period had spent.
 */
public record CreditCharge(long amount, List<Account> accounts, CreditCeiling refusedBy, long spent) {

    /** One ledger row: the spending of a scope in one period, which starts at {@code periodStart}. */
    public record Account(String scope, CreditPeriod period, Instant periodStart) {}

    public static CreditCharge spent(long amount, List<Account> accounts) {
        return new CreditCharge(amount, List.copyOf(accounts), null, 0);
    }

    public static CreditCharge refused(long amount, CreditCeiling ceiling, long spent) {
        return new CreditCharge(amount, List.of(), ceiling, spent);
    }

    public boolean accepted() {
        return refusedBy == null;
    }
}
