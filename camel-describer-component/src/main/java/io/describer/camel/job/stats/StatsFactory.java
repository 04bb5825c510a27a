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

    /**
     * Whether this component's class loader sees Micrometer: that is the loader {@link MicrometerEngineStats} would be
     * linked with, whatever Camel's class resolver sees.
     */
    static boolean micrometerVisible() {
        try {
            Class.forName(MICROMETER_REGISTRY_CLASS, false, StatsFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    public static EngineStats create(CamelContext context, DoubleSupplier jobsInFlight, DoubleSupplier sourcesWaiting) {
        if (!micrometerVisible()) {
            LOG.debug("No metrics: Micrometer is not on the class path");
            return EngineStats.NOOP;
        }
        EngineStats stats = MicrometerEngineStats.lookup(context, jobsInFlight, sourcesWaiting);
        if (stats == EngineStats.NOOP) {
            LOG.debug("No metrics: no Micrometer MeterRegistry in the Camel registry");
        } else {
            LOG.info("Describer metrics go to the Micrometer registry of {} (camel.describer.*)", context.getName());
        }
        return stats;
    }
}
