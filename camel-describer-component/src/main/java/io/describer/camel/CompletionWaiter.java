package io.describer.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.describer.camel.client.DescriberException;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.StoredJob;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for one job without holding a thread: each check is a task on a small scheduler; when the job ends, the
 * exchange becomes its results exchange and the route continues. The job is leased to this node meanwhile, so no
 * results consumer delivers it too; if this JVM dies, the lease runs out and a consumer takes over.
 */
final class CompletionWaiter {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionWaiter.class);

    private final DescriberEndpoint endpoint;
    private final ScheduledExecutorService scheduler;
    private final ResultsExchanges results;

    CompletionWaiter(DescriberEndpoint endpoint, ScheduledExecutorService scheduler) {
        this.endpoint = endpoint;
        this.scheduler = scheduler;
        this.results = new ResultsExchanges(endpoint);
    }

    /** Lease for a waited-on job: the whole wait, plus time to hand the results on. */
    static Instant leaseUntil(DescriberConfiguration c) {
        return Instant.now().plusMillis(c.getCompletionTimeout() + c.getLeaseDuration());
    }

    void await(StoredJob job, Exchange exchange, AsyncCallback callback) {
        Instant deadline = Instant.now().plusMillis(endpoint.getConfiguration().getCompletionTimeout());
        schedule(new Wait(job, exchange, callback, deadline), endpoint.getConfiguration().getJobPollInterval());
    }

    private void schedule(Wait wait, long delayMillis) {
        scheduler.schedule(wait, delayMillis, TimeUnit.MILLISECONDS);
    }

    private final class Wait implements Runnable {
        private final StoredJob job;
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final Instant deadline;

        Wait(StoredJob job, Exchange exchange, AsyncCallback callback, Instant deadline) {
            this.job = job;
            this.exchange = exchange;
            this.callback = callback;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            JobStore store = endpoint.getJobStore();
            String owner = endpoint.getNodeId();
            DescriberConfiguration c = endpoint.getConfiguration();
            try {
                JobResults answer = endpoint.getClient().getResults(job.jobId());
                Instant now = Instant.now();
                if (!answer.isTerminal()) {
                    if (now.isAfter(deadline)) {
                        store.release(job.jobId(), owner, now, "completion timeout");
                        finish(new DescriberCompletionTimeoutException(job.jobId(),
                                Duration.ofMillis(c.getCompletionTimeout()), exchange));
                        return;
                    }
                    store.renewLease(job.jobId(), owner, Duration.between(now, deadline).plusMillis(c.getLeaseDuration()));
                    long next = Duration.between(now, JobPolling.nextPoll(job.createdAt(), now, c)).toMillis();
                    schedule(this, Math.min(next, Math.max(1, Duration.between(now, deadline).toMillis() + 1)));
                    return;
                }
                store.updateStatus(job.jobId(), owner, answer.status(), answer.errorMessage());
                exchange.getMessage().setBody(null);
                Path spool = results.populate(exchange, job, answer);
                exchange.getExchangeExtension().addOnCompletion(new Delivery(job.jobId(), spool));
                callback.done(false);
            } catch (DescriberException e) {
                if (e.isRetryable() && Instant.now().isBefore(deadline)) {
                    schedule(this, c.getJobPollInterval());
                    return;
                }
                store.release(job.jobId(), owner, Instant.now().plusMillis(c.getJobPollInterval()), e.getMessage());
                finish(e);
            } catch (Exception e) {
                store.release(job.jobId(), owner, Instant.now().plusMillis(c.getJobPollInterval()), e.getMessage());
                finish(e);
            }
        }

        private void finish(Exception e) {
            LOG.warn("Waiting for job {} failed: {}", job.jobId(), e.getMessage());
            exchange.setException(e);
            callback.done(false);
        }
    }

    private final class Delivery implements Synchronization {
        private final String jobId;
        private final Path spool;

        Delivery(String jobId, Path spool) {
            this.jobId = jobId;
            this.spool = spool;
        }

        @Override
        public void onComplete(Exchange exchange) {
            endpoint.getJobStore().markDelivered(jobId, endpoint.getNodeId());
            cleanUp();
        }

        @Override
        public void onFailure(Exchange exchange) {
            // a results consumer, if the application has one, delivers it again
            endpoint.getJobStore().release(jobId, endpoint.getNodeId(),
                    Instant.now().plusMillis(endpoint.getConfiguration().getDeliveryRetryDelay()), "exchange failed");
            cleanUp();
        }

        private void cleanUp() {
            if (!endpoint.getConfiguration().isKeepDownloads()) {
                ResultsExchanges.delete(spool);
            }
        }
    }
}
