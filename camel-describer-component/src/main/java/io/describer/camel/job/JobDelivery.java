package io.describer.camel.job;

import java.nio.file.Path;
import java.time.Instant;

import io.describer.camel.DescriberEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a results exchange with the job store: the job is delivered when the exchange completes, and pending again
 * (delivered later) when it fails. Removes the downloaded file either way unless told to keep it.
 */
public final class JobDelivery implements Synchronization {

    private static final Logger LOG = LoggerFactory.getLogger(JobDelivery.class);

    private final DescriberEndpoint endpoint;
    private final StoredJob job;
    private final Path spool;
    private final boolean owned;
    private final Runnable settled;

    /**
     * @param job     the job with the status its results exchange carries
     * @param owned   whether this node holds the job (false: the exchange only reads the results of a job delivered by
     *                whoever holds it)
     * @param settled run first, once the exchange is done either way
     */
    public JobDelivery(DescriberEndpoint endpoint, StoredJob job, Path spool, boolean owned, Runnable settled) {
        this.endpoint = endpoint;
        this.job = job;
        this.spool = spool;
        this.owned = owned;
        this.settled = settled;
    }

    @Override
    public void onComplete(Exchange exchange) {
        settled.run();
        if (owned && endpoint.getJobStore().markDelivered(job.jobId(), endpoint.getNodeId())) {
            endpoint.getEvents().delivered(job, job.status());
        }
        cleanUp();
    }

    @Override
    public void onFailure(Exchange exchange) {
        settled.run();
        if (owned) {
            long retryDelay = endpoint.getConfiguration().getDeliveryRetryDelay();
            Exception cause = exchange.getException();
            String reason = cause == null ? "rolled back" : cause.getMessage();
            LOG.warn(
                    "Results exchange of job {} failed ({}); delivering it again in {} ms",
                    job.jobId(),
                    reason,
                    retryDelay);
            endpoint.getJobStore()
                    .release(job.jobId(), endpoint.getNodeId(), Instant.now().plusMillis(retryDelay), reason);
        }
        cleanUp();
    }

    private void cleanUp() {
        if (!endpoint.getConfiguration().isKeepDownloads()) {
            ResultsExchanges.delete(spool);
        }
    }
}
