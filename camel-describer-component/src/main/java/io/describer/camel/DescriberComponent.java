package io.describer.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import io.describer.camel.client.ApiRateLimiter;
import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.ApiValue;
import io.describer.camel.client.model.AudioTrackType;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import io.describer.camel.client.model.VolumeOption;
import io.describer.camel.job.Admission;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.Retention;
import io.describer.camel.job.StorePlaces;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.stats.EngineEvents;
import io.describer.camel.job.stats.EngineStats;
import io.describer.camel.job.stats.InFlightJobs;
import io.describer.camel.job.stats.StatsFactory;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates {@code describer:operation} endpoints for the ViddyScribe audio-description API. */
@Component("describer")
public class DescriberComponent extends HealthCheckComponent {

    /**
     * No ceiling by default: a fixed one capped a busy route below what the service takes (2,000/s held submissions at
     * a third of a raw client's rate). The service's own limit is respected through its 429 rate_limit_exceeded, which
     * pauses every thread of the JVM for its retry_after.
     */
    public static final int DEFAULT_MAX_CALLS_PER_SECOND = 0;

    private static final Logger LOG = LoggerFactory.getLogger(DescriberComponent.class);

    @Metadata
    private DescriberConfiguration configuration = new DescriberConfiguration();

    @Metadata(
            label = "advanced",
            autowired = true,
            description = "The job store shared by all endpoints of this component; by default an SQLite file database"
                    + " at jobStoreLocation")
    private JobStore jobStore;

    @Metadata(
            label = "advanced",
            defaultValue = "30d",
            javaType = "java.time.Duration",
            description =
                    "How long delivered jobs (done or failed) stay in the job store before they are purged; 0 keeps"
                            + " them forever. A purged job's dedupe key is free again: a source redelivered after this period is"
                            + " submitted, and billed, again. Pending and uncertain jobs are never purged")
    private long retention = 30L * 24 * 60 * 60 * 1000;

    private ScheduledExecutorService retentionPurge;

    private DescriberJobStoreHealthCheck jobStoreCheck;

    @Metadata(
            label = "advanced",
            description =
                    "A data source for the job store, e.g. a PostgreSQL database shared by several JVMs; the schema"
                            + " is created on first use")
    private DataSource jobStoreDataSource;

    @Metadata(
            label = "advanced",
            defaultValue = ".camel-describer/jobs",
            description = "File path of the embedded job store, used when neither jobStore nor jobStoreDataSource is"
                    + " set: SQLite at <path>.db; H2 when the path ends in .mv.db or <path>.mv.db exists")
    private String jobStoreLocation = ".camel-describer/jobs";

    @Metadata(label = "advanced", defaultValue = "describer_job", description = "Table of the job store")
    private String jobStoreTable = "describer_job";

    @Metadata(
            label = "advanced",
            description =
                    "Name of this node in job leases and reservations, unique among live nodes and the same across"
                            + " restarts (so a restarted node turns its own unfinished submissions into uncertain ones); by"
                            + " default kept in a file beside the embedded H2 store, else host, process and a random suffix")
    private String nodeId;

    @Metadata(
            label = "advanced",
            defaultValue = "0",
            description = "Ceiling of API calls per second of all endpoints of this component together (get_results"
                    + " polls, submissions, uploads; not signed-URL transfers); 0 (the default) for none. A 429 rate_limit_exceeded"
                    + " answer pauses them all for its retry_after whatever this says")
    private int maxCallsPerSecond = DEFAULT_MAX_CALLS_PER_SECOND;

    private boolean ownsJobStore;
    private ApiRateLimiter rateLimiter;
    /** Results consumers of this component, told of jobs recorded here so they check each when it falls due. */
    private final Set<JobListener> jobListeners = new CopyOnWriteArraySet<>();

    /** Hears of jobs recorded by this component's producers. */
    public interface JobListener {
        void jobRecorded(StoredJob job);
    }

    @Metadata(
            label = "advanced",
            defaultValue = "true",
            description = "Hold sources back instead of sleeping when the service's queue is full: a job start refused"
                    + " with 429 queue_limit_exceeded or concurrency_limit_exceeded is not retried on the route thread;"
                    + " the message waits in line without a thread and starts as soon as a job ends, later starts stay"
                    + " within the learnt limit, and the polling route is suspended while the line is long; when the"
                    + " line is full or the application stops it fails with DescriberBackPressureException (roll it"
                    + " back). false: retry those answers on the route thread like any other 429")
    private boolean backPressure = true;

