package io.describer.camel.job;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.describer.camel.CreditBudget;
import io.describer.camel.DescriberConfiguration;
import io.describer.camel.DescriberConstants;
import io.describer.camel.DescriberEndpoint;
import io.describer.camel.DescriberSubmissionInProgressException;
import io.describer.camel.MediaDurations;
import io.describer.camel.MediaInputResolver;
import io.describer.camel.UncertainPolicy;
import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.DescriberUncertainSubmissionException;
import io.describer.camel.client.MediaInput;
import io.describer.camel.client.TransferListener;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.MediaRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a job at most once per dedupe key and records it in the job store before the producer returns, so its
 * results survive a restart and no redelivery is billed twice.
 *
 * <p>Three phases. Reserve the key. Upload the media (nothing is billed yet: a failure frees the key). Then the job
 * start, a small generate-by-media-id call: it is the only call that may bill, so it is the only one whose failure can
 * leave a job behind. When its outcome is unknown the key is kept as an uncertain submission and the source is held
 * per {@code uncertainPolicy} until it is settled.
 */
public final class JobSubmission {

    private static final Logger LOG = LoggerFactory.getLogger(JobSubmission.class);

    /** Default of option reservationLease: long enough for a multi-GB upload; renewed while it runs. */
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
     * @throws DescriberUncertainSubmissionException when the job start's outcome is unknown (recorded, the source held),
     *                                               or when the source is held because an earlier one's is
     */
    public Outcome submit(Exchange exchange, JobType type, GenerationConfig config, boolean leased) throws Exception {
        JobStore store = endpoint.getJobStore();
        String owner = endpoint.getNodeId();
        DescriberConfiguration c = endpoint.getConfiguration();
        Duration lease = Duration.ofMillis(c.getReservationLease());
        Message in = exchange.getMessage();
        String configJson = DedupeKeys.toJson(config);
        String tenant = endpoint.tenantOf(in);
        Map<String, String> headers = correlationHeaders(in, c.getCorrelationHeaders());
        String key = null;
        boolean noted = false;
        if (c.isDedupe()) {
            key = DedupeKeys.of(
                    exchange, endpoint.getDedupeExpression(), c, endpoint.getSpoolDirectory(), type, config);
            if (key != null && tenant != null) {
                // the same source sent by two teams is two jobs, each billed to and polled by its own team
                key = "[" + tenant + "] " + key;
            }
            if (key == null) {
                // a message without media says so first
                MediaInputResolver.resolve(exchange, c, true);
                throw new IllegalArgumentException("No dedupe key for this message: it names no media (header "
                        + DescriberConstants.MEDIA_ID + " or " + DescriberConstants.SOURCE_URL + ") and has no body,"
                        + " or option dedupeKey evaluated to nothing; set dedupeKey to an expression that identifies"
                        + " the source, or dedupe=false to submit without deduplication");
            }
            // a media id with no credit check between: reserved and noted in one commit, nothing happens in between
            String knownMedia = endpoint.getCreditBudget() == null ? mediaIdHeader(in, c) : null;
            Reservation reservation = knownMedia != null
                    ? store.reserveNoted(
                            key,
                            owner,
                            lease,
                            new UncertainSubmission(
                                    key, type, configJson, headers, knownMedia, null, null, owner, tenant))
                    : store.reserve(key, owner, lease);
            noted = knownMedia != null && reservation.isReserved();
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
                case UNCERTAIN -> resubmitOrHold(exchange, store, key, owner, lease, reservation.uncertain());
                default -> {}
            }
        }
        DescriberClient client = endpoint.clientFor(tenant);
        CreditBudget budget = endpoint.getCreditBudget();
        MediaDurations durations = endpoint.getComponent().getMediaDurations();
        CreditCharge charge = null;
        MediaInput input;
        // the store row the job start is noted on: without dedupe a key of its own, so a billed job always has a row
        String rowKey = key;
        try {
            input = MediaInputResolver.resolve(exchange, c, true);
            String budgetTenant = CreditBudget.tenantOf(tenant);
            List<CreditCeiling> ceilings = budget != null ? budget.ceilings(budgetTenant) : List.of();
            // the message's declared duration estimates before the upload; the upload's answer wins after it
            Double duration = declaredDuration(in);
            if (budget != null) {
                budget.checkBeforeUpload(ceilings, budgetTenant, input, estimate(type, config, duration));
            }
            // under a ceiling a URL is registered first (not billed): its answer gives the duration to estimate
            if (input instanceof MediaInput.Content || input instanceof MediaInput.Url && !ceilings.isEmpty()) {
                // upload first: the job start that follows is small and quick, and a refused one never re-sends bytes
                TransferListener progress = endpoint.getEvents().uploads(tenant, new ProgressLogger("Uploading"));
                if (key != null) {
                    progress = renewingReservation(progress, store, key, owner, lease);
                }
                TransferListener uploading = progress;
                // a start refused for the plan's limits keeps its media id, so the retry never re-sends the bytes
                Admission admission = endpoint.getComponent().isBackPressure()
                        ? endpoint.getComponent().getOrCreateAdmission(tenant)
                        : null;
                String known = admission != null ? admission.uploadedMedia(key) : null;
                if (known != null) {
                    input = MediaInput.mediaId(known);
                    duration = durations.of(key) != null ? durations.of(key) : duration;
                } else {
                    MediaRecord media = client.uploadMedia(input, uploading);
                    LOG.debug("Uploaded media {} for a {} job", media.mediaId(), type);
                    input = MediaInput.mediaId(media.mediaId());
                    duration = media.durationSeconds() != null ? media.durationSeconds() : duration;
                    if (admission != null) {
                        admission.rememberUpload(key, media.mediaId());
                        durations.remember(key, duration);
                    }
                }
            }
            Double estimate = estimate(type, config, duration);
            if (estimate != null) {
                in.setHeader(DescriberConstants.ESTIMATED_CREDITS, estimate);
            }
            if (!ceilings.isEmpty()) {
                if (estimate == null) {
                    throw CreditBudget.unknownDuration("the service gave no duration for media " + mediaIdOf(input));
                }
                // spent before the billed call: a crash after it leaves credits spent, never a job unaccounted
                charge = budget.charge(ceilings, budgetTenant, estimate);
            }
            if (key == null) {
                // written before the billed call: a store that cannot write fails the message here, never after a
                // job was started that it cannot record; reserved and noted in one commit
                rowKey = "unkeyed:" + UUID.randomUUID();
                store.reserveNoted(
                        rowKey,
                        owner,
                        lease,
                        new UncertainSubmission(
                                rowKey, type, configJson, headers, mediaIdOf(input), null, null, owner, tenant));
            } else if (!noted) {
                store.noteSubmission(
                        new UncertainSubmission(
                                rowKey, type, configJson, headers, mediaIdOf(input), null, null, owner, tenant),
                        owner);
            }
        } catch (Exception e) {
            // nothing billable was sent: the source may be submitted again
            refund(budget, charge);
            release(store, rowKey, owner);
            throw e;
        }
        JobRecord job;
        try {
            job = client.generate(type, input, config, null);
        } catch (DescriberUncertainSubmissionException e) {
            // a job may exist and be billed: its credits stay spent
            throw uncertain(exchange, store, rowKey, owner, type, configJson, headers, mediaIdOf(input), tenant, e);
        } catch (Exception e) {
            refund(budget, charge);
            release(store, rowKey, owner);
            throw e;
        }
        durations.forget(key);
        endpoint.getEvents().submitted(tenant, type, job, config, in);
        LOG.info("Started {} job {} on media {}", type, job.jobId(), job.mediaId());
        StoredJob stored = StoredJob.submitted(job.jobId(), job.mediaId(), type, configJson, headers, rowKey)
                .withTenant(tenant);
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
            // the service has the job and bills it; the noted reservation becomes uncertain when its lease ends or
            // this node restarts, and the error names the job so it can be settled at once
            LOG.error(
                    "Job {} ({} on media {}, dedupe key {}) was started but could not be recorded in the job store;"
                            + " settle it as job {} once the store works again",
                    job.jobId(),
                    type,
                    job.mediaId(),
                    rowKey,
                    job.jobId(),
                    e);
            in.setHeader(DescriberConstants.DEDUPE_KEY, rowKey);
            throw new DescriberUncertainSubmissionException(
                    type.endpoint(),
                    job.mediaId(),
                    rowKey,
                    Instant.now(),
                    "Job " + job.jobId() + " was started but could not be recorded in the job store: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Back-pressure: a start about to wait in line uploads a streamed body first, so the line holds a media id
     * (remembered by dedupe key, as after a refusal) and not an open stream its source may close meanwhile: the AWS
     * SDK aborts an S3 object's stream nobody read for 60 s, and the upload after the wait was cut short (the service
     * answered 400, the source was rolled back and sent again). Files, byte arrays and media ids stay as they are. Sends
     * nothing for a source whose job exists, whose upload is remembered, or that has no key without spooling.
     */
    public void uploadBeforeLine(Exchange exchange, JobType type, GenerationConfig config) throws Exception {
        DescriberConfiguration c = endpoint.getConfiguration();
        Admission admission = endpoint.getComponent().getOrCreateAdmission();
        if (!c.isDedupe() || admission.inLine() >= Admission.MAX_IN_LINE) {
            // no key to remember the media id by, or the source is held back, not put in line
            return;
        }
        // no spool directory: a stream without identity would be spooled here and keyed differently at its start
        String key = DedupeKeys.of(exchange, endpoint.getDedupeExpression(), c, null, type, config);
        JobStore store = endpoint.getJobStore();
        if (key == null
                || admission.uploadedMedia(key) != null
                || store.findByDedupeKey(key).isPresent()
                || store.findUncertain(key).isPresent()) {
            return;
        }
        MediaInput input = MediaInputResolver.resolve(exchange, c, true);
        if (!(input instanceof MediaInput.Content content) || content.content().isReplayable()) {
            return;
        }
        Message in = exchange.getMessage();
        Double duration = declaredDuration(in);
        CreditBudget budget = endpoint.getCreditBudget();
        if (budget != null) {
            // only the endpoints' own key waits in line (named tenants are held back): the default tenant's budget
            String tenant = CreditBudget.tenantOf((String) null);
            budget.checkBeforeUpload(budget.ceilings(tenant), tenant, input, estimate(type, config, duration));
        }
        MediaRecord media = endpoint.clientFor(null)
                .uploadMedia(input, endpoint.getEvents().uploads(new ProgressLogger("Uploading")));
        LOG.debug("Uploaded media {} for a {} job before it waits in line", media.mediaId(), type);
        admission.rememberUpload(key, media.mediaId());
        endpoint.getComponent()
                .getMediaDurations()
                .remember(key, media.durationSeconds() != null ? media.durationSeconds() : duration);
    }

