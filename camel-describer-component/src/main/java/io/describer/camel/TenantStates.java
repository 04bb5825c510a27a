package io.describer.camel;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.describer.camel.job.Admission;

/**
 * What each tenant's calls are doing, for health details: {@code tenant.<id>.state} is {@code running},
 * {@code stopped} (the service refused its key: 401) or {@code paused} (out of credits, rate-limited, or its queue is
 * full), with {@code .reason} and {@code .until} when not running. Names tenants, never keys.
 */
final class TenantStates {

    static final String RUNNING = "running";
    static final String STOPPED = "stopped";
    static final String PAUSED = "paused";

    private TenantStates() {}

    static Map<String, Object> of(DescriberComponent component) {
        Clock clock = Clock.systemUTC();
        Map<String, DescriberTenants.Tenant> tenants = component.getTenants().all();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tenants", String.join(",", tenants.keySet()));
        for (DescriberTenants.Tenant t : tenants.values()) {
            String prefix = "tenant." + t.id() + ".";
            String state = RUNNING;
            String reason = null;
            Instant until = null;
            Instant planUntil = t.planLimitedUntil();
            Instant rateUntil = t.rateLimitedUntil(clock);
            Admission admission = DescriberTenants.DEFAULT.equals(t.id())
                    ? component.getAdmissionIfCreated()
                    : component.getTenantAdmissions().get(t.id());
            if (t.refusedAt() != null) {
                state = STOPPED;
                reason = "the service refused its API key (401) at " + t.refusedAt()
                        + "; its calls fail without being sent until the key is rotated";
                until = t.refusedAt().plus(DescriberTenants.REFUSED_RECHECK);
            } else if (planUntil != null) {
                state = PAUSED;
                reason = "out of credits (429 plan_limit_exceeded at " + t.planLimitedAt() + ": " + t.planLimitMessage()
                        + "); its job starts fail without a call";
                until = planUntil;
            } else if (rateUntil != null) {
                state = PAUSED;
                reason = "rate-limited (429 rate_limit_exceeded): its calls wait";
                until = rateUntil;
            } else if (admission != null && admission.isPaused()) {
                state = PAUSED;
                reason = "held back: " + admission.pauseReason();
            }
            details.put(prefix + "state", state);
            if (reason != null) {
                details.put(prefix + "reason", reason);
            }
            if (until != null) {
                details.put(prefix + "until", until.toString());
            }
        }
        return details;
    }
}
