package io.describer.camel;

import io.describer.camel.client.DescriberRateLimitException;
import io.describer.camel.client.MediaInput;
import io.describer.camel.client.RetryPolicy;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.MediaRecord;
import io.describer.camel.job.Admission;
import io.describer.camel.job.JobSubmission;
import io.describer.camel.job.ProgressLogger;
import io.describer.camel.job.StoredJob;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Uploads media, starts description jobs and reads job results. */
public class DescriberProducer extends DefaultAsyncProducer implements RouteIdAware {

    private static final Logger LOG = LoggerFactory.getLogger(DescriberProducer.class);

    private String routeId;
    private WritableHealthCheckRepository healthRepository;
    private DescriberProducerHealthCheck healthCheck;

    public DescriberProducer(DescriberEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // opened now, so a store another JVM holds (or whose file is lost) fails the route's start
        getEndpoint().getJobStore();
        // producer checks are off unless camel.health.producers-enabled=true (Camel's own default)
        healthRepository = HealthCheckHelper.getHealthCheckRepository(
                getEndpoint().getCamelContext(), "producers", WritableHealthCheckRepository.class);
        if (healthRepository != null) {
            healthCheck = new DescriberProducerHealthCheck(
                    getEndpoint(),
                    getRouteId() != null ? getRouteId() : getEndpoint().getId());
            healthCheck.setEnabled(getEndpoint().getComponent().isHealthCheckProducerEnabled());
            healthRepository.addHealthCheck(healthCheck);
        }
    }

    @Override
    public String getRouteId() {
        return routeId;
    }

    @Override
    public void setRouteId(String routeId) {
        this.routeId = routeId;
    }

    @Override
    protected void doStop() throws Exception {
        if (healthRepository != null && healthCheck != null) {
            healthRepository.removeHealthCheck(healthCheck);
            healthCheck.close();
        }
        super.doStop();
    }

