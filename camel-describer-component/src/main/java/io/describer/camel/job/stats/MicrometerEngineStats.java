package io.describer.camel.job.stats;

import java.time.Duration;
import java.util.Set;
import java.util.function.DoubleSupplier;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;

import static io.describer.camel.job.stats.DescriberMetrics.CAMEL_CONTEXT_TAG;
import static io.describer.camel.job.stats.DescriberMetrics.CODE_TAG;
import static io.describer.camel.job.stats.DescriberMetrics.OPERATION_TAG;
import static io.describer.camel.job.stats.DescriberMetrics.STATUS_TAG;
import static io.describer.camel.job.stats.DescriberMetrics.TENANT_TAG;

/**
 * {@link EngineStats} on a Micrometer {@link MeterRegistry}. Only {@link StatsFactory} loads this class, and only when
 * Micrometer is on the class path, so the component runs without it.
 */
public final class MicrometerEngineStats implements EngineStats, AutoCloseable {

    /** The name camel-micrometer binds its registry under. */
    public static final String CAMEL_REGISTRY_NAME = "metricsRegistry";

    /** The tenant tag of the endpoints' own keys. */
    static final String DEFAULT_TENANT = "default";

    private final MeterRegistry registry;
    private final Meter.MeterProvider<Counter> submitted;
    private final Meter.MeterProvider<Counter> done;
    private final Meter.MeterProvider<Counter> failed;
    private final Meter.MeterProvider<Counter> uncertain;
    private final Meter.MeterProvider<Counter> calls;
    private final Meter.MeterProvider<Counter> retries;
    private final Meter.MeterProvider<Counter> throttled;
    private final Meter.MeterProvider<Counter> credits;
    private final Meter.MeterProvider<Timer> delivery;
    private final Meter.MeterProvider<Counter> uploaded;
    private final Meter.MeterProvider<Counter> downloaded;
    private final Tags common;
    /** One jobs-in-flight gauge per tenant, removed on close (they read this context's job store). */
    private final java.util.List<Gauge> inFlight = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.util.List<Gauge> sourcesWaiting = new java.util.concurrent.CopyOnWriteArrayList<>();

    public MicrometerEngineStats(MeterRegistry registry, String camelContext, DoubleSupplier jobsInFlight) {
        this(registry, camelContext, jobsInFlight, () -> 0);
    }

    public MicrometerEngineStats(
            MeterRegistry registry, String camelContext, DoubleSupplier jobsInFlight, DoubleSupplier sourcesWaiting) {
        this.registry = registry;
        this.common = Tags.of(CAMEL_CONTEXT_TAG, camelContext);
        submitted = counter(DescriberMetrics.JOBS_SUBMITTED, "Jobs the service accepted", common);
        done = counter(DescriberMetrics.JOBS_DONE, "Jobs the service reported done", common);
        failed = counter(DescriberMetrics.JOBS_FAILED, "Jobs the service reported failed", common);
        uncertain = counter(
                DescriberMetrics.JOBS_UNCERTAIN, "Job starts whose outcome is unknown (the job may exist)", common);
        calls = counter(DescriberMetrics.API_CALLS, "HTTP attempts by API operation", common);
        retries = counter(DescriberMetrics.API_RETRIES, "Retried attempts by operation and error code", common);
        throttled = counter(DescriberMetrics.API_THROTTLED, "429 answers by operation and code", common);
        credits = counter(
                DescriberMetrics.CREDITS_ESTIMATED,
                "Credits the submitted jobs should cost: source minutes times the price list's multiplier",
                common);
        delivery = Timer.builder(DescriberMetrics.JOBS_DELIVERY)
                .description("Time from recording a job to the completion of its results exchange")
                .tags(common)
                .withRegistry(registry);
        uploaded = Counter.builder(DescriberMetrics.UPLOADED)
                .description("Media bytes sent to the service or its signed upload URLs")
                .baseUnit("bytes")
                .tags(common)
                .withRegistry(registry);
        downloaded = Counter.builder(DescriberMetrics.DOWNLOADED)
                .description("Result bytes downloaded from signed URLs")
                .baseUnit("bytes")
                .tags(common)
                .withRegistry(registry);
        // shown at 0 from the start, as before they had a tenant tag
        uploaded.withTags(TENANT_TAG, DEFAULT_TENANT);
        downloaded.withTags(TENANT_TAG, DEFAULT_TENANT);
        if (jobsInFlight instanceof InFlightJobs jobs) {
            jobs.onTenant(t -> {
                trackInFlight(t, () -> jobs.of(t));
                // a backlog's progress: how many wait in the service's queue and how many it works on
                inFlight.add(storeGauge(
                        DescriberMetrics.JOBS_QUEUED,
                        "Jobs the service last reported queued (all nodes sharing the job store), by tenant",
                        t,
                        () -> jobs.queued(t)));
                inFlight.add(storeGauge(
                        DescriberMetrics.JOBS_PROCESSING,
                        "Jobs the service last reported processing (all nodes sharing the job store), by tenant",
                        t,
                        () -> jobs.processing(t)));
            });
        } else {
            trackInFlight(DEFAULT_TENANT, jobsInFlight);
        }
        trackSourcesWaiting(DEFAULT_TENANT, sourcesWaiting);
    }