    /** Returns when the policy lets this message submit the uncertain key again; otherwise throws. */
    private void resubmitOrHold(
            Exchange exchange, JobStore store, String key, String owner, Duration lease, UncertainSubmission earlier)
            throws DescriberUncertainSubmissionException {
        UncertainPolicy policy = endpoint.getUncertainPolicy();
        Instant before = switch (policy) {
            case HOLD -> null;
            case RESUBMIT -> Instant.ofEpochMilli(Long.MAX_VALUE);
            case RESUBMIT_AFTER ->
                Instant.now().minusMillis(endpoint.getConfiguration().getUncertainResubmitDelay());
        };
        if (before != null && store.resubmitUncertain(key, owner, lease, before)) {
            LOG.warn(
                    "Submitting {} again although its job start at {} may have started a job that is billed"
                            + " (uncertainPolicy={})",
                    key,
                    earlier.since(),
                    policy);
            return;
        }
        exchange.getMessage().setHeader(DescriberConstants.DEDUPE_KEY, key);
        String message = "Not submitted: the job start for " + key + " at " + earlier.since()
                + " may have started a job (" + earlier.error() + "); it is held until settled with operation settle"
                + " (uncertainPolicy=" + policy
                + (policy == UncertainPolicy.RESUBMIT_AFTER
                        ? ", submitted again after "
                                + Duration.ofMillis(endpoint.getConfiguration().getUncertainResubmitDelay())
                        : "")
                + ")";
        LOG.warn(message);
        throw new DescriberUncertainSubmissionException(
                earlier.jobType() != null ? earlier.jobType().endpoint() : null,
                earlier.mediaId(),
                key,
                earlier.since(),
                message,
                null);
    }

