package io.describer.camel;

import io.describer.camel.client.DescriberException;
import io.describer.camel.job.CreditCeiling;
import io.describer.camel.job.CreditPeriod;
import io.describer.camel.job.Credits;

/**
 * A job start refused by a credit ceiling of this component (not by the service): its estimate would take the spending
 * of a tenant or an endpoint budget in the current day or month (UTC) above the ceiling. Nothing was started and
 * nothing spent ({@link #mayExist()} is false), so a dead-letter channel may keep the message for later.
 */
public class DescriberBudgetExceededException extends DescriberException {

    public static final String CODE = "credit_limit_exceeded";

    private final String scope;
    private final String tenant;
    private final String budgetName;
    private final CreditPeriod period;
    private final double limit;
    private final double spent;
    private final Double estimate;

    public DescriberBudgetExceededException(
            CreditCeiling ceiling, long spent, Double estimate, String tenant, String budgetName) {
        super(0, CODE, describe(ceiling, spent, estimate, tenant, budgetName), null);
        this.scope = ceiling.scope();
        this.tenant = tenant;
        this.budgetName = budgetName;
        this.period = ceiling.period();
        this.limit = Credits.toCredits(ceiling.limit());
        this.spent = Credits.toCredits(spent);
        this.estimate = estimate;
    }

    private static String describe(CreditCeiling ceiling, long spent, Double estimate, String tenant, String budget) {
        String whose = ceiling.scope().startsWith(CreditBudget.TENANT_SCOPE)
                ? "tenant " + tenant + " (option tenantCreditLimits)"
                : "budget " + budget + " (option creditLimitPer"
                        + (ceiling.period() == CreditPeriod.DAY ? "Day" : "Month") + ")";
        return "Not submitted: the credit ceiling of " + whose + " is " + Credits.format(ceiling.limit())
                + " credits per " + ceiling.period().label() + " (UTC), " + Credits.format(spent)
                + " are spent this " + ceiling.period().label() + ", and "
                + (estimate != null
                        ? "this job is estimated at " + estimate + " credits"
                        : "no job fits before the period ends")
                + " (tenant " + tenant + ", budget " + budget + ")";
    }

    /** The ledger scope of the ceiling: {@code tenant:<id>} or {@code endpoint:<budgetName>}. */
    public String getScope() {
        return scope;
    }

    public String getTenant() {
        return tenant;
    }

    /** The endpoint's budget name (option budgetName). */
    public String getBudgetName() {
        return budgetName;
    }

    public CreditPeriod getPeriod() {
        return period;
    }

    /** The ceiling, in credits. */
    public double getLimit() {
        return limit;
    }

    /** Credits spent in the current period when the job was refused. */
    public double getSpent() {
        return spent;
    }

    /** The job's estimate in credits, or null when refused before the upload because the period is spent. */
    public Double getEstimate() {
        return estimate;
    }

    @Override
    public boolean mayExist() {
        return false;
    }
}
