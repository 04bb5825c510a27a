package io.describer.camel.job;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.describer.camel.client.model.JobStatus;

/**
 * Durable record of submitted jobs, shared by every node that polls them. The store, not a JVM-local map, is the source
 * of truth: a job recorded here is polled until its results exchange completes, across restarts and nodes.
 *
 * <p>Submission with a dedupe key: {@link #reserve} before uploading; on {@link Reservation.Outcome#RESERVED} submit,
 * then {@link #record} (fills the reservation) or {@link #releaseReservation} when the submission surely started
 * nothing, or {@link #markUncertain} when it may have started a job. An uncertain key answers
 * {@link Reservation.Outcome#UNCERTAIN} until it is settled ({@link #settleAsJob}, {@link #settleAsNoJob}) or
 * resubmitted ({@link #resubmitUncertain}).
 *
 * <p>Polling: {@link #claimDue} leases due jobs to one owner; the owner then calls exactly one of
 * {@link #reschedule} (still running), {@link #markDelivered} (results exchange completed) or {@link #release}
 * (exchange rolled back). A lease that expires, e.g. because its node crashed, lets another owner claim the job. Every
 * owner-scoped call returns {@code false}, changing nothing, when the caller no longer holds the lease.
 *
 * <p>Times come from the store's clock. Implementations are thread-safe.
 */
public interface JobStore extends AutoCloseable {

    // ---- submission

    /**
     * Atomically claims {@code dedupeKey} for a submission by {@code owner}. An expired reservation (its holder
     * crashed mid-upload) is taken over. The lease should outlast the upload, or be renewed with
     * {@link #renewReservation}; once it expires another node may submit the same key.
     */
    Reservation reserve(String dedupeKey, String owner, Duration lease);

    /** Extends a reservation still held by {@code owner}; false when it expired and was taken over or released. */
    boolean renewReservation(String dedupeKey, String owner, Duration lease);

    /** Frees a reservation held by {@code owner} after a failed submission, so the key may be submitted again. */
    boolean releaseReservation(String dedupeKey, String owner);

    /**
     * Stores a job the service accepted; call before the producer returns. A reservation for the job's dedupe key is
     * filled with the job, whoever holds it. Null {@code createdAt}/{@code nextPollAt} become now; {@code updatedAt} is
     * always now.
     *
     * @return the job as stored
     * @throws DuplicateJobException when the job id or the dedupe key already belongs to a stored job
     */
    StoredJob record(StoredJob job);

    // ---- uncertain submissions

    /**
     * Notes, on the reservation {@code owner} holds, what is about to be started ({@code draft}: operation, config,
     * headers, media id; its error and time are ignored). Call right before the job start: a reservation with a note
     * whose holder vanished may have started a job and becomes uncertain ({@link #recoverAfterRestart}, or when its
     * lease expires); one without a note started nothing and is simply freed.
     */
    boolean noteSubmission(UncertainSubmission draft, String owner);

    /**
     * {@link #reserve} and, when reserved, {@link #noteSubmission} of {@code draft} at once: for a job start whose
     * media and config are known when the key is reserved (a media id, no upload nor credit charge in between). A
     * crash before the start then leaves an uncertain submission where a separate note would have left a free key: on
     * the side of never billing twice. The JDBC store writes both in one commit.
     */
    default Reservation reserveNoted(String dedupeKey, String owner, Duration lease, UncertainSubmission draft) {
        Reservation reservation = reserve(dedupeKey, owner, lease);
        if (reservation.isReserved()) {
            noteSubmission(draft, owner);
        }
        return reservation;
    }

    /**
     * Turns the reservation {@code owner} holds for the submission's key into an uncertain submission: the key stays
     * taken, and is never purged, until settled. False when {@code owner} no longer holds the reservation; then the
     * submission is stored as a new uncertain row if the key is free.
     */
    boolean markUncertain(UncertainSubmission submission, String owner);

    /** The uncertain submission under the key, if there is one. */
    Optional<UncertainSubmission> findUncertain(String dedupeKey);

    long countUncertain();

    /** Up to {@code limit} uncertain submissions, oldest first. */
    List<UncertainSubmission> listUncertain(int limit);

    /**
     * Takes an uncertain key back as a reservation of {@code owner} for a new submission, if it became uncertain at or
     * before {@code uncertainBefore} (the resubmission policy's delay). False when it is not (or no longer) uncertain
     * or too recent.
     */
    boolean resubmitUncertain(String dedupeKey, String owner, Duration lease, Instant uncertainBefore);

    /**
     * Settles an uncertain submission as the job an operator found: the row becomes that job, pending, so a results
     * consumer delivers it. Empty when the key is not uncertain.
     */
    Optional<StoredJob> settleAsJob(String dedupeKey, String jobId, String mediaId);

    /** Settles an uncertain submission as "no job was started": the key is free to be submitted again. */
    boolean settleAsNoJob(String dedupeKey);

