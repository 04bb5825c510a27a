package io.describer.camel.job;

import java.util.Objects;

/**
 * A ceiling on the credits spent in one scope (an endpoint's budget, a tenant) per calendar period. Amounts are in
 * hundredths of a credit (see {@link Credits}), so sums in the ledger are exact.
 *
 * @param scope  what the spending is counted under, e.g. {@code tenant:acme} or {@code endpoint:describer:video}
 * @param period day or month (UTC)
 * @param limit  most hundredths of a credit that may be spent in one period
 */
public record CreditCeiling(String scope, CreditPeriod period, long limit) {

    public CreditCeiling {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        if (limit <= 0) {
            throw new IllegalArgumentException("A credit ceiling must be positive: " + limit);
        }
    }

    @Override
    public String toString() {
        return scope + " " + Credits.format(limit) + "/" + period.label();
    }
}