    /** Records a job start with an unknown outcome; the exception to throw names the record. */
    private DescriberUncertainSubmissionException uncertain(
            Exchange exchange,
            JobStore store,
            String key,
            String owner,
            JobType type,
            String configJson,
            Map<String, String> headers,
            String mediaId,
            String tenant,
            DescriberUncertainSubmissionException e) {
        endpoint.getEvents().uncertain(tenant, type);
        // without dedupe the uncertain start has its row already (key unkeyed:<uuid>), noted before the call
        String recordKey = key;
        Instant since = Instant.now();
        String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        boolean recorded;
        try {
            store.markUncertain(
                    new UncertainSubmission(recordKey, type, configJson, headers, mediaId, why, since, owner, tenant),
                    owner);
            recorded = store.findUncertain(recordKey).isPresent();
        } catch (RuntimeException storeFailure) {
            LOG.error(
                    "Could not record the uncertain job start for {} in the job store: {}",
                    recordKey,
                    storeFailure.getMessage());
            recorded = false;
        }
        LOG.error(
                "The outcome of {} for {} (media {}) is unknown: a job may exist and be billed ({}). {}",
                type.endpoint(),
                recordKey,
                mediaId,
                why,
                recorded
                        ? "Recorded as an uncertain submission, held per uncertainPolicy="
                                + endpoint.getUncertainPolicy() + " until settled (operation settle, header "
                                + DescriberConstants.DEDUPE_KEY + ")"
                        : "Not recorded");
        exchange.getMessage().setHeader(DescriberConstants.DEDUPE_KEY, recordKey);
        return new DescriberUncertainSubmissionException(
                type.endpoint(),
                mediaId,
                recorded ? recordKey : null,
                since,
                "The outcome of " + type.endpoint() + " for " + recordKey + " is unknown, a job may exist: " + why,
                e.getCause() != null ? e.getCause() : e);
    }