    /**
     * The stats of {@code context}'s meter registry: the one named {@value #CAMEL_REGISTRY_NAME} (camel-micrometer),
     * else the only one, else Spring Boot's composite; {@link EngineStats#NOOP} when there is none.
     */
    static EngineStats lookup(CamelContext context, DoubleSupplier jobsInFlight, DoubleSupplier sourcesWaiting) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(CAMEL_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            Set<MeterRegistry> all = context.getRegistry().findByType(MeterRegistry.class);
            if (all.size() == 1) {
                registry = all.iterator().next();
            } else {
                registry = all.stream()
                        .filter(CompositeMeterRegistry.class::isInstance)
                        .findFirst()
                        .orElse(null);
            }
        }
        return registry == null
                ? EngineStats.NOOP
                : new MicrometerEngineStats(registry, context.getName(), jobsInFlight, sourcesWaiting);
    }

    /** A jobs-in-flight gauge for {@code tenant}'s undelivered jobs. */
    private void trackInFlight(String tenant, DoubleSupplier jobs) {
        inFlight.add(Gauge.builder(DescriberMetrics.JOBS_INFLIGHT, jobs, DoubleSupplier::getAsDouble)
                .description("Jobs in the job store not delivered yet (all nodes sharing it), by tenant; refreshed in"
                        + " the background, not per scrape")
                .tags(common)
                .tag(TENANT_TAG, tenant)
                .strongReference(true)
                .register(registry));
    }

    private Gauge storeGauge(String name, String description, String tenant, DoubleSupplier value) {
        return Gauge.builder(name, value, DoubleSupplier::getAsDouble)
                .description(description + "; refreshed in the background, not per scrape")
                .tags(common)
                .tag(TENANT_TAG, tenant)
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void trackSourcesWaiting(String tenant, DoubleSupplier waiting) {
        sourcesWaiting.add(Gauge.builder(DescriberMetrics.SOURCES_WAITING, waiting, DoubleSupplier::getAsDouble)
                .description("Sources held back by back-pressure on this node (waiting in line or to come again), by"
                        + " tenant")
                .tags(common)
                .tag(TENANT_TAG, tenant)
                .strongReference(true)
                .register(registry));
    }

    private Meter.MeterProvider<Counter> counter(String name, String description, Tags common) {
        return Counter.builder(name).description(description).tags(common).withRegistry(registry);
    }

    @Override
    public void register(JobEvent event, JobType type) {
        register(DEFAULT_TENANT, event, type);
    }

    @Override
    public void register(String tenant, JobEvent event, JobType type) {
        Meter.MeterProvider<Counter> counter = switch (event) {
            case SUBMITTED -> submitted;
            case DONE -> done;
            case FAILED -> failed;
            case UNCERTAIN -> uncertain;
        };
        counter.withTags(OPERATION_TAG, type.apiValue(), TENANT_TAG, tenant).increment();
    }

    @Override
    public void registerCall(String operation) {
        registerCall(DEFAULT_TENANT, operation);
    }

    @Override
    public void registerCall(String tenant, String operation) {
        calls.withTags(OPERATION_TAG, operation, TENANT_TAG, tenant).increment();
    }

    @Override
    public void registerRetry(String operation, String code) {
        registerRetry(DEFAULT_TENANT, operation, code);
    }

    @Override
    public void registerRetry(String tenant, String operation, String code) {
        retries.withTags(OPERATION_TAG, operation, CODE_TAG, code, TENANT_TAG, tenant)
                .increment();
    }

    @Override
    public void registerThrottled(String operation, String code) {
        registerThrottled(DEFAULT_TENANT, operation, code);
    }

    @Override
    public void registerThrottled(String tenant, String operation, String code) {
        throttled
                .withTags(OPERATION_TAG, operation, CODE_TAG, code, TENANT_TAG, tenant)
                .increment();
    }

    @Override
    public void registerTransfer(Transfer direction, long bytes) {
        registerTransfer(DEFAULT_TENANT, direction, bytes);
    }

    @Override
    public void registerTransfer(String tenant, Transfer direction, long bytes) {
        (direction == Transfer.UPLOADED ? uploaded : downloaded)
                .withTags(TENANT_TAG, tenant)
                .increment(bytes);
    }

    @Override
    public void registerDelivery(JobType type, JobStatus status, Duration sinceSubmission) {
        registerDelivery(DEFAULT_TENANT, type, status, sinceSubmission);
    }

    @Override
    public void registerDelivery(String tenant, JobType type, JobStatus status, Duration sinceSubmission) {
        delivery.withTags(OPERATION_TAG, type.apiValue(), STATUS_TAG, String.valueOf(status), TENANT_TAG, tenant)
                .record(sinceSubmission.isNegative() ? Duration.ZERO : sinceSubmission);
    }

    @Override
    public void registerCredits(JobType type, double estimate) {
        registerCredits(DEFAULT_TENANT, type, estimate);
    }

    @Override
    public void registerCredits(String tenant, JobType type, double estimate) {
        if (estimate > 0) {
            credits.withTags(OPERATION_TAG, type.apiValue(), TENANT_TAG, tenant).increment(estimate);
        }
    }

    /** Removes the gauges, which refer to this context's job store and admissions; counters stay with the registry. */
    @Override
    public void close() {
        inFlight.forEach(registry::remove);
        sourcesWaiting.forEach(registry::remove);
    }
}
