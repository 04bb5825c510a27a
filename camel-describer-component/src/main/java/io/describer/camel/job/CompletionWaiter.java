package io.describer.camel.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.describer.camel.DescriberCompletionTimeoutException;
import io.describer.camel.DescriberConfiguration;
import io.describer.camel.DescriberEndpoint;
import io.describer.camel.client.DescriberException;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for one job without holding a thread: each check is a task on a small scheduler; when the job ends, the
 * exchange becomes its results exchange and the route continues. The job is leased to this node meanwhile, so no
 * results consumer delivers it too; if this JVM dies, the lease runs out and a consumer takes over.
 */
public final class CompletionWaiter {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionWaiter.class);

    private final DescriberEndpoint endpoint;
    private final ScheduledExecutorService scheduler;
    private final ResultsExchanges results;
    /** Waits not ended yet, so a stop can end them: see {@link #stop()}. */
    private final Set<Wait> pending = ConcurrentHashMap.newKeySet();

    public CompletionWaiter(DescriberEndpoint endpoint, ScheduledExecutorService scheduler) {
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.results = new ResultsExchanges(endpoint);
    }

    /**
     * Lease for a waited-on job until the first check; each check renews it past the next one, so a crashed waiter's
     * job is taken over by a results consumer within about leaseDuration.
     */
    public static Instant leaseUntil(DescriberConfiguration c) {
        return Instant.now().plusMillis(c.getJobPollInterval() + c.getLeaseDuration());
    }

    /** Waits for a job this node submitted and holds: it delivers the job when the exchange completes. */
    public void await(StoredJob job, Exchange exchange, AsyncCallback callback) {
        start(new Wait(job, exchange, callback, deadline(), true));
    }

    /**
     * Waits for a job submitted earlier (a redelivered source), only to give this exchange its results: the job's
     * delivery stays with whoever holds it.
     */
    public void observe(StoredJob job, Exchange exchange, AsyncCallback callback) {
        start(new Wait(job, exchange, callback, deadline(), false));
    }

    private Instant deadline() {
        return Instant.now().plusMillis(endpoint.getConfiguration().getCompletionTimeout());
    }

    private void start(Wait wait) {
        pending.add(wait);
        try {
            schedule(wait, endpoint.getConfiguration().getJobPollInterval());
        } catch (RejectedExecutionException e) {
            // stopping: nobody will wait, so the job must not stay leased to this node
            wait.end();
            wait.release(Instant.now(), "endpoint stopped");
            throw e;
        }
    }

    /**
     * Ends every pending wait: gives its job back to the store and fails its exchange. Call after shutting the scheduler
     * down, so no check can reschedule itself past it; a check still running finds its wait ended. Without this a stop
     * dropped the scheduled checks: the callers never got an answer, and the jobs stayed leased to this node, hidden
     * from the results consumers of the next start or of other nodes.
     */
    public void stop() {
        for (Wait wait : pending) {
            if (wait.end()) {
                wait.abandon();
            }
        }
    }

    private void schedule(Wait wait, long delayMillis) {
        scheduler.schedule(wait, delayMillis, TimeUnit.MILLISECONDS);
    }

    private final class Wait implements Runnable {
        private final StoredJob job;
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final Instant deadline;
        /** Whether this node holds the job in the store (false: a duplicate only reading the results). */
        private final boolean owned;

        private final AtomicBoolean ended = new AtomicBoolean();
        /** The last status the service gave, to log each change once. */
        private volatile JobStatus seen;

        Wait(StoredJob job, Exchange exchange, AsyncCallback callback, Instant deadline, boolean owned) {
            this.job = job;
            this.exchange = exchange;
            this.callback = callback;
            this.deadline = deadline;
            this.owned = owned;
            this.seen = job.status();
        }

        private void reopen() {
            pending.add(this);
            ended.set(false);
        }

        /** False when the scheduler is shut down: the endpoint is stopping. */
        private boolean retryLater(long delayMillis) {
            try {
                schedule(this, delayMillis);
                return true;
            } catch (RejectedExecutionException stopping) {
                return false;
            }
        }

        /** True for the one caller that gets to end this wait: a check that saw it end, or a stop. */
        boolean end() {
            if (ended.compareAndSet(false, true)) {
                pending.remove(this);
                return true;
            }
            return false;
        }

        @Override
        public void run() {
            if (ended.get()) {
                return;
            }
            JobStore store = endpoint.getJobStore();
            String owner = endpoint.getNodeId();
            DescriberConfiguration c = endpoint.getConfiguration();
            boolean mine = false;
            try {
                JobResults answer = endpoint.clientFor(job.tenant()).getResults(job.jobId());
                seen = owned ? endpoint.getEvents().observed(job, seen, answer.status()) : seen;
                Instant now = Instant.now();
                if (!answer.isTerminal()) {
                    if (now.isAfter(deadline)) {
                        if (end()) {
                            release(now, "completion timeout");
                            fail(new DescriberCompletionTimeoutException(
                                    job.jobId(), Duration.ofMillis(c.getCompletionTimeout()), exchange));
                        }
                        return;
                    }
                    long next = Duration.between(now, JobPolling.nextPoll(job.createdAt(), now, c))
                            .toMillis();
                    long untilDeadline =
                            Math.max(1, Duration.between(now, deadline).toMillis() + 1);
                    long delay = Math.min(next, untilDeadline);
                    renew(delay);
                    if (retryLater(delay) || !end()) {
                        return;
                    }
                    abandon();
                    return;
                }
                mine = end();
                if (!mine) {
                    return;
                }
                if (owned) {
                    store.updateStatus(job.jobId(), owner, answer.status(), answer.errorMessage());
                }
                exchange.getMessage().setBody(null);
                Path spool = results.populate(exchange, job, answer);
                exchange.getExchangeExtension()
                        .addOnCompletion(
                                new JobDelivery(endpoint, job.withStatus(answer.status()), spool, owned, () -> {}));
            } catch (Exception e) {
                Duration retry = PollRetry.delayAfter(e, c.getJobPollInterval());
                if (retry == null && mine && e instanceof DescriberException api && api.isRetryable()) {
                    retry = Duration.ofMillis(c.getJobPollInterval());
                }
                if (retry != null && Instant.now().plus(retry).isBefore(deadline)) {
                    if (mine) {
                        // e.g. the download failed: ask again later, for fresh signed URLs
                        reopen();
                        mine = false;
                    }
                    LOG.debug(
                            "Checking job {} failed ({}); checking again in {} ms",
                            job.jobId(),
                            e.getMessage(),
                            retry.toMillis());
                    renew(retry.toMillis());
                    if (retryLater(retry.toMillis())) {
                        return;
                    }
                }
                // a failure after the job ended is ours to report; before, only if no stop reported it already
                if (mine || end()) {
                    release(Instant.now().plusMillis(c.getJobPollInterval()), e.getMessage());
                    fail(e);
                }
                return;
            }
            callback.done(false);
        }

        /** The endpoint is stopping: the job goes back to the store for a results consumer, the caller gets an error. */
        private void abandon() {
            release(Instant.now(), "endpoint stopped");
            fail(new CamelExchangeException(
                    "Stopped waiting for job " + job.jobId() + ": the endpoint is stopping; the job"
                            + " stays in the job store, where a results consumer delivers it when it ends",
                    exchange));
        }

        /** Keeps the job ours until well after the next check. */
        private void renew(long untilNextCheckMillis) {
            if (owned) {
                endpoint.getJobStore()
                        .renewLease(
                                job.jobId(),
                                endpoint.getNodeId(),
                                Duration.ofMillis(untilNextCheckMillis
                                        + endpoint.getConfiguration().getLeaseDuration()));
            }
        }

        private void release(Instant nextPollAt, String reason) {
            if (!owned) {
                return;
            }
            try {
                endpoint.getJobStore().release(job.jobId(), endpoint.getNodeId(), nextPollAt, reason);
            } catch (RuntimeException e) {
                LOG.warn("Could not give job {} back to the job store: {}", job.jobId(), e.getMessage());
            }
        }

        private void fail(Exception e) {
            LOG.warn("Waiting for job {} failed: {}", job.jobId(), e.getMessage());
            exchange.setException(e);
            callback.done(false);
        }
    }
}