    /** The media duration the message declares (e.g. from an earlier describer:upload), or null. */
    private static Double declaredDuration(Message in) {
        Object value = in.getHeader(DescriberConstants.MEDIA_DURATION);
        if (value == null || value instanceof String text && text.isBlank()) {
            return null;
        }
        Double seconds = in.getHeader(DescriberConstants.MEDIA_DURATION, Double.class);
        if (seconds == null || seconds < 0 || seconds.isNaN() || seconds.isInfinite()) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for header "
                    + DescriberConstants.MEDIA_DURATION + "; valid values: the media's duration in seconds, 0 or more");
        }
        return seconds;
    }

    private static Double estimate(JobType type, GenerationConfig config, Double durationSeconds) {
        return durationSeconds != null ? Credits.estimate(type, config, durationSeconds) : null;
    }

    private static void refund(CreditBudget budget, CreditCharge charge) {
        if (budget != null && charge != null) {
            budget.refund(charge);
        }
    }

    private static void release(JobStore store, String key, String owner) {
        if (key != null) {
            store.releaseReservation(key, owner);
        }
    }

    /** The media id the message names (header, else option), as the input resolution reads it; null without one. */
    private static String mediaIdHeader(Message in, DescriberConfiguration c) {
        String mediaId = in.getHeader(DescriberConstants.MEDIA_ID, c.getMediaId(), String.class);
        return mediaId == null || mediaId.isBlank() ? null : mediaId;
    }

    private static String mediaIdOf(MediaInput input) {
        return input instanceof MediaInput.MediaId id ? id.mediaId() : null;
    }

    /** An upload that outlasts the reservation would let a redelivery submit the same source: keep it alive. */
    private static TransferListener renewingReservation(
            TransferListener progress, JobStore store, String key, String owner, Duration lease) {
        long every = lease.toNanos() / 4;
        long[] last = {System.nanoTime()};
        return (name, transferred, total) -> {
            progress.progress(name, transferred, total);
            long now = System.nanoTime();
            if (now - last[0] > every) {
                last[0] = now;
                if (!store.renewReservation(key, owner, lease)) {
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
