package io.describer.camel.job.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.job.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of undelivered jobs, by tenant, as last counted. A scrape reads the cached numbers: a count query per
 * scrape would load a store shared by many nodes and make every scrape as slow as the database. {@link #refresh()}
 * runs on a schedule instead, one grouped query for all tenants. NaN until the first count, or while the store cannot
 * be counted. A tenant once seen stays (at 0 when its jobs are delivered): a gauge that vanished would read as "no
 * data" rather than "none left".
 */
public final class InFlightJobs implements DoubleSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightJobs.class);

    /** The tenant of jobs submitted with the endpoints' own keys. */
    static final String DEFAULT_TENANT = "default";

    private final Supplier<JobStore> store;
    private final Map<String, Double> counts = new ConcurrentHashMap<>();
    private final Map<String, Double> queued = new ConcurrentHashMap<>();
    private final Map<String, Double> processing = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean counted;
    private volatile boolean failing;

    /** @param store the store if it exists yet (null: nothing counted, no store created just for this) */
    public InFlightJobs(Supplier<JobStore> store) {
        this.store = store;
        counts.put(DEFAULT_TENANT, Double.NaN);
    }

    /** Tells {@code listener} of every tenant seen so far and of each new one (e.g. to add its gauge). */
    public void onTenant(Consumer<String> listener) {
        listeners.add(listener);
        counts.keySet().forEach(listener);
    }

    public void refresh() {
        JobStore s = store.get();
        if (s == null) {
            return;
        }
        Map<String, Map<JobStatus, Long>> now;
        try {
            now = s.countPendingByTenantAndStatus();
            failing = false;
        } catch (RuntimeException e) {
            counted = false;
            counts.replaceAll((t, n) -> Double.NaN);
            if (!failing) {
                failing = true;
                LOG.warn("Could not count the jobs in flight for metrics: {}", e.getMessage());
            }
            return;
        }
        counts.replaceAll((t, n) -> 0.0);
        queued.replaceAll((t, n) -> 0.0);
        processing.replaceAll((t, n) -> 0.0);
        now.forEach((tenant, byStatus) -> {
            String t = tenant == null ? DEFAULT_TENANT : tenant;
            queued.put(t, byStatus.getOrDefault(JobStatus.QUEUED, 0L).doubleValue());
            processing.put(t, byStatus.getOrDefault(JobStatus.PROCESSING, 0L).doubleValue());
            double all = byStatus.values().stream().mapToLong(Long::longValue).sum();
            if (counts.put(t, all) == null) {
                listeners.forEach(l -> l.accept(t));
            }
        });
        counted = true;
    }

    /** The jobs of {@code tenant} the service last reported queued (NaN before the first count). */
    public double queued(String tenant) {
        return counted ? queued.getOrDefault(tenant, 0.0) : Double.NaN;
    }

    /** The jobs of {@code tenant} the service last reported processing (NaN before the first count). */
    public double processing(String tenant) {
        return counted ? processing.getOrDefault(tenant, 0.0) : Double.NaN;
    }

    /** The undelivered jobs of {@code tenant} as last counted (NaN before the first count). */
    public double of(String tenant) {
        if (!counted) {
            return Double.NaN;
        }
        return counts.getOrDefault(tenant, 0.0);
    }

    /** All tenants' undelivered jobs as last counted. */
    @Override
    public double getAsDouble() {
        if (!counted) {
            return Double.NaN;
        }
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
