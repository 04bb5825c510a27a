package io.describer.camel.job.stats;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import io.describer.camel.job.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of undelivered jobs, as last counted. A scrape reads the cached number: a count query per scrape would
 * load a store shared by many nodes and make every scrape as slow as the database. {@link #refresh()} runs on a
 * schedule instead. NaN until the first count, or while the store cannot be counted.
 */
public final class InFlightJobs implements DoubleSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightJobs.class);

    private final Supplier<JobStore> store;
    private volatile double count = Double.NaN;
    private volatile boolean failing;

    /** @param store the store if it exists yet (null: nothing counted, no store created just for this) */
    public InFlightJobs(Supplier<JobStore> store) {
        this.store = store;
    }

    public void refresh() {
        JobStore s = store.get();
        if (s == null) {
            return;
        }
        try {
            count = s.countPending();
            failing = false;
        } catch (RuntimeException e) {
            count = Double.NaN;
            if (!failing) {
                failing = true;
                LOG.warn("Could not count the jobs in flight for metrics: {}", e.getMessage());
            }
        }
    }

    @Override
    public double getAsDouble() {
        return count;
    }
}