    @Override
    public DescriberEndpoint getEndpoint() {
        return (DescriberEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            DescriberOperation operation = determineOperation(exchange);
            // an invalid or unknown tenant fails here, before any call
            String tenant = getEndpoint().tenantOf(exchange.getMessage());
            switch (operation) {
                case UPLOAD -> upload(exchange, tenant);
                case RESULTS -> results(exchange, tenant);
                case SETTLE -> new UncertainSettlement(getEndpoint()).settle(exchange);
                default -> {
                    if (startJob(exchange, operation.jobType(), tenant, callback)) {
                        return false;
                    }
                }
            }
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    DescriberOperation determineOperation(Exchange exchange) {
        Object header = exchange.getMessage().getHeader(DescriberConstants.OPERATION);
        if (header == null) {
            return getEndpoint().getOperation();
        }
        return header instanceof DescriberOperation op ? op : DescriberOperation.parse(header.toString());
    }

    private void upload(Exchange exchange, String tenant) throws Exception {
        MediaInput input = MediaInputResolver.resolve(exchange, getEndpoint().getConfiguration(), false);
        MediaRecord media = getEndpoint()
                .clientFor(tenant)
                .uploadMedia(input, getEndpoint().getEvents().uploads(tenant, new ProgressLogger("Uploading")));
        LOG.info("Uploaded media {} ({})", media.mediaId(), media.status());
        Message out = exchange.getMessage();
        out.setHeader(DescriberConstants.MEDIA_ID, media.mediaId());
        out.setHeader(DescriberConstants.MEDIA_DURATION, media.durationSeconds());
        out.setHeader(DescriberConstants.FRAME_RATE, media.frameRate());
        out.setBody(media);
    }

    /** Returns true when the exchange continues asynchronously (waiting for the job to end). */
    private boolean startJob(Exchange exchange, JobType type, String tenant, AsyncCallback callback) throws Exception {
        Message in = exchange.getMessage();
        DescriberEndpoint endpoint = getEndpoint();
        boolean wait = endpoint.getConfiguration().isWaitForCompletion();
        GenerationConfig config = GenerationConfigResolver.forMessage(endpoint.getGenerationConfig(), in, type);
        // a tenant out of credits fails here, before any upload or call; other tenants go on
        endpoint.getComponent().getTenants().failIfPlanLimited(tenant);
        if (!endpoint.getComponent().isBackPressure()) {
            return started(exchange, submit(exchange, type, config, wait, tenant), wait, callback);
        }
        if (tenant != null) {
            return startForTenant(exchange, type, config, wait, tenant, callback);
        }
        Admission admission = endpoint.getComponent().getOrCreateAdmission();
        Admission.Permit permit = admission.tryEnter(sourceName(exchange));
        if (permit == null) {
            // the line holds a media id, not a stream that may go stale while it waits
            new JobSubmission(endpoint).uploadBeforeLine(exchange, type, config);
            waitInLine(
                    exchange,
                    type,
                    config,
                    wait,
                    callback,
                    false,
                    admission.snapshot().reason(),
                    null);
            return true;
        }
        return submitAdmitted(exchange, type, config, wait, callback, permit);
    }

    /**
     * A named tenant is a team with its own queue: only its own jobs count and only its own starts are held back. Its
     * starts do not wait in the line (that serves the endpoints' own key): a held-back start fails at once with
     * DescriberBackPressureException naming the tenant, to be rolled back.
     */
    private boolean startForTenant(
            Exchange exchange,
            JobType type,
            GenerationConfig config,
            boolean wait,
            String tenant,
            AsyncCallback callback)
            throws Exception {
        Admission admission = getEndpoint().getComponent().getOrCreateAdmission(tenant);
        Admission.Permit permit = admission.tryEnter(sourceName(exchange));
        if (permit == null) {
            throw heldBack(exchange, tenant, admission.snapshot().reason(), null);
        }
        Attempt attempt = submitUnder(permit, exchange, type, config, wait, tenant);
        if (attempt.refusal() != null) {
            DescriberRateLimitException refusal = attempt.refusal();
            throw heldBack(exchange, tenant, refusal.getCode() + ": " + refusal.getMessage(), refusal);
        }
        return started(exchange, attempt.started(), wait, callback);
    }

    /** A start under a permit: the started job, or the service's back-pressure refusal (the permit ended either way). */
    private record Attempt(JobSubmission.Outcome started, DescriberRateLimitException refusal) {}

    /** Submits under {@code permit} and ends it: started, refused for the plan's limits (returned), or failed. */
    private Attempt submitUnder(
            Admission.Permit permit,
            Exchange exchange,
            JobType type,
            GenerationConfig config,
            boolean wait,
            String tenant)
            throws Exception {
        try {
            JobSubmission.Outcome outcome = submit(exchange, type, config, wait, tenant);
            permit.started(outcome.job().dedupeKey(), !outcome.duplicate());
            return new Attempt(outcome, null);
        } catch (Exception e) {
            DescriberRateLimitException refusal = ObjectHelper.getException(DescriberRateLimitException.class, e);
            if (refusal != null && RetryPolicy.isBackPressure(refusal)) {
                permit.refused(refusal);
                return new Attempt(null, refusal);
            }
            permit.failed();
            throw e;
        }
    }

    /**
     * One job start of {@code tenant} (null: the endpoints' own keys): fails without a call while the service says the
     * tenant is out of credits; a plan_limit_exceeded answer pauses the tenant's starts, an accepted start ends that.
     */
    private JobSubmission.Outcome submit(
            Exchange exchange, JobType type, GenerationConfig config, boolean wait, String tenant) throws Exception {
        DescriberTenants tenants = getEndpoint().getComponent().getTenants();
        tenants.checkPlanLimit(tenant);
        JobSubmission.Outcome outcome;
        try {
            outcome = new JobSubmission(getEndpoint()).submit(exchange, type, config, wait);
        } catch (Exception e) {
            tenants.startAnswered(tenant, e);
            throw e;
        }
        if (!outcome.duplicate()) {
            tenants.startAnswered(tenant, null);
        }
        return outcome;
    }

    /** Sets the started job on the message; true when the exchange continues asynchronously (waiting for its end). */
    private boolean started(Exchange exchange, JobSubmission.Outcome outcome, boolean wait, AsyncCallback callback) {
        Message in = exchange.getMessage();
        DescriberEndpoint endpoint = getEndpoint();
        StoredJob job = outcome.job();
        in.setHeader(DescriberConstants.JOB_ID, job.jobId());
        in.setHeader(DescriberConstants.MEDIA_ID, job.mediaId());
        in.setHeader(DescriberConstants.JOB_STATUS, job.status());
        // no operation header on the way out: it would silently redirect the next describer step of the route
        in.setHeader(DescriberConstants.DUPLICATE, outcome.duplicate());
        in.setBody(new JobRecord(job.jobId(), job.status(), job.mediaId()));
        if (wait) {
            if (outcome.duplicate()) {
                endpoint.getCompletionWaiter().observe(job, exchange, callback);
            } else {
                endpoint.getCompletionWaiter().await(job, exchange, callback);
            }
            return true;
        }
        return false;
    }

    /**
     * Back-pressure: a start goes to the service only within the queue level it accepts; otherwise, or when the service
     * refuses it for its queue or concurrency limit, the exchange waits in the admission's line without a thread (the
     * producer continues asynchronously once a place is free) and its polling route is suspended while the line is long.
     * No thread sleeps on a full queue. Returns true when the exchange continues asynchronously.
     */
    private boolean submitAdmitted(
            Exchange exchange,
            JobType type,
            GenerationConfig config,
            boolean wait,
            AsyncCallback callback,
            Admission.Permit permit)
            throws Exception {
        Attempt attempt = submitUnder(permit, exchange, type, config, wait, null);
        DescriberRateLimitException refusal = attempt.refusal();
        if (refusal != null) {
            // back at the head of the line: a refused start keeps its place (and its uploaded media id)
            waitInLine(
                    exchange,
                    type,
                    config,
                    wait,
                    callback,
                    true,
                    refusal.getCode() + ": " + refusal.getMessage(),
                    refusal);
            return true;
        }
        return started(exchange, attempt.started(), wait, callback);
    }

    /**
     * Puts the exchange in the admission's line; it continues on the component's admission thread pool once admitted.
     * When the line is full the exchange is held back at once (DescriberBackPressureException, to be rolled back).
     */
    private void waitInLine(
            Exchange exchange,
            JobType type,
            GenerationConfig config,
            boolean wait,
            AsyncCallback callback,
            boolean first,
            String reason,
            Exception cause)
            throws DescriberBackPressureException {
        DescriberComponent component = getEndpoint().getComponent();
        Admission admission = component.getOrCreateAdmission();
        Admission.Waiter waiter = new Admission.Waiter() {
            @Override
            public void admitted(Admission.Permit permit) {
                try {
                    component.getAdmissionExecutor().execute(() -> {
                        boolean async;
                        try {
                            async = submitAdmitted(exchange, type, config, wait, callback, permit);
                        } catch (Exception e) {
                            exchange.setException(e);
                            async = false;
                        }
                        if (!async) {
                            callback.done(false);
                        }
                    });
                } catch (RuntimeException e) {
                    // the pool is shut down: nothing was sent
                    permit.failed();
                    released("the application is stopping");
                }
            }

            @Override
            public void released(String why) {
                exchange.setException(heldBack(exchange, null, why, null));
                callback.done(false);
            }
        };
        String source = sourceName(exchange);
        String fromRoute = exchange.getFromRouteId();
        if (fromRoute != null) {
            DescriberBackPressurePolicy.ensureOn(getEndpoint().getCamelContext().getRoute(fromRoute), null);
        }
        if (!admission.await(source, waiter, first)) {
            throw heldBack(exchange, null, reason != null ? reason : "the admission's line is full", cause);
        }
        LOG.debug("{} waits in line: {}", source, reason);
    }

    /**
     * A tenant named by the message's header shares its route with other tenants: the route keeps running and only the
     * message fails (fast, before any call). A tenant of the endpoint (option tenant or its own key) has the route to
     * itself: it is suspended until the tenant's jobs drain.
     */
    private DescriberBackPressureException heldBack(Exchange exchange, String tenant, String reason, Exception cause) {
        String fromRoute = exchange.getFromRouteId();
        boolean perMessage = exchange.getMessage().getHeader(DescriberConstants.TENANT) != null;
        if (fromRoute != null && !perMessage) {
            DescriberBackPressurePolicy.ensureOn(getEndpoint().getCamelContext().getRoute(fromRoute), tenant);
        }
        if (tenant != null) {
            reason = "tenant '" + tenant + "': " + reason;
        }
        LOG.debug("Holding back {}: {}", sourceName(exchange), reason);
        return new DescriberBackPressureException(reason, exchange, cause);
    }

    /** Names the source message for the count of waiting sources: the same file or object each time it comes back. */
    static String sourceName(Exchange exchange) {
        Message in = exchange.getMessage();
        for (String header : new String[] {
            DescriberConstants.CORRELATION_ID, "CamelAwsS3Key", Exchange.FILE_NAME_CONSUMED, Exchange.FILE_NAME
        }) {
            String value = in.getHeader(header, String.class);
            if (value != null && !value.isBlank()) {
                return exchange.getFromEndpoint() != null
                        ? exchange.getFromEndpoint().getEndpointBaseUri() + "/" + value
                        : value;
            }
        }
        return exchange.getExchangeId();
    }

    private void results(Exchange exchange, String tenant) throws Exception {
        Message in = exchange.getMessage();
        String jobId = in.getHeader(DescriberConstants.JOB_ID, String.class);
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException(
                    "The results operation needs the job id in header " + DescriberConstants.JOB_ID);
        }
        JobResults results = getEndpoint().clientFor(tenant).getResults(jobId);
        in.setHeader(DescriberConstants.JOB_STATUS, results.status());
        in.setHeader(DescriberConstants.MEDIA_ID, results.mediaId());
        if (results.output() != null && results.output().format() != null) {
            in.setHeader(DescriberConstants.FORMAT, results.output().format());
        }
        if (results.errorCode() != null) {
            in.setHeader(DescriberConstants.ERROR_CODE, results.errorCode());
        }
        in.setBody(results);
    }
}
