package io.describer.camel.job.stats;

import java.util.function.DoubleSupplier;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the engine's stats: Micrometer when it is on the class path and a registry is bound, else none. */
public final class StatsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(StatsFactory.class);
    static final String MICROMETER_REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

    private StatsFactory() {}

    public static EngineStats create(CamelContext context, DoubleSupplier jobsInFlight) {
        if (context.getClassResolver().resolveClass(MICROMETER_REGISTRY_CLASS) == null) {
            LOG.debug("No metrics: Micrometer is not on the class path");
            return EngineStats.NOOP;
        }
        EngineStats stats = MicrometerEngineStats.lookup(context, jobsInFlight);
        if (stats == EngineStats.NOOP) {
            LOG.debug("No metrics: no Micrometer MeterRegistry in the Camel registry");
        } else {
            LOG.info("Describer metrics go to the Micrometer registry of {} (camel.describer.*)", context.getName());
        }
        return stats;
    }
}
