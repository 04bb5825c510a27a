package io.describer.camel.job;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.describer.camel.DescriberConfiguration;
import io.describer.camel.DescriberEndpoint;
import io.describer.camel.DescriberSubmissionInProgressException;
import io.describer.camel.MediaInputResolver;
import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.MediaInput;
import io.describer.camel.client.TransferListener;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a job at most once per dedupe key and records it in the job store before the producer returns, so its
 * results survive a restart and no redelivery is billed twice.
 */
public final class JobSubmission {

    private static final Logger LOG = LoggerFactory.getLogger(JobSubmission.class);

    /** Long enough for a multi-GB upload; a crashed submitter's key is free again after it. */
    public static final Duration RESERVATION_LEASE = Duration.ofHours(1);

    /** What happened: the job, and whether it was started by this call or found already submitted. */
    public record Outcome(StoredJob job, boolean duplicate) {}

    private final DescriberEndpoint endpoint;

    public JobSubmission(DescriberEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * @param leased whether the job is recorded leased to this node (a producer that waits for completion delivers it
     *               itself)
     */
    public Outcome submit(Exchange exchange, JobType type, GenerationConfig config, boolean leased) throws Exception {
        JobStore store = endpoint.getJobStore();
        String owner = endpoint.getNodeId();
        DescriberConfiguration c = endpoint.getConfiguration();
        String key = c.isDedupe() ? DedupeKeys.of(exchange, endpoint.getDedupeExpression(), type, config) : null;
        if (key != null) {
            Reservation reservation = store.reserve(key, owner, RESERVATION_LEASE);
            switch (reservation.outcome()) {
                case EXISTING -> {
                    LOG.info(
                            "Not submitting again: job {} was already submitted for {}",
                            reservation.existing().jobId(),
                            key);
                    return new Outcome(reservation.existing(), true);
                }
                case IN_PROGRESS ->
                    throw new DescriberSubmissionInProgressException(
                            key, reservation.holder(), reservation.heldUntil(), exchange);
                default -> {}
            }
        }
        JobRecord job;
        try {
            MediaInput input = MediaInputResolver.resolve(exchange, c, true);
            DescriberClient client = endpoint.getClient();
            TransferListener progress = endpoint.getEvents().uploads(new ProgressLogger("Uploading"));
            if (key != null) {
                progress = renewingReservation(progress, store, key, owner);
            }
            if (endpoint.getComponent().isBackPressure()) {
                // back-pressure: once the service refused a start, upload first, so a refused start keeps its media
                TransferListener uploading = progress;
                input = endpoint.getComponent()
                        .getOrCreateAdmission()
                        .inputFor(
                                key,
                                input,
                                media -> client.uploadMedia(media, uploading).mediaId());
            }
            job = client.generate(type, input, config, progress);
        } catch (Exception e) {
            if (key != null) {
                store.releaseReservation(key, owner);
            }
            throw e;
        }
        endpoint.getEvents().submitted(type, job, config, exchange.getMessage());
        StoredJob stored = StoredJob.submitted(
                job.jobId(),
                job.mediaId(),
                type,
                DedupeKeys.toJson(config),
                correlationHeaders(exchange.getMessage(), c.getCorrelationHeaders()),
                key);
        if (job.status() != null) {
            stored = stored.withStatus(job.status());
        }
        if (leased) {
            // counted from now, not from before the upload: a lease that ran out during a long upload let a results
            // consumer deliver the job while the waiting producer delivered it too
            stored = stored.withLease(owner, CompletionWaiter.leaseUntil(c));
        }
        try {
            StoredJob recorded = store.record(stored);
            endpoint.getComponent().jobRecorded(recorded);
            return new Outcome(recorded, false);
        } catch (RuntimeException e) {
            // the service has the job and bills it: say which, so it can be recovered by hand
            LOG.error(
                    "Job {} ({} on media {}) was started but could not be recorded in the job store; its results will"
                            + " not be delivered automatically",
                    job.jobId(),
                    type,
                    job.mediaId(),
                    e);
            throw e;
        }
    }

    /** An upload that outlasts the reservation would let a redelivery submit the same source: keep it alive. */
    private static TransferListener renewingReservation(
            TransferListener progress, JobStore store, String key, String owner) {
        long every = RESERVATION_LEASE.toNanos() / 4;
        long[] last = {System.nanoTime()};
        return (name, transferred, total) -> {
            progress.progress(name, transferred, total);
            long now = System.nanoTime();
            if (now - last[0] > every) {
                last[0] = now;
                if (!store.renewReservation(key, owner, RESERVATION_LEASE)) {
                    LOG.warn(
                            "The dedupe reservation of {} expired during the upload; a redelivery may submit it again",
                            key);
                }
            }
        };
    }

    public static Map<String, String> correlationHeaders(Message in, String names) {
        Map<String, String> captured = new LinkedHashMap<>();
        if (names == null) {
            return captured;
        }
        for (String name : names.split(",")) {
            String header = name.trim();
            if (!header.isEmpty()) {
                String value = in.getHeader(header, String.class);
                if (value != null) {
                    captured.put(header, value);
                }
            }
        }
        return captured;
    }
}