    /**
     * At the start of a node that may have crashed: its reservations (submissions cut off between the job start and
     * its record) become uncertain submissions, and its job leases are freed, so they are neither blocked for a lease
     * nor silently resubmitted.
     *
     * @return the reservations turned uncertain
     */
    int recoverAfterRestart(String owner);

    // ---- lookup

    Optional<StoredJob> find(String jobId);

    /** The job submitted under the key; empty while the key is only reserved. */
    Optional<StoredJob> findByDedupeKey(String dedupeKey);

    /** Jobs not delivered yet, reservations excluded. */
    long countPending();

    /**
     * Undelivered jobs by their last known service status (reservations excluded): {@code QUEUED} + {@code PROCESSING}
     * is what this store's nodes have in the service's queue, the level {@link Admission} keeps at the plan's limit.
     * The default reads every pending row; implementations should count in the database.
     */
    default Map<JobStatus, Long> countPendingByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (StoredJob job : listPending(Integer.MAX_VALUE)) {
            counts.merge(job.status(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Undelivered jobs by tenant (key null: the jobs of the endpoints' own keys), reservations excluded, for the
     * in-flight metric. The default reads every pending row; implementations should count in the database.
     */
    default Map<String, Long> countPendingByTenant() {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (StoredJob job : listPending(Integer.MAX_VALUE)) {
            counts.merge(job.tenant(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Undelivered jobs by tenant (key null: the endpoints' own keys) and last known status, reservations excluded, for
     * the in-flight, queued and processing gauges: one count for all of them. The default reads every pending row;
     * implementations should count in the database.
     */
    default Map<String, Map<JobStatus, Long>> countPendingByTenantAndStatus() {
        Map<String, Map<JobStatus, Long>> counts = new java.util.HashMap<>();
        for (StoredJob job : listPending(Integer.MAX_VALUE)) {
            counts.computeIfAbsent(job.tenant(), t -> new EnumMap<>(JobStatus.class))
                    .merge(job.status(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * As {@link #countPendingByStatus()}, for the jobs of one tenant (null: those of the endpoints' own keys): each
     * tenant is a team with its own queue limit.
     */
    default Map<JobStatus, Long> countPendingByStatus(String tenant) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (StoredJob job : listPending(Integer.MAX_VALUE)) {
            if (java.util.Objects.equals(job.tenant(), tenant)) {
                counts.merge(job.status(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * Reservations whose dedupe key starts with {@code keyPrefix}, held by owners other than {@code owner} and not
     * expired: the places other nodes sharing this store claimed for starts under way ({@link StorePlaces}). The default
     * counts none, as for a store only one node uses.
     */
    default long countReservedElsewhere(String keyPrefix, String owner) {
        return 0;
    }

    /**
     * Live reservations whose dedupe key starts with {@code keyPrefix} made before the reservation of
     * {@code dedupeKey}, in an order every node sees alike (reserved earlier, then by key hash); -1 when that
     * reservation does not exist. The default knows no order: -1.
     */
    default long countReservedBefore(String keyPrefix, String dedupeKey) {
        return -1;
    }

    /** Up to {@code limit} undelivered jobs, oldest first (for consoles and health checks). */
    List<StoredJob> listPending(int limit);

    // ---- polling

    /**
     * Leases up to {@code max} due ({@code nextPollAt <= now}), undelivered, unleased (or lease expired) jobs to
     * {@code owner} until now + {@code lease}, longest due first (earliest {@code nextPollAt}, then oldest). No other
     * owner gets them while the lease lasts.
     */
    List<StoredJob> claimDue(String owner, int max, Duration lease);

    /** Extends the lease of a claimed job, e.g. during a long download. */
    boolean renewLease(String jobId, String owner, Duration lease);

    /**
     * Records a poll whose answer is to be delivered now (typically a terminal status): sets status and error, counts
     * an attempt, keeps the lease.
     */
    boolean updateStatus(String jobId, String owner, JobStatus status, String lastError);

    /** The job is still running: records the poll (status, one more attempt), sets the next poll, frees the lease. */
    boolean reschedule(String jobId, String owner, JobStatus status, Instant nextPollAt, String lastError);

    /** The results exchange completed: the job is never claimed again. */
    boolean markDelivered(String jobId, String owner);

    /** The results exchange rolled back: the job stays pending and is claimable again at {@code nextPollAt}. */
    boolean release(String jobId, String owner, Instant nextPollAt, String lastError);

    // ---- housekeeping

    /**
     * Deletes delivered jobs last updated before {@code before} and reservations that expired before it. Deleting a
     * delivered job frees its dedupe key, so keep them as long as a source may redeliver.
     *
     * @return rows deleted
     */
    int purge(Instant before);

    /** Releases resources the store owns (not a data source passed in). */
    @Override
    void close();
}
