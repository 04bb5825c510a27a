package io.describer.camel;

import java.time.Instant;
import java.util.Map;

import io.describer.camel.job.JobStore;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the job store: a write that changes nothing (a purge of rows older than the epoch), so a store that no
 * longer accepts writes (deleted file, read-only or full disk, database down) reads DOWN with the store's reason. A
 * restart would not help, so it is not a liveness check.
 */
final class DescriberJobStoreHealthCheck extends AbstractHealthCheck {

    private final DescriberComponent component;

    DescriberJobStoreHealthCheck(DescriberComponent component) {
        super("camel", "describer-job-store");
        this.component = component;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        JobStore store = component.getJobStore();
        if (store == null) {
            // nothing opened it yet: no describer endpoint has needed it
            builder.detail("jobStore", "not opened yet").up();
            return;
        }
        try {
            store.purge(Instant.EPOCH);
            builder.detail("pendingJobs", store.countPending()).up();
        } catch (RuntimeException e) {
            builder.message("The describer job store cannot be written: " + DescriberProducerHealthCheck.reason(e))
                    .error(e)
                    .down();
        }
    }
}
