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
            // an invalid or unknown tenant fails here, before any call
            String tenant = getEndpoint().tenantOf(exchange.getMessage());
            DescriberOperation operation = determineOperation(exchange);
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
                .uploadMedia(input, getEndpoint().getEvents().uploads(new ProgressLogger("Uploading")));
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
        JobSubmission.Outcome outcome = submitAdmitted(exchange, type, config, wait, tenant);
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
     * refuses it for its queue or concurrency limit, the message is held back (DescriberBackPressureException, to be
     * rolled back) and its polling route suspended until jobs finish. No thread sleeps on a full queue.
     */
    private JobSubmission.Outcome submitAdmitted(
            Exchange exchange, JobType type, GenerationConfig config, boolean wait, String tenant) throws Exception {
        DescriberEndpoint endpoint = getEndpoint();
        if (!endpoint.getComponent().isBackPressure()) {
            return new JobSubmission(endpoint).submit(exchange, type, config, wait);
        }
        // each tenant is a team with its own queue: only its own jobs count, only its own starts are held back
        Admission admission = endpoint.getComponent().getOrCreateAdmission(tenant);
        Admission.Permit permit = admission.tryEnter(sourceName(exchange));
        if (permit == null) {
            throw heldBack(exchange, tenant, admission.snapshot().reason(), null);
        }
        try {
            JobSubmission.Outcome outcome = new JobSubmission(endpoint).submit(exchange, type, config, wait);
            permit.started(outcome.job().dedupeKey(), !outcome.duplicate());
            return outcome;
        } catch (Exception e) {
            DescriberRateLimitException refusal = ObjectHelper.getException(DescriberRateLimitException.class, e);
            if (refusal != null && RetryPolicy.isBackPressure(refusal)) {
                permit.refused(refusal);
                throw heldBack(exchange, tenant, refusal.getCode() + ": " + refusal.getMessage(), refusal);
            }
            permit.failed();
            throw e;
        }
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
