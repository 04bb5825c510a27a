package io.describer.camel.job.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.DuplicateJobException;
import io.describer.camel.job.JobState;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.Reservation;
import io.describer.camel.job.StorePlaces;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.TestClock;
import io.describer.camel.job.UncertainSubmission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link JobStore} contract, run against each database by a subclass. Every test gets its own table, so tests
 * share one database per class without cleaning up.
 */
abstract class JobStoreContractTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);

    protected final TestClock clock = new TestClock(T0);
    protected final List<JobStore> opened = Collections.synchronizedList(new ArrayList<>());
    protected String table;
    protected JobStore store;

    /** A store on the class's database. */
    protected abstract JobStore newStore(String table, Clock clock);

    /** A plain connection to the same database, to play a competitor mid-transaction. */
    protected abstract Connection connect() throws SQLException;

    @BeforeEach
    void openStore() {
        table = "job_" + getClass().getSimpleName().replaceAll("\\W", "").toLowerCase() + "_"
                + TABLES.incrementAndGet();
        store = open(table);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JobStore::close);
    }

    protected JobStore open(String tableName) {
        JobStore s = newStore(tableName, clock);
        opened.add(s);
        return s;
    }

    static StoredJob job(String id) {
        return StoredJob.submitted(id, "media-" + id, JobType.TEXT, "{\"language\":\"en\"}", Map.of(), null);
    }

    static StoredJob job(String id, String dedupeKey) {
        return StoredJob.submitted(id, "media-" + id, JobType.AUDIO, null, Map.of(), dedupeKey);
    }

    private static List<String> ids(List<StoredJob> jobs) {
        return jobs.stream().map(StoredJob::jobId).toList();
    }

    // ---- record and find

    @Test
    void recordsAndFindsEveryField() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("CamelFileName", "movie ü \"1\".mp4");
        headers.put("CamelAwsS3BucketName", "bucket");
        headers.put("CamelDescriberCorrelationId", "c-1");
        StoredJob stored = store.record(StoredJob.submitted(
                "j1",
                "m1",
                JobType.VIDEO,
                "{\"language\":\"de\",\"ad_type\":\"standard\"}",
                headers,
                "bucket/key/etag"));

        StoredJob found = store.find("j1").orElseThrow();
        assertThat(found).isEqualTo(stored);
        assertThat(found.mediaId()).isEqualTo("m1");
        assertThat(found.jobType()).isEqualTo(JobType.VIDEO);
        assertThat(found.generationConfig()).isEqualTo("{\"language\":\"de\",\"ad_type\":\"standard\"}");
        assertThat(found.correlationHeaders()).containsExactlyEntriesOf(headers);
        assertThat(found.dedupeKey()).isEqualTo("bucket/key/etag");
        assertThat(found.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(found.state()).isEqualTo(JobState.PENDING);
        assertThat(found.attempts()).isZero();
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.updatedAt()).isEqualTo(T0);
        assertThat(found.nextPollAt()).isEqualTo(T0);
        assertThat(found.leaseOwner()).isNull();
        assertThat(found.leaseUntil()).isNull();
        assertThat(found.lastError()).isNull();
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void recordingTheSameJobTwiceFails() {
        store.record(job("j1"));
        assertThatThrownBy(() -> store.record(job("j1")))
                .isInstanceOfSatisfying(
                        DuplicateJobException.class,
                        e -> assertThat(e.existing()).map(StoredJob::jobId).hasValue("j1"));
    }

    @Test
    void countsAndListsPendingOldestFirst() {
        store.record(job("b").withNextPollAt(T0.plusSeconds(60)));
        clock.advance(Duration.ofSeconds(1));
        store.record(job("a"));
        assertThat(store.countPending()).isEqualTo(2);
        assertThat(ids(store.listPending(10))).containsExactly("b", "a");
        assertThat(ids(store.listPending(1))).containsExactly("b");
    }

    @Test
    void countsPendingJobsByStatusWithoutReservationsOrDeliveredJobs() {
        store.record(job("q1"));
        store.record(job("q2"));
        store.record(job("p1").withStatus(JobStatus.PROCESSING));
        store.record(job("d1").withStatus(JobStatus.DONE));
        store.record(job("gone"));
        store.claimDue("a", 10, LEASE);
        store.markDelivered("gone", "a");
        store.reserve("s3://b/k#etag", "a", LEASE);

        assertThat(store.countPendingByStatus())
                .containsOnly(
                        Map.entry(JobStatus.QUEUED, 2L),
                        Map.entry(JobStatus.PROCESSING, 1L),
                        Map.entry(JobStatus.DONE, 1L));
    }

    @Test
    void countsLiveAdmissionPlacesOfOtherNodesOnly() {
        String places = StorePlaces.KEY_PREFIX + "-/";
        store.reserve(places + "node-a/1", "node-a", LEASE);
        store.reserve(places + "node-a/2", "node-a", LEASE);
        store.reserve(places + "node-b/1", "node-b", LEASE);
        // another tenant's places, a dedupe key and a job are not places in this queue
        store.reserve(StorePlaces.KEY_PREFIX + "t-acme/node-a/1", "node-a", LEASE);
        store.reserve("s3://b/" + StorePlaces.KEY_PREFIX + "-/x", "node-a", LEASE);
        store.record(job("q1"));

        assertThat(store.countReservedElsewhere(places, "node-b")).isEqualTo(2);
        assertThat(store.countReservedElsewhere(places, "node-a")).isEqualTo(1);
        assertThat(store.countReservedElsewhere(StorePlaces.KEY_PREFIX + "t-acme/", "node-b"))
                .isEqualTo(1);
        // a tenant name with LIKE's wildcards matches only itself
        assertThat(store.countReservedElsewhere(StorePlaces.KEY_PREFIX + "t-a%/", "node-b"))
                .isZero();

        store.releaseReservation(places + "node-a/1", "node-a");
        assertThat(store.countReservedElsewhere(places, "node-b")).isEqualTo(1);
        // a node that vanished: its claims stop counting when their lease ends
        clock.advance(LEASE.plusSeconds(1));
        assertThat(store.countReservedElsewhere(places, "node-b")).isZero();
    }

    @Test
    void ordersAdmissionPlacesAlikeForEveryNode() {
        String places = StorePlaces.KEY_PREFIX + "-/";
        store.reserve(places + "node-b/1", "node-b", LEASE);
        clock.advance(Duration.ofMillis(5));
        store.reserve(places + "node-a/1", "node-a", LEASE);
        store.reserve(places + "node-a/2", "node-a", LEASE);
        store.reserve("s3://b/k#etag", "node-a", LEASE);

        assertThat(store.countReservedBefore(places, places + "node-b/1")).isZero();
        // the two claims of the same millisecond: one is first for every node
        long a1 = store.countReservedBefore(places, places + "node-a/1");
        long a2 = store.countReservedBefore(places, places + "node-a/2");
        assertThat(List.of(a1, a2)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(store.countReservedBefore(places, places + "node-c/1")).isEqualTo(-1);

        // an earlier claim whose node vanished stops counting when its lease ends
        clock.advance(LEASE.minusMillis(2));
        store.reserve(places + "node-c/1", "node-c", LEASE);
        assertThat(store.countReservedBefore(places, places + "node-c/1")).isEqualTo(2);
        store.releaseReservation(places + "node-a/1", "node-a");
        assertThat(store.countReservedBefore(places, places + "node-c/1")).isEqualTo(1);
    }

    @Test
    void countsPendingJobsByTenantForTheInFlightGauges() {
        store.record(job("a1").withTenant("acme"));
        store.record(job("a2").withTenant("acme").withStatus(JobStatus.PROCESSING));
        store.record(job("g1").withTenant("globex"));
        store.record(job("own"));
        store.record(job("gone").withTenant("globex"));
        store.claimDue("n", 10, LEASE);
        store.markDelivered("gone", "n");
        store.reserve("s3://b/k#etag", "n", LEASE);

        Map<String, Long> expected = new java.util.HashMap<>();
        expected.put("acme", 2L);
        expected.put("globex", 1L);
        expected.put(null, 1L);
        assertThat(store.countPendingByTenant()).isEqualTo(expected);
    }

    @Test
    void countsPendingJobsByTenantAndStatusForTheBacklogGauges() {
        store.record(job("a1").withTenant("acme"));
        store.record(job("a2").withTenant("acme").withStatus(JobStatus.PROCESSING));
        store.record(job("a3").withTenant("acme").withStatus(JobStatus.PROCESSING));
        store.record(job("own"));
        store.record(job("gone").withTenant("acme"));
        store.claimDue("n", 10, LEASE);
        store.markDelivered("gone", "n");
        store.reserve("s3://b/k#etag", "n", LEASE);

        Map<String, Map<JobStatus, Long>> expected = new java.util.HashMap<>();
        expected.put("acme", Map.of(JobStatus.QUEUED, 1L, JobStatus.PROCESSING, 2L));
        expected.put(null, Map.of(JobStatus.QUEUED, 1L));
        assertThat(store.countPendingByTenantAndStatus()).isEqualTo(expected);
    }

    // ---- claims and leases

    @Test
    void countsTheResultsExchangesOfAJobSoThatARepeatedOneIsKnown() {
        store.record(job("j1"));
        assertThat(store.claimDue("n1", 10, LEASE))
                .singleElement()
                .satisfies(j -> assertThat(j.isReEmission()).isFalse());
        // the answer to deliver is recorded, the exchange rolls back (or the node dies before its record)
        assertThat(store.updateStatus("j1", "n1", JobStatus.DONE, null)).isTrue();
        assertThat(store.release("j1", "n1", T0, "rolled back")).isTrue();
        assertThat(store.claimDue("n1", 10, LEASE)).singleElement().satisfies(j -> {
            assertThat(j.emissions()).isEqualTo(1);
            assertThat(j.isReEmission()).isTrue();
        });
        assertThat(store.updateStatus("j1", "n1", JobStatus.DONE, null)).isTrue();
        assertThat(store.find("j1"))
                .hasValueSatisfying(j -> assertThat(j.emissions()).isEqualTo(2));
    }

    @Test
    void claimedJobIsLeasedUntilItsLeaseExpiresThenTakenOver() {
        store.record(job("j1"));
        JobStore other = open(table);

        List<StoredJob> claimed = store.claimDue("node-a", 10, LEASE);
        assertThat(ids(claimed)).containsExactly("j1");
        assertThat(claimed.get(0).leaseOwner()).isEqualTo("node-a");
        assertThat(claimed.get(0).leaseUntil()).isEqualTo(T0.plus(LEASE));

        assertThat(other.claimDue("node-b", 10, LEASE)).isEmpty();
        clock.advance(LEASE.minusMillis(1));
        assertThat(other.claimDue("node-b", 10, LEASE)).isEmpty();

        clock.advance(Duration.ofMillis(1)); // node-a crashed: its lease ran out
        assertThat(ids(other.claimDue("node-b", 10, LEASE))).containsExactly("j1");
        assertThat(store.markDelivered("j1", "node-a"))
                .as("a lost lease delivers nothing")
                .isFalse();
        assertThat(other.markDelivered("j1", "node-b")).isTrue();
    }

    @Test
    void jobIsNotClaimedBeforeItsNextPoll() {
        store.record(job("j1").withNextPollAt(T0.plusSeconds(10)));
        assertThat(store.claimDue("a", 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(ids(store.claimDue("a", 10, LEASE))).containsExactly("j1");
    }

    @Test
    void recordedWithALeaseIsNotClaimedByPollers() {
        store.record(job("j1").withLease("producer", T0.plus(LEASE)));
        assertThat(store.claimDue("poller", 10, LEASE)).isEmpty();
        assertThat(store.markDelivered("j1", "producer")).isTrue();
    }

    @Test
    void deliveredJobIsNeverClaimedAgain() {
        store.record(job("j1"));
        store.claimDue("a", 10, LEASE);
        assertThat(store.updateStatus("j1", "a", JobStatus.DONE, null)).isTrue();
        assertThat(store.markDelivered("j1", "a")).isTrue();

        clock.advance(Duration.ofDays(1));
        assertThat(store.claimDue("b", 10, LEASE)).isEmpty();
        assertThat(store.countPending()).isZero();
        assertThat(store.listPending(10)).isEmpty();
        StoredJob delivered = store.find("j1").orElseThrow();
        assertThat(delivered.state()).isEqualTo(JobState.DELIVERED);
        assertThat(delivered.isDelivered()).isTrue();
        assertThat(delivered.status()).isEqualTo(JobStatus.DONE);
        assertThat(delivered.leaseOwner()).isNull();
        assertThat(store.markDelivered("j1", "a")).isFalse();
        assertThat(store.release("j1", "a", T0, "late")).isFalse();
    }

    @Test
    void releasedJobIsClaimableAgainAtItsNextPoll() {
        store.record(job("j1"));
        store.claimDue("a", 10, LEASE);
        assertThat(store.release("j1", "b", T0, "not mine")).isFalse();
        assertThat(store.release("j1", "a", T0.plusSeconds(10), "route rolled back"))
                .isTrue();

        assertThat(store.claimDue("b", 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        List<StoredJob> again = store.claimDue("b", 10, LEASE);
        assertThat(ids(again)).containsExactly("j1");
        assertThat(again.get(0).lastError()).isEqualTo("route rolled back");
        assertThat(again.get(0).attempts()).as("a rollback is not a poll").isZero();
        assertThat(again.get(0).state()).isEqualTo(JobState.PENDING);
    }

    @Test
    void rescheduleCountsThePollAndFreesTheLease() {
        store.record(job("j1"));
        store.claimDue("a", 10, LEASE);
        assertThat(store.reschedule("j1", "b", JobStatus.PROCESSING, T0, null)).isFalse();
        assertThat(store.reschedule("j1", "a", JobStatus.PROCESSING, T0.plusSeconds(5), "slow"))
                .isTrue();

        StoredJob found = store.find("j1").orElseThrow();
        assertThat(found.attempts()).isEqualTo(1);
        assertThat(found.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(found.nextPollAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(found.lastError()).isEqualTo("slow");
        assertThat(found.leaseOwner()).isNull();
        assertThat(found.leaseUntil()).isNull();

        assertThat(store.claimDue("b", 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(ids(store.claimDue("b", 10, LEASE))).containsExactly("j1");
        assertThat(store.reschedule("j1", "b", JobStatus.PROCESSING, clock.instant(), null))
                .isTrue();
        assertThat(store.find("j1").orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void updateStatusCountsThePollAndKeepsTheLease() {
        store.record(job("j1"));
        store.claimDue("a", 10, LEASE);
        assertThat(store.updateStatus("j1", "a", JobStatus.FAILED, "boom")).isTrue();
        StoredJob found = store.find("j1").orElseThrow();
        assertThat(found.status()).isEqualTo(JobStatus.FAILED);
        assertThat(found.attempts()).isEqualTo(1);
        assertThat(found.lastError()).isEqualTo("boom");
        assertThat(found.leaseOwner()).isEqualTo("a");
        assertThat(store.claimDue("b", 10, LEASE)).isEmpty();
    }

    @Test
    void renewedLeaseKeepsOthersAway() {
        store.record(job("j1"));
        store.claimDue("a", 10, LEASE);
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.renewLease("j1", "b", LEASE)).isFalse();
        assertThat(store.renewLease("j1", "a", LEASE)).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.claimDue("b", 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(ids(store.claimDue("b", 10, LEASE))).containsExactly("j1");
    }

    @Test
    void claimsLongestDueFirstThenOldestAtMostMax() {
        // recorded in an order that neither insertion order nor creation order alone can explain
        record("j5", 0, -5);
        record("j1", -50, -10);
        record("j6", 10, -100);
        record("j3", -20, -80);
        record("j4", 0, -99);
        record("j2", -20, -90);
        assertThat(ids(store.claimDue("a", 2, LEASE))).containsExactly("j1", "j2");
        assertThat(ids(store.claimDue("b", 2, LEASE))).containsExactly("j3", "j4");
        assertThat(ids(store.claimDue("c", 2, LEASE))).containsExactly("j5");
        assertThat(store.claimDue("d", 2, LEASE)).isEmpty();
        assertThat(store.claimDue("d", 0, LEASE)).isEmpty();
    }

    /** A pending job due {@code dueSeconds} from T0, created {@code createdSeconds} from T0. */
    private void record(String id, int dueSeconds, int createdSeconds) {
        store.record(new StoredJob(
                id,
                "m",
                JobType.TEXT,
                null,
                Map.of(),
                null,
                JobStatus.QUEUED,
                JobState.PENDING,
                0,
                T0.plusSeconds(dueSeconds),
                T0.plusSeconds(createdSeconds),
                null,
                null,
                null,
                null,
                null,
                0));
    }

    @Test
    void errorsAreTruncated() {
        store.record(job("j1"));
        store.claimDue("a", 1, LEASE);
        store.release("j1", "a", T0, "x".repeat(10_000));
        assertThat(store.find("j1").orElseThrow().lastError()).hasSize(JobTable.MAX_ERROR_LENGTH);
    }

    // ---- dedupe

    @Test
    void secondReservationSeesTheFirstInProgressThenTheJob() {
        assertThat(store.reserve("s3://b/k#etag", "a", LEASE).outcome()).isEqualTo(Reservation.Outcome.RESERVED);

        Reservation second = store.reserve("s3://b/k#etag", "b", LEASE);
        assertThat(second.outcome()).isEqualTo(Reservation.Outcome.IN_PROGRESS);
        assertThat(second.holder()).isEqualTo("a");
        assertThat(second.heldUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(store.reserve("s3://b/k#etag", "a", LEASE).outcome())
                .as("a live reservation blocks its own owner too: two threads of one node")
                .isEqualTo(Reservation.Outcome.IN_PROGRESS);

        assertThat(store.findByDedupeKey("s3://b/k#etag")).isEmpty();
        assertThat(store.countPending()).as("a reservation is not a job").isZero();
        assertThat(store.claimDue("p", 10, LEASE)).isEmpty();
        assertThat(store.listPending(10)).isEmpty();

        store.record(job("j1", "s3://b/k#etag"));
        StoredJob byKey = store.findByDedupeKey("s3://b/k#etag").orElseThrow();
        assertThat(byKey.jobId()).isEqualTo("j1");
        assertThat(byKey.leaseOwner())
                .as("the reservation's lease is not the job's")
                .isNull();
        assertThat(ids(store.claimDue("p", 10, LEASE))).containsExactly("j1");

        Reservation third = store.reserve("s3://b/k#etag", "c", LEASE);
        assertThat(third.outcome()).isEqualTo(Reservation.Outcome.EXISTING);
        assertThat(third.existing().jobId()).isEqualTo("j1");
        assertThat(store.releaseReservation("s3://b/k#etag", "a"))
                .as("a job is no reservation")
                .isFalse();
        assertThat(store.find("j1")).isPresent();
    }

    @Test
    void releasedReservationFreesTheKey() {
        assertThat(store.reserve("k", "a", LEASE).isReserved()).isTrue();
        assertThat(store.releaseReservation("k", "b")).isFalse();
        assertThat(store.releaseReservation("k", "a")).isTrue();
        assertThat(store.reserve("k", "b", LEASE).isReserved()).isTrue();
    }

    @Test
    void expiredReservationIsTakenOver() {
        store.reserve("k", "a", LEASE);
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.renewReservation("k", "b", LEASE)).isFalse();
        assertThat(store.renewReservation("k", "a", LEASE)).isTrue();
        clock.advance(Duration.ofSeconds(29));
        assertThat(store.reserve("k", "b", LEASE).outcome()).isEqualTo(Reservation.Outcome.IN_PROGRESS);

        clock.advance(Duration.ofSeconds(1)); // a crashed mid-upload
        assertThat(store.reserve("k", "b", LEASE).isReserved()).isTrue();
        assertThat(store.releaseReservation("k", "a")).isFalse();
        assertThat(store.renewReservation("k", "a", LEASE)).isFalse();
        assertThat(store.reserve("k", "c", LEASE).holder()).isEqualTo("b");
    }

    // ---- uncertain submissions

    static UncertainSubmission uncertain(String key, String mediaId) {
        return new UncertainSubmission(
                key,
                JobType.VIDEO,
                "{\"language\":\"de\"}",
                Map.of("CamelAwsS3Key", "in/" + key + ".mp4"),
                mediaId,
                "500 server_error",
                null,
                "n1");
    }

    @Test
    void uncertainSubmissionHoldsItsKeyUntilSettledAsNoJob() {
        assertThat(store.reserve("k", "n1", LEASE).isReserved()).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.markUncertain(uncertain("k", "m1"), "n1")).isTrue();

        Reservation again = store.reserve("k", "n2", LEASE);
        assertThat(again.outcome()).isEqualTo(Reservation.Outcome.UNCERTAIN);
        UncertainSubmission held = again.uncertain();
        assertThat(held.dedupeKey()).isEqualTo("k");
        assertThat(held.jobType()).isEqualTo(JobType.VIDEO);
        assertThat(held.generationConfig()).isEqualTo("{\"language\":\"de\"}");
        assertThat(held.correlationHeaders()).containsEntry("CamelAwsS3Key", "in/k.mp4");
        assertThat(held.mediaId()).isEqualTo("m1");
        assertThat(held.error()).isEqualTo("500 server_error");
        assertThat(held.since()).isEqualTo(T0.plusSeconds(5));
        assertThat(held.owner()).isEqualTo("n1");
        // not a job: not pending, not found as the key's job, never purged
        assertThat(store.countPending()).isZero();
        assertThat(store.findByDedupeKey("k")).isEmpty();
        assertThat(store.purge(T0.plus(Duration.ofDays(365)))).isZero();
        assertThat(store.countUncertain()).isEqualTo(1);
        assertThat(store.listUncertain(10)).containsExactly(held);
        assertThat(store.findUncertain("k")).contains(held);

        assertThat(store.settleAsNoJob("k")).isTrue();
        assertThat(store.settleAsNoJob("k")).isFalse();
        assertThat(store.countUncertain()).isZero();
        assertThat(store.reserve("k", "n2", LEASE).isReserved()).isTrue();
    }

    @Test
    void uncertainSubmissionSettledAsAJobIsPolledAndDeliveredLikeAnyJob() {
        store.reserve("k", "n1", LEASE);
        store.markUncertain(uncertain("k", "m1"), "n1");
        clock.advance(Duration.ofSeconds(1));

        StoredJob settled = store.settleAsJob("k", "task_1", null).orElseThrow();
        assertThat(settled.jobId()).isEqualTo("task_1");
        assertThat(settled.mediaId()).isEqualTo("m1");
        assertThat(settled.jobType()).isEqualTo(JobType.VIDEO);
        assertThat(settled.correlationHeaders()).containsEntry("CamelAwsS3Key", "in/k.mp4");
        assertThat(settled.state()).isEqualTo(JobState.PENDING);
        assertThat(store.countUncertain()).isZero();
        assertThat(store.settleAsJob("k", "task_2", null)).isEmpty();
        // a redelivered source now finds the job
        assertThat(store.reserve("k", "n2", LEASE).existing().jobId()).isEqualTo("task_1");
        assertThat(ids(store.claimDue("n2", 10, LEASE))).containsExactly("task_1");
    }

    @Test
    void uncertainSubmissionIsResubmittedOnlyOnceItIsOldEnough() {
        store.reserve("k", "n1", LEASE);
        store.markUncertain(uncertain("k", null), "n1");
        clock.advance(Duration.ofMinutes(10));
        Instant tooEarly = T0.minusSeconds(1);
        assertThat(store.resubmitUncertain("k", "n2", LEASE, tooEarly)).isFalse();
        assertThat(store.resubmitUncertain("k", "n2", LEASE, T0)).isTrue();
        // now an ordinary reservation of n2: the next one waits, then the job fills it
        assertThat(store.reserve("k", "n3", LEASE).outcome()).isEqualTo(Reservation.Outcome.IN_PROGRESS);
        assertThat(store.resubmitUncertain("k", "n3", LEASE, clock.instant())).isFalse();
        store.record(job("j2", "k"));
        assertThat(store.reserve("k", "n3", LEASE).existing().jobId()).isEqualTo("j2");
    }

    @Test
    void uncertainSubmissionWithoutAReservationGetsARowOfItsOwn() {
        assertThat(store.markUncertain(uncertain("unkeyed:1", "m1"), "n1")).isFalse();
        assertThat(store.findUncertain("unkeyed:1")).isPresent();
        // a key that belongs to a job is not overwritten
        store.record(job("j1", "taken"));
        store.markUncertain(uncertain("taken", "m1"), "n1");
        assertThat(store.findUncertain("taken")).isEmpty();
        assertThat(store.find("j1")).isPresent();
    }

    @Test
    void restartTurnsTheNodesNotedReservationsUncertainAndFreesTheRest() {
        store.reserve("noted", "n1", LEASE);
        store.noteSubmission(uncertain("noted", "m1"), "n1");
        store.reserve("unnoted", "n1", LEASE);
        store.reserve("other", "n2", LEASE);
        store.noteSubmission(uncertain("other", "m2"), "n2");
        store.record(job("j1"));
        store.claimDue("n1", 10, Duration.ofHours(1));

        assertThat(store.recoverAfterRestart("n1")).isEqualTo(1);

        UncertainSubmission noted = store.findUncertain("noted").orElseThrow();
        assertThat(noted.mediaId()).isEqualTo("m1");
        assertThat(noted.jobType()).isEqualTo(JobType.VIDEO);
        assertThat(noted.error()).contains("n1").contains("restarted");
        // the reservation that never reached the job start is simply free again
        assertThat(store.reserve("unnoted", "n1", LEASE).isReserved()).isTrue();
        // another node's live reservation is left alone
        assertThat(store.reserve("other", "n3", LEASE).outcome()).isEqualTo(Reservation.Outcome.IN_PROGRESS);
        // its claims are given back at once, not after the lease
        assertThat(store.find("j1").orElseThrow().leaseOwner()).isNull();
        assertThat(ids(store.claimDue("n1", 10, LEASE))).containsExactly("j1");
    }

    @Test
    void aReservationNotedAtOnceIsUncertainAfterARestartAndATakenKeyGetsNoNote() {
        assertThat(store.reserveNoted("noted", "n1", LEASE, uncertain("noted", "m1"))
                        .isReserved())
                .isTrue();
        assertThat(store.reserveNoted("noted", "n2", LEASE, uncertain("noted", "m2"))
                        .outcome())
                .isEqualTo(Reservation.Outcome.IN_PROGRESS);

        assertThat(store.recoverAfterRestart("n1")).isEqualTo(1);

        // the holder's note, not the loser's
        assertThat(store.findUncertain("noted").orElseThrow().mediaId()).isEqualTo("m1");
    }

    @Test
    void expiredNotedReservationBecomesUncertainInsteadOfBeingTakenOver() {
        store.reserve("noted", "n1", LEASE);
        store.noteSubmission(uncertain("noted", "m1"), "n1");
        clock.advance(LEASE.plusSeconds(1));

        Reservation r = store.reserve("noted", "n2", LEASE);
        assertThat(r.outcome()).isEqualTo(Reservation.Outcome.UNCERTAIN);
        assertThat(r.uncertain().mediaId()).isEqualTo("m1");
        assertThat(r.uncertain().error()).contains("n1");
    }

    @Test
    void recordWithAKeyNobodyReservedAndDuplicateKey() {
        store.record(job("j1", "k"));
        assertThat(store.findByDedupeKey("k")).map(StoredJob::jobId).hasValue("j1");
        assertThatThrownBy(() -> store.record(job("j2", "k")))
                .isInstanceOfSatisfying(DuplicateJobException.class, e -> {
                    assertThat(e.existing()).map(StoredJob::jobId).hasValue("j1");
                    assertThat(e).hasMessageContaining("j1");
                });
        assertThat(store.find("j2")).isEmpty();
    }

    @Test
    void longDedupeKeysWork() {
        String longKey = "bucket/" + "k".repeat(5000) + "/etag";
        assertThat(store.reserve(longKey, "a", LEASE).isReserved()).isTrue();
        assertThat(store.reserve(longKey + "x", "a", LEASE).isReserved()).isTrue();
        store.record(job("j1", longKey));
        assertThat(store.findByDedupeKey(longKey).orElseThrow().dedupeKey()).isEqualTo(longKey);
    }

    // ---- housekeeping

    @Test
    void purgeDropsOldDeliveredJobsAndExpiredReservations() {
        store.record(job("delivered"));
        store.record(job("pending"));
        store.claimDue("a", 1, LEASE);
        store.markDelivered("delivered", "a");
        store.reserve("stale", "crashed", LEASE);
        clock.advance(Duration.ofDays(8));
        store.reserve("live", "b", LEASE);

        assertThat(store.purge(clock.instant().minus(Duration.ofDays(7)))).isEqualTo(2);
        assertThat(store.find("delivered")).isEmpty();
        assertThat(store.find("pending")).isPresent();
        assertThat(store.reserve("live", "c", LEASE).outcome()).isEqualTo(Reservation.Outcome.IN_PROGRESS);
        assertThat(store.reserve("stale", "c", LEASE).isReserved()).isTrue();
    }

    // ---- concurrency

    @Test
    void nodesStartingTogetherCreateTheTableOnce() throws Exception {
        String fresh = table + "_x";
        List<JobStore> stores = List.of(open(fresh), open(fresh), open(fresh), open(fresh));
        List<Long> counts = runTogether(stores.size(), i -> stores.get(i).countPending());
        assertThat(counts).containsOnly(0L);
    }

    @Test
    void concurrentPollersDeliverEveryJobExactlyOnce() throws Exception {
        int jobs = 100;
        for (int i = 0; i < jobs; i++) {
            store.record(job(String.format("j%03d", i)));
        }
        Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
        Map<String, String> deliveredBy = new ConcurrentHashMap<>();
        int nodes = 4;
        List<JobStore> stores = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            stores.add(open(table));
        }
        List<Integer> perNode = runTogether(nodes, n -> {
            String owner = "node-" + n;
            JobStore s = stores.get(n);
            int delivered = 0;
            while (s.countPending() > 0) {
                for (StoredJob j : s.claimDue(owner, 3, Duration.ofMinutes(10))) {
                    claims.computeIfAbsent(j.jobId(), k -> new AtomicInteger()).incrementAndGet();
                    assertThat(j.leaseOwner()).isEqualTo(owner);
                    if (s.markDelivered(j.jobId(), owner)) {
                        assertThat(deliveredBy.putIfAbsent(j.jobId(), owner)).isNull();
                        delivered++;
                    }
                }
            }
            return delivered;
        });

        assertThat(deliveredBy).hasSize(jobs);
        assertThat(claims).hasSize(jobs);
        assertThat(claims.values())
                .allSatisfy(c -> assertThat(c.get()).as("claims of one job").isEqualTo(1));
        assertThat(perNode.stream().mapToInt(Integer::intValue).sum()).isEqualTo(jobs);
        assertThat(store.countPending()).isZero();
    }

    @Test
    void claimRacingAnUncommittedClaimDoesNotTakeTheJob() throws Exception {
        store.record(job("j1"));
        store.record(job("j2"));
        try (Connection competitor = connect()) {
            competitor.setAutoCommit(false);
            try (Statement st = competitor.createStatement()) {
                // another node's claim of j1, not committed yet: its row is locked
                assertThat(st.executeUpdate("UPDATE " + table + " SET lease_owner = 'other', lease_until = "
                                + T0.plus(LEASE).toEpochMilli() + " WHERE job_id = 'j1'"))
                        .isEqualTo(1);
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<List<StoredJob>> claim = pool.submit(() -> store.claimDue("me", 10, LEASE));
                Thread.sleep(300); // let it reach the locked row (H2 waits there; PostgreSQL skips it)
                competitor.commit();
                assertThat(ids(claim.get(20, TimeUnit.SECONDS))).containsExactly("j2");
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(store.find("j1").orElseThrow().leaseOwner()).isEqualTo("other");
    }

    @Test
    void racingReservationsHaveOneWinnerPerKey() throws Exception {
        int keys = 50;
        Map<String, List<String>> winners = new ConcurrentHashMap<>();
        JobStore second = open(table);
        // both stores have their schema in place before the race: it is about reservations, and on H2 a store
        // running its CREATE ... IF NOT EXISTS statements while another writes can see the table missing
        second.find("none");
        List<JobStore> stores = List.of(store, second);
        runTogether(2, n -> {
            for (int k = 0; k < keys; k++) {
                Reservation r = stores.get(n).reserve("key-" + k, "node-" + n, Duration.ofMinutes(5));
                if (r.isReserved()) {
                    winners.computeIfAbsent("key-" + k, x -> Collections.synchronizedList(new ArrayList<>()))
                            .add("node-" + n);
                } else {
                    assertThat(r.outcome()).isEqualTo(Reservation.Outcome.IN_PROGRESS);
                }
            }
            return null;
        });
        assertThat(winners).hasSize(keys);
        assertThat(winners.values()).allSatisfy(w -> assertThat(w).hasSize(1));
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code n} tasks released at the same instant; rethrows the first failure. */
    static <T> List<T> runTogether(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
