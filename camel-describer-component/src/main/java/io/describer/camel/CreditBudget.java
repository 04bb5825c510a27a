package io.describer.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.MediaInput;
import io.describer.camel.job.CreditCeiling;
import io.describer.camel.job.CreditCharge;
import io.describer.camel.job.CreditLedger;
import io.describer.camel.job.CreditPeriod;
import io.describer.camel.job.Credits;
import io.describer.camel.job.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credit ceilings that apply to one endpoint's job starts: the endpoint's budget (creditLimitPerDay,
 * creditLimitPerMonth, counted under budgetName) and the tenant's (component option tenantCreditLimits). Spending is
 * kept in the job store's {@link CreditLedger}, so it holds across restarts and across nodes sharing the store.
 */
public final class CreditBudget {

    private static final Logger LOG = LoggerFactory.getLogger(CreditBudget.class);

    static final String TENANT_SCOPE = "tenant:";
    static final String ENDPOINT_SCOPE = "endpoint:";
    /** The tenant of a message that names none. */
    public static final String DEFAULT_TENANT = "default";

    private static final int MAX_SCOPE = 255;

    private final String budgetName;
    private final Map<CreditPeriod, Long> endpointLimits;
    private final TenantCreditLimits tenantLimits;
    private final CreditLedger ledger;

    private CreditBudget(
            String budgetName,
            Map<CreditPeriod, Long> endpointLimits,
            TenantCreditLimits tenantLimits,
            CreditLedger ledger) {
        this.budgetName = budgetName;
        this.endpointLimits = endpointLimits;
        this.tenantLimits = tenantLimits;
        this.ledger = ledger;
    }

    /**
     * The budget of an endpoint, or null when no ceiling is configured for it or its tenants. Fails (at route start)
     * when ceilings are configured but the job store keeps no credit ledger.
     */
    static CreditBudget of(DescriberEndpoint endpoint) {
        DescriberConfiguration c = endpoint.getConfiguration();
        Map<CreditPeriod, Long> own = new java.util.EnumMap<>(CreditPeriod.class);
        putLimit(own, CreditPeriod.DAY, c.getCreditLimitPerDay(), "creditLimitPerDay");
        putLimit(own, CreditPeriod.MONTH, c.getCreditLimitPerMonth(), "creditLimitPerMonth");
        TenantCreditLimits tenants = endpoint.getComponent().tenantCreditLimits();
        if (own.isEmpty() && tenants.isEmpty()) {
            return null;
        }
        String name = c.getBudgetName() != null && !c.getBudgetName().isBlank()
                ? c.getBudgetName().trim()
                : "describer:" + endpoint.getOperation();
        requireScope(ENDPOINT_SCOPE + name, "budgetName");
        JobStore store = endpoint.getJobStore();
        if (!(store instanceof CreditLedger ledger)) {
            throw new IllegalArgumentException("Credit ceilings (creditLimitPerDay, creditLimitPerMonth,"
                    + " tenantCreditLimits) need a job store that keeps a credit ledger, such as the default"
                    + " JdbcJobStore; the configured jobStore "
                    + store.getClass().getName() + " does not implement "
                    + CreditLedger.class.getName() + ". Remove the ceilings or use a JdbcJobStore");
        }
        return new CreditBudget(name, own, tenants, ledger);
    }

    private static void putLimit(Map<CreditPeriod, Long> limits, CreditPeriod period, double credits, String option) {
        if (credits < 0 || Double.isNaN(credits) || Double.isInfinite(credits)) {
            throw new IllegalArgumentException("Invalid value " + credits + " for option " + option
                    + "; valid values: 0 (no ceiling) or a positive number of credits");
        }
        if (credits > 0) {
            limits.put(period, Credits.hundredths(credits));
        }
    }

    /**
     * The tenant whose ceilings apply: the one the endpoint resolved for the message (header CamelDescriberTenant, else
     * option tenant), else {@value #DEFAULT_TENANT} for the endpoint's own key.
     */
    public static String tenantOf(String resolvedTenant) {
        return resolvedTenant != null ? resolvedTenant : DEFAULT_TENANT;
    }

