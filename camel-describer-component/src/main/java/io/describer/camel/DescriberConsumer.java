package io.describer.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.describer.camel.client.DescriberNotFoundException;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.job.JobDelivery;
import io.describer.camel.job.JobPolling;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.PollRetry;
import io.describer.camel.job.ResultsExchanges;
import io.describer.camel.job.StoredJob;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.util.CastUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one exchange per finished job of the job store. Each poll claims due jobs (a lease, so other nodes skip them),
 * asks the service about each, and hands on the finished ones; a job counts as delivered only when its exchange
 * completes, and comes back later when it rolls back. The leases of claimed jobs are renewed until then, however long
 * the download and the route take.
 */
public class DescriberConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(DescriberConsumer.class);
    private static final String JOB_PROPERTY = "CamelDescriberStoredJob";
    private static final String SPOOL_PROPERTY = "CamelDescriberSpoolFile";

    private final ResultsExchanges results;
    /** Jobs claimed and not yet given back (rescheduled, released or delivered): their leases are kept alive. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    private ScheduledExecutorService leaseRenewer;

    public DescriberConsumer(DescriberEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.results = new ResultsExchanges(endpoint);
    }

    @Override
    public DescriberEndpoint getEndpoint() {
        return (DescriberEndpoint) super.getEndpoint();
    }

    /**
     * Without renewal a lease ran out while a slow route (a large upload of the result, a long batch) still worked on
     * the job's exchange, and another node, or this one's next poll, claimed and delivered the job a second time.
     * Renewal runs on a thread of its own because a synchronous route occupies the polling thread.
     */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (leaseRenewer == null) {
            long period = Math.max(10, getEndpoint().getConfiguration().getLeaseDuration() / 3);
            leaseRenewer = getEndpoint()
                    .getCamelContext()
                    .getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "DescriberLeaseRenewal");
            leaseRenewer.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (leaseRenewer != null) {
            // not shutdownNow: an interrupted job store write makes H2 close its file
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(leaseRenewer);
            leaseRenewer = null;
        }
    }

    private void renewLeases() {
        Duration lease = Duration.ofMillis(getEndpoint().getConfiguration().getLeaseDuration());
        for (String jobId : held) {
            try {
                if (!getEndpoint().getJobStore().renewLease(jobId, getEndpoint().getNodeId(), lease)
                        && held.remove(jobId)) {
                    LOG.warn("Lost the lease of job {} while delivering it; another node may deliver it too", jobId);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease of job {}: {}", jobId, e.getMessage());
            }
        }
    }

    @Override
    protected int poll() throws Exception {
        DescriberEndpoint endpoint = getEndpoint();
        DescriberConfiguration c = endpoint.getConfiguration();
        JobStore store = endpoint.getJobStore();
        String owner = endpoint.getNodeId();
        int max = getMaxMessagesPerPoll() > 0 ? getMaxMessagesPerPoll() : 10;
        List<StoredJob> claimed = store.claimDue(owner, max, Duration.ofMillis(c.getLeaseDuration()));
        claimed.forEach(job -> held.add(job.jobId()));
        Queue<Object> finished = new ArrayDeque<>();
        Exception pollError = null;
        Instant retryAt = null;
        for (int i = 0; i < claimed.size(); i++) {
            StoredJob job = claimed.get(i);
            if (pollError != null) {
                giveBack(job.jobId(), retryAt, pollError.getMessage());
                continue;
            }
            try {
                Exchange exchange = check(job, store, owner, c);
                if (exchange != null) {
                    finished.add(exchange);
                }
            } catch (Exception e) {
                // the service or its credentials are failing: stop asking, give the jobs back (not due before the
                // service's retry_after), report the poll as failed
                pollError = e;
                Duration wait = PollRetry.delayAfter(e, c.getJobPollInterval());
                retryAt = Instant.now().plus(wait != null ? wait : Duration.ofMillis(c.getJobPollInterval()));
                giveBack(job.jobId(), retryAt, e.getMessage());
            }
        }
        int processed = processBatch(finished);
        if (pollError != null) {
            throw pollError;
        }
        return processed;
    }

    /** One get_results call; returns the exchange to emit when the job has ended. */
    private Exchange check(StoredJob job, JobStore store, String owner, DescriberConfiguration c) throws Exception {
        JobResults answer;
        try {
            answer = getEndpoint().getClient().getResults(job.jobId());
        } catch (DescriberNotFoundException e) {
            // the service no longer knows the job: deliver it as failed rather than poll forever
            answer = new JobResults(
                    job.jobId(),
                    JobStatus.FAILED,
                    job.mediaId(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    "job_not_found",
                    e.getMessage());
        }
        Instant now = Instant.now();
        if (!answer.isTerminal()) {
            held.remove(job.jobId());
            // a status this client does not know reads as null: keep the last known one, or the store refuses the
            // update and, the job being the oldest, every poll failed on it before reaching any other job
            JobStatus status = answer.status() != null ? answer.status() : job.status();
            store.reschedule(job.jobId(), owner, status, JobPolling.nextPoll(job.createdAt(), now, c), null);
            return null;
        }
        if (answer.status() != job.status()) {
            LOG.info("Job {} is {}", job.jobId(), answer.status());
        }
        store.updateStatus(job.jobId(), owner, answer.status(), answer.errorMessage());
        Exchange exchange = createExchange(true);
        try {
            Path spool = results.populate(exchange, job, answer);
            exchange.setProperty(JOB_PROPERTY, job);
            exchange.setProperty(SPOOL_PROPERTY, spool);
            return exchange;
        } catch (java.io.IOException e) {
            // a failed download is tried again on a later poll, with fresh signed URLs
            LOG.warn("Could not fetch the results of job {}: {}; retrying later", job.jobId(), e.getMessage());
            giveBack(job.jobId(), now.plusMillis(c.getJobPollInterval()), e.getMessage());
            releaseExchange(exchange, false);
            return null;
        }
    }

    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        int total = exchanges.size();
        int answered = 0;
        for (int index = 0; index < total && isBatchAllowed(); index++) {
            Exchange exchange = (Exchange) exchanges.poll();
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            pendingExchanges = total - index - 1;
            StoredJob job = exchange.getProperty(JOB_PROPERTY, StoredJob.class);
            exchange.getExchangeExtension()
                    .addOnCompletion(new JobDelivery(
                            getEndpoint(),
                            job.jobId(),
                            exchange.getProperty(SPOOL_PROPERTY, Path.class),
                            true,
                            () -> held.remove(job.jobId())));
            getAsyncProcessor().process(exchange, doneSync -> {});
            answered++;
        }
        // stopping: what was not handed on goes back to the store at once
        for (Object left : CastUtils.cast(exchanges, Object.class)) {
            Exchange exchange = (Exchange) left;
            StoredJob job = exchange.getProperty(JOB_PROPERTY, StoredJob.class);
            giveBack(job.jobId(), Instant.now(), "consumer stopped");
            ResultsExchanges.delete(exchange.getProperty(SPOOL_PROPERTY, Path.class));
        }
        pendingExchanges = 0;
        return answered;
    }

    /** Stops renewing a claimed job's lease and returns it to the store, claimable again at {@code nextPollAt}. */
    private void giveBack(String jobId, Instant nextPollAt, String reason) {
        held.remove(jobId);
        getEndpoint().getJobStore().release(jobId, getEndpoint().getNodeId(), nextPollAt, reason);
    }
}