    @Metadata(
            label = "advanced",
            defaultValue = "0",
            description = "Most jobs this component keeps queued or processing at the service (counted in the job"
                    + " store, so across nodes sharing it); 0 = as many as the service accepts, learnt from its first"
                    + " queue_limit_exceeded")
    private int maxJobsInFlight;

    private Admission admission;
    /** The admissions of named tenants: each a team with its own queue limit. */
    private final Map<String, Admission> tenantAdmissions = new java.util.concurrent.ConcurrentHashMap<>();

    private ScheduledExecutorService admissionTicker;
    private ExecutorService admissionPool;
    private EventNotifierSupport lineReleaser;
    /** Threads that start jobs for sources admitted from the line: uploads and job starts, a few at a time. */
    private static final int ADMITTED_THREADS = 4;

    @Metadata(
            label = "producer",
            description =
                    "Credit ceilings per tenant (header CamelDescriberTenant, else tenant default), per UTC day or"
                            + " month, for all endpoints of this component: comma-separated tenant=credits/day or"
                            + " tenant=credits/month, * for every tenant not listed, e.g. acme=100/day,acme=1500/month,*=50/day."
                            + " A job whose estimate would exceed one fails with DescriberBudgetExceededException before it"
                            + " is started; spending is kept in the job store")
    private String tenantCreditLimits;

    private TenantCreditLimits parsedTenantCreditLimits;
    /** Durations of uploads a refused start keeps, so the retry by media id is estimated as the first try was. */
    private final MediaDurations mediaDurations = new MediaDurations();

    private final DescriberTenants tenants = new DescriberTenants(Clock.systemUTC());

    @Metadata(
            label = "producer",
            defaultValue = "5m",
            javaType = "java.time.Duration",
            description =
                    "After 429 plan_limit_exceeded (the tenant's credits are exhausted), how long that tenant's"
                            + " job starts fail at once with DescriberTenantException (code tenant_plan_limit) without a call;"
                            + " then one start asks the service again. Other tenants go on. An accepted start, a restart or"
                            + " DescriberTenants.clearPlanLimit(tenant) ends the pause sooner; 0: no pause, every start asks the service")
    private long planLimitRecheckInterval = DescriberTenants.PLAN_LIMIT_RECHECK.toMillis();

    @Metadata(
            label = "advanced",
            defaultValue = "10s",
            javaType = "java.time.Duration",
            description = "How often the jobs-in-flight metric counts the job store's pending jobs; a scrape reads the"
                    + " last count, never the database")
    private long metricsRefreshInterval = 10_000L;

    private EngineEvents events;
    private ScheduledExecutorService metricsRefresher;

    /** Where the API key's fallback is read; replaced in tests. */
    private UnaryOperator<String> environment = System::getenv;

    private boolean recovered;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DescriberOperation operation = DescriberOperation.parse(remaining);
        normalizeEnumOptions(parameters);
        DescriberEndpoint endpoint = new DescriberEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Turns enum option values into constants with our own lenient parser, so a bad value fails endpoint creation (route
     * start) with the option, the value and the valid values, instead of Camel's generic conversion error.
     */
    private static void normalizeEnumOptions(Map<String, Object> parameters) {
        normalize(parameters, "language", Language.class);
        normalize(parameters, "category", VideoCategory.class);
        normalize(parameters, "format", OutputFormat.class);
        normalize(parameters, "adType", AdType.class);
        normalize(parameters, "volumeOption", VolumeOption.class);
        normalize(parameters, "audioTrackType", AudioTrackType.class);
    }