    public String budgetName() {
        return budgetName;
    }

    /** The ceilings of a tenant's job start on this endpoint, in hundredths of a credit. */
    public List<CreditCeiling> ceilings(String tenant) {
        List<CreditCeiling> ceilings = new ArrayList<>();
        endpointLimits.forEach(
                (period, limit) -> ceilings.add(new CreditCeiling(ENDPOINT_SCOPE + budgetName, period, limit)));
        Map<CreditPeriod, Long> own = tenantLimits.of(tenant);
        if (!own.isEmpty()) {
            String scope = requireScope(TENANT_SCOPE + tenant, DescriberConstants.TENANT);
            own.forEach((period, limit) -> ceilings.add(new CreditCeiling(scope, period, limit)));
        }
        return ceilings;
    }

    /**
     * Before the upload, so a refused job does not upload its media first: refuses when a period is spent already (or,
     * with an estimate known from header CamelDescriberMediaDuration, when the job would not fit), and when the
     * estimate cannot be known (see {@link #unknownDuration}).
     */
    public void checkBeforeUpload(List<CreditCeiling> ceilings, String tenant, MediaInput input, Double estimate)
            throws DescriberBudgetExceededException {
        if (ceilings.isEmpty()) {
            return;
        }
        for (CreditCeiling ceiling : ceilings) {
            long spent = ledger.spent(ceiling.scope(), ceiling.period());
            long need = estimate != null ? Credits.hundredths(estimate) : 1;
            if (spent + need > ceiling.limit()) {
                throw new DescriberBudgetExceededException(ceiling, spent, estimate, tenant, budgetName);
            }
        }
        if (estimate == null) {
            if (input instanceof MediaInput.MediaId id) {
                throw unknownDuration(
                        "media " + id.mediaId() + " is given by id and the API cannot be asked its" + " duration");
            }
            if (input instanceof MediaInput.Content content
                    && content.content().length() > DescriberClient.DIRECT_UPLOAD_LIMIT) {
                throw unknownDuration("media above the direct upload limit goes by the signed upload, whose answers"
                        + " carry no duration");
            }
        }
    }

    /** After the upload: the duration the service gave, else the message's; without one no estimate, so refused. */
    public static IllegalArgumentException unknownDuration(String why) {
        return new IllegalArgumentException("Not submitted: a credit ceiling applies but the job's cost cannot be"
                + " estimated (" + why + "); set header " + DescriberConstants.MEDIA_DURATION
                + " to the media's duration in seconds (e.g. from an earlier describer:upload)");
    }

    /**
     * The check-and-spend, right before the job start: spends the estimate in every ceiling's current period, or
     * throws {@link DescriberBudgetExceededException} having spent nothing.
     */
    public CreditCharge charge(List<CreditCeiling> ceilings, String tenant, double estimate)
            throws DescriberBudgetExceededException {
        CreditCharge charge = ledger.charge(ceilings, Credits.hundredths(estimate));
        if (!charge.accepted()) {
            throw new DescriberBudgetExceededException(
                    charge.refusedBy(), charge.spent(), estimate, tenant, budgetName);
        }
        return charge;
    }

    /** Gives back a charge whose job start started nothing; a failure to do so leaves it spent (never under-counts). */
    public void refund(CreditCharge charge) {
        if (charge == null) {
            return;
        }
        try {
            ledger.refund(charge);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not give back {} credits of a job start that started nothing; they stay spent: {}",
                    Credits.format(charge.amount()),
                    e.getMessage());
        }
    }

    private static String requireScope(String scope, String what) {
        if (scope.length() > MAX_SCOPE) {
            throw new IllegalArgumentException("Invalid value '" + scope.substring(0, 40) + "…' for " + what
                    + "; valid values: at most " + (MAX_SCOPE - TENANT_SCOPE.length()) + " characters");
        }
        return scope;
    }
}