    private static <E extends Enum<E> & ApiValue> void normalize(
            Map<String, Object> parameters, String option, Class<E> type) {
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            if (e.getKey().equalsIgnoreCase(option) && e.getValue() instanceof String s) {
                e.setValue(ApiValue.parse(type, option, s));
            }
        }
    }

    /**
     * The job store, created on first use from the component's options. On first use it also recovers what this node
     * left unfinished when it last stopped or crashed (see {@link JobStore#recoverAfterRestart}).
     */
    public synchronized JobStore getOrCreateJobStore() {
        if (jobStore == null) {
            if (jobStoreDataSource != null) {
                jobStore = JobStores.forDataSource(jobStoreDataSource, jobStoreTable, Clock.systemUTC());
            } else {
                jobStore = JobStores.embedded(Path.of(jobStoreLocation), jobStoreTable, Clock.systemUTC());
            }
            ownsJobStore = true;
        }
        if (retentionPurge == null && retention > 0 && getCamelContext() != null) {
            Retention purge = new Retention(jobStore, Duration.ofMillis(retention), Clock.systemUTC());
            retentionPurge = getCamelContext()
                    .getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "JobRetention");
            long every = purge.period().toMillis();
            retentionPurge.scheduleWithFixedDelay(purge, every, every, TimeUnit.MILLISECONDS);
        }
        if (!recovered) {
            recovered = true;
            String node = getOrCreateNodeId();
            int uncertain = jobStore.recoverAfterRestart(node);
            if (uncertain > 0) {
                LOG.warn(
                        "{} job start(s) of node {} were cut off by its last stop or crash before their outcome was"
                                + " recorded: they are uncertain submissions now (dev console 'describer'; settle them"
                                + " with the settle operation)",
                        uncertain,
                        node);
            }
        }
        return jobStore;
    }

    public void addJobListener(JobListener listener) {
        jobListeners.add(listener);
    }

    public void removeJobListener(JobListener listener) {
        jobListeners.remove(listener);
    }

    /** Called by producers once a submitted job is in the store. */
    public void jobRecorded(StoredJob job) {
        for (JobListener listener : jobListeners) {
            listener.jobRecorded(job);
        }
    }

    /** The one limiter of every client this component's endpoints build, created on first use. */
    public synchronized ApiRateLimiter getOrCreateRateLimiter() {
        if (maxCallsPerSecond < 0) {
            throw new IllegalArgumentException("Invalid value " + maxCallsPerSecond
                    + " for option maxCallsPerSecond; valid values: 0 (no ceiling) or more calls per second");
        }
        if (rateLimiter == null) {
            rateLimiter = ApiRateLimiter.perSecond(maxCallsPerSecond);
        }
        return rateLimiter;
    }

    /**
     * The admission of job starts shared by all endpoints, created on first use; its housekeeping runs 10 times a second
     * (a place freed in the service's queue is refilled within a tick of the results consumer seeing its job end).
     */
    /** The admission of the endpoints' own keys if one was created (for health details), else null. */
    public synchronized Admission getAdmissionIfCreated() {
        return admission;
    }

    public synchronized Admission getOrCreateAdmission() {
        if (admission == null) {
            JobStore store = getOrCreateJobStore();
            // the jobs of the endpoints' own keys; named tenants count their own (getOrCreateAdmission(tenant))
            admission = new Admission(
                    () -> tenantAdmissions.isEmpty() ? store.countPendingByStatus() : store.countPendingByStatus(null),
                    places(store, null),
                    Clock.systemUTC(),
                    maxJobsInFlight);
            admissionTicker = getCamelContext()
                    .getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "DescriberAdmission");
            admissionPool = getCamelContext()
                    .getExecutorServiceManager()
                    .newFixedThreadPool(this, "DescriberAdmitted", ADMITTED_THREADS);
            Admission a = admission;
            // sources waiting in line are held back before the graceful shutdown waits for in-flight exchanges
            lineReleaser = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                        a.releaseLine("the application is stopping");
                    }
                }
            };
            ServiceHelper.startService(lineReleaser);
            getCamelContext().getManagementStrategy().addEventNotifier(lineReleaser);
            admissionTicker.scheduleWithFixedDelay(
                    () -> {
                        try {
                            a.tick();
                            tenantAdmissions.values().forEach(Admission::tick);
                        } catch (RuntimeException e) {
                            // e.g. the store is briefly unavailable: the next tick tries again
                            org.slf4j.LoggerFactory.getLogger(DescriberComponent.class)
                                    .debug("Admission housekeeping failed: {}", e.toString());
                        }
                    },
                    100,
                    100,
                    TimeUnit.MILLISECONDS);
        }
        return admission;
    }

    /**
     * Where starts under way claim their places: in the job store when other nodes may share it (a data source or a
     * store of the application's), so that two nodes do not both fill the same free places; an embedded store is only
     * ever this JVM's.
     */
    private Admission.Places places(JobStore store, String tenant) {
        boolean embedded;
        synchronized (this) {
            embedded = jobStoreDataSource == null && (jobStore == null || ownsJobStore);
        }
        return embedded ? Admission.Places.LOCAL : new StorePlaces(store, getOrCreateNodeId(), tenant);
    }

    /** Option tenantCreditLimits, parsed once (a bad entry fails the first endpoint's start). */
    synchronized TenantCreditLimits tenantCreditLimits() {
        if (parsedTenantCreditLimits == null) {
            parsedTenantCreditLimits = TenantCreditLimits.parse(tenantCreditLimits);
        }
        return parsedTenantCreditLimits;
    }

    public MediaDurations getMediaDurations() {
        return mediaDurations;
    }

    /** Where starts admitted from the admission's line run (no thread waits in line). */
    synchronized ExecutorService getAdmissionExecutor() {
        getOrCreateAdmission();
        return admissionPool;
    }

    /**
     * The admission of {@code tenant}'s job starts (null: the endpoints' own keys), counting only its jobs: one
     * tenant's full queue holds back none of another's starts.
     */
    public Admission getOrCreateAdmission(String tenant) {
        Admission shared = getOrCreateAdmission();
        if (tenant == null) {
            return shared;
        }
        JobStore store = getOrCreateJobStore();
        boolean[] created = {false};
        // outside computeIfAbsent: places() takes this component's lock
        Admission.Places places = places(store, tenant);
        Admission a = tenantAdmissions.computeIfAbsent(tenant, t -> {
            created[0] = true;
            return new Admission(() -> store.countPendingByStatus(t), places, Clock.systemUTC(), maxJobsInFlight);
        });
        EngineEvents ev;
        synchronized (this) {
            ev = events;
        }
        if (created[0] && ev != null) {
            ev.stats().trackSourcesWaiting(tenant, a::waitingSources);
        }
        return a;
    }

    /** The admissions of named tenants in use (for consoles). */
    public Map<String, Admission> getTenantAdmissions() {
        return new java.util.TreeMap<>(tenantAdmissions);
    }

    /** What the component keeps per tenant: pauses and refused keys. */
    public DescriberTenants getTenants() {
        return tenants;
    }

    /** The admission when in use, else null (for consoles). */
    public synchronized Admission getAdmission() {
        return admission;
    }

    /**
     * Logs and metrics of the job engine, shared by all endpoints: Micrometer meters when Micrometer is on the class
     * path and a MeterRegistry is in the Camel registry, else log lines only.
     */
    public synchronized EngineEvents getOrCreateEvents() {
        if (events == null) {
            InFlightJobs inFlight = new InFlightJobs(this::existingJobStore);
            EngineStats stats = StatsFactory.create(getCamelContext(), inFlight, this::sourcesWaiting);
            if (stats != EngineStats.NOOP) {
                metricsRefresher = getCamelContext()
                        .getExecutorServiceManager()
                        .newSingleThreadScheduledExecutor(this, "DescriberMetrics");
                metricsRefresher.scheduleWithFixedDelay(
                        inFlight::refresh, 0, Math.max(100, metricsRefreshInterval), TimeUnit.MILLISECONDS);
                tenantAdmissions.forEach((t, a) -> stats.trackSourcesWaiting(t, a::waitingSources));
            }
            events = new EngineEvents(stats);
        }
        return events;
    }

    /** Sources held back by the admission of the endpoints' own keys (tenant default), for its gauge. */
    private double sourcesWaiting() {
        Admission shared;
        synchronized (this) {
            shared = admission;
        }
        return shared != null ? shared.waitingSources() : 0;
    }

    /** The store if one was created or set: counting jobs for metrics must not create one. */
    private synchronized JobStore existingJobStore() {
        return jobStore;
    }

    /** The value of an environment variable, or null. */
    String environmentVariable(String name) {
        return environment.apply(name);
    }

    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /**
     * This node's name in leases and reservations, unique among live nodes. It must stay the same across restarts, so
     * that a restarted node recognises its own unfinished submissions: with the embedded store it is kept in a file
     * beside the H2 database (only one JVM can open that file); with a shared data source or store, set nodeId, else
     * a random one is used and a crashed node's submissions become uncertain only when their reservation lease ends.
     */
    public synchronized String getOrCreateNodeId() {
        if (nodeId == null) {
            boolean embedded = jobStoreDataSource == null && (jobStore == null || ownsJobStore);
            nodeId = embedded
                    ? persistedNodeId(Path.of(jobStoreLocation + ".node-id").toAbsolutePath())
                    : ProcessHandle.current().pid() + "@" + hostName() + "-" + randomSuffix();
        }
        return nodeId;
    }

    private static String persistedNodeId(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = hostName() + "-" + randomSuffix();
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "node-id", ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the node id file " + file + " (set option nodeId)", e);
        }
    }

    private static String randomSuffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        HealthCheckRegistry registry = HealthCheckRegistry.get(getCamelContext());
        if (registry != null) {
            jobStoreCheck = new DescriberJobStoreHealthCheck(this);
            jobStoreCheck.setCamelContext(getCamelContext());
            registry.register(jobStoreCheck);
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (retentionPurge != null) {
            // not shutdownNow: an interrupted job store write makes H2 close its file
            getCamelContext().getExecutorServiceManager().shutdown(retentionPurge);
            retentionPurge = null;
        }
        if (jobStoreCheck != null) {
            HealthCheckRegistry registry = HealthCheckRegistry.get(getCamelContext());
            if (registry != null) {
                registry.unregister(jobStoreCheck);
            }
            jobStoreCheck = null;
        }
        if (admissionTicker != null) {
            getCamelContext().getExecutorServiceManager().shutdown(admissionTicker);
            admissionTicker = null;
            admission.releaseLine("the describer component is stopping");
            getCamelContext().getManagementStrategy().removeEventNotifier(lineReleaser);
            ServiceHelper.stopService(lineReleaser);
            getCamelContext().getExecutorServiceManager().shutdown(admissionPool);
            admissionPool = null;
            admission = null;
            tenantAdmissions.clear();
        }
        if (metricsRefresher != null) {
            getCamelContext().getExecutorServiceManager().shutdown(metricsRefresher);
            metricsRefresher = null;
        }
        if (events != null && events.stats() instanceof AutoCloseable closeable) {
            closeable.close();
        }
        events = null;
        if (ownsJobStore && jobStore != null) {
            jobStore.close();
            jobStore = null;
            ownsJobStore = false;
        }
        recovered = false;
        super.doStop();
    }

    public JobStore getJobStore() {
        return jobStore;
    }

    /**
     * The job store shared by all endpoints of this component; by default an SQLite file database at jobStoreLocation.
     */
    public void setJobStore(JobStore jobStore) {
        this.jobStore = jobStore;
    }

    public DataSource getJobStoreDataSource() {
        return jobStoreDataSource;
    }

    /**
     * A data source for the job store, e.g. a PostgreSQL database shared by several JVMs; the schema is created on first
     * use.
     */
    public void setJobStoreDataSource(DataSource jobStoreDataSource) {
        this.jobStoreDataSource = jobStoreDataSource;
    }

    public String getJobStoreLocation() {
        return jobStoreLocation;
    }

    /**
     * File path of the embedded job store, used when neither jobStore nor jobStoreDataSource is set: SQLite at
     * <path>.db; H2 when the path ends in .mv.db or <path>.mv.db exists.
     */
    public void setJobStoreLocation(String jobStoreLocation) {
        this.jobStoreLocation = jobStoreLocation;
    }

    public long getRetention() {
        return retention;
    }

    /**
     * How long delivered jobs (done or failed) stay in the job store before they are purged; 0 keeps them forever. A
     * purged job's dedupe key is free again: a source redelivered after this period is submitted, and billed, again.
     * Pending and uncertain jobs are never purged.
     */
    public void setRetention(long retention) {
        this.retention = retention;
    }

    public String getJobStoreTable() {
        return jobStoreTable;
    }

    /**
     * Table of the job store.
     */
    public void setJobStoreTable(String jobStoreTable) {
        this.jobStoreTable = jobStoreTable;
    }

    public String getNodeId() {
        return nodeId;
    }

    /**
     * Name of this node in job leases and reservations, unique among live nodes and the same across restarts (so a
     * restarted node turns its own unfinished submissions into uncertain ones); by default kept in a file beside the
     * embedded H2 store, else host, process and a random suffix.
     */
    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public int getMaxCallsPerSecond() {
        return maxCallsPerSecond;
    }

    /**
     * Ceiling of API calls per second of all endpoints of this component together (get_results polls, submissions,
     * uploads; not signed-URL transfers); 0 for none. A 429 rate_limit_exceeded answer pauses them all for its
     * retry_after whatever this says.
     */
    public void setMaxCallsPerSecond(int maxCallsPerSecond) {
        this.maxCallsPerSecond = maxCallsPerSecond;
    }

    public boolean isBackPressure() {
        return backPressure;
    }

    /**
     * Hold sources back instead of sleeping when the service's queue is full: a job start refused with 429
     * queue_limit_exceeded or concurrency_limit_exceeded is not retried on the route thread; the message waits in line
     * without a thread and starts as soon as a job ends, later starts stay within the learnt limit, and the polling
     * route is suspended while the line is long; when the line is full or the application stops it fails with
     * DescriberBackPressureException (roll it back). false: retry those answers on the route thread like any other 429.
     */
    public void setBackPressure(boolean backPressure) {
        this.backPressure = backPressure;
    }

    public int getMaxJobsInFlight() {
        return maxJobsInFlight;
    }

    /**
     * Most jobs this component keeps queued or processing at the service (counted in the job store, so across nodes
     * sharing it); 0 = as many as the service accepts, learnt from its first queue_limit_exceeded.
     */
    public void setMaxJobsInFlight(int maxJobsInFlight) {
        this.maxJobsInFlight = maxJobsInFlight;
    }

    public long getMetricsRefreshInterval() {
        return metricsRefreshInterval;
    }

    /**
     * How often the jobs-in-flight metric counts the job store's pending jobs; a scrape reads the last count, never the
     * database.
     */
    public void setMetricsRefreshInterval(long metricsRefreshInterval) {
        this.metricsRefreshInterval = metricsRefreshInterval;
    }

    public long getPlanLimitRecheckInterval() {
        return planLimitRecheckInterval;
    }

    /**
     * After 429 plan_limit_exceeded (the tenant's credits are exhausted), how long that tenant's job starts fail at
     * once with DescriberTenantException (code tenant_plan_limit) without a call; then one start asks the service
     * again. Other tenants go on. An accepted start, a restart or DescriberTenants.clearPlanLimit(tenant) ends the
     * pause sooner; 0: no pause, every start asks the service.
     */
    public void setPlanLimitRecheckInterval(long planLimitRecheckInterval) {
        if (planLimitRecheckInterval < 0) {
            throw new IllegalArgumentException("Invalid value " + planLimitRecheckInterval
                    + " for option planLimitRecheckInterval: a duration of 0 or more (e.g. 5m, 30s)");
        }
        this.planLimitRecheckInterval = planLimitRecheckInterval;
        tenants.setPlanLimitRecheck(java.time.Duration.ofMillis(planLimitRecheckInterval));
    }

    public String getTenantCreditLimits() {
        return tenantCreditLimits;
    }

    /**
     * Credit ceilings per tenant (header CamelDescriberTenant, else tenant default), per UTC day or month, for all
     * endpoints of this component: comma-separated tenant=credits/day or tenant=credits/month, * for every tenant not
     * listed, e.g. acme=100/day,acme=1500/month,*=50/day. A job whose estimate would exceed one fails with
     * DescriberBudgetExceededException before it is started; spending is kept in the job store.
     */
    public synchronized void setTenantCreditLimits(String tenantCreditLimits) {
        this.tenantCreditLimits = tenantCreditLimits;
        this.parsedTenantCreditLimits = null;
    }

    public DescriberConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The default configuration of every describer endpoint of this component (e.g. the API key, set once as
     * camel.component.describer.api-key).
     */
    public void setConfiguration(DescriberConfiguration configuration) {
        this.configuration = configuration;
    }
}
