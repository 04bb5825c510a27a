package io.describer.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.Reservation;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.UncertainSubmission;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The results consumer checks jobs concurrently, on a bounded pool, without ever checking one job twice at once. */
class ConcurrentChecksTest {

    @TempDir
    Path tmp;

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    /** Counts what each claim asked for and got. */
    static final class ClaimRecorder implements JobStore {
        final JobStore store;
        final List<int[]> claims = new CopyOnWriteArrayList<>();

        ClaimRecorder(JobStore store) {
            this.store = store;
        }

        @Override
        public List<StoredJob> claimDue(String owner, int max, Duration lease) {
            List<StoredJob> got = store.claimDue(owner, max, lease);
            claims.add(new int[] {max, got.size()});
            return got;
        }

        @Override
        public boolean noteSubmission(UncertainSubmission draft, String owner) {
            return store.noteSubmission(draft, owner);
        }

        @Override
        public boolean markUncertain(UncertainSubmission submission, String owner) {
            return store.markUncertain(submission, owner);
        }

        @Override
        public Optional<UncertainSubmission> findUncertain(String dedupeKey) {
            return store.findUncertain(dedupeKey);
        }

        @Override
        public long countUncertain() {
            return store.countUncertain();
        }

        @Override
        public List<UncertainSubmission> listUncertain(int limit) {
            return store.listUncertain(limit);
        }

        @Override
        public boolean resubmitUncertain(String dedupeKey, String owner, Duration lease, Instant uncertainBefore) {
            return store.resubmitUncertain(dedupeKey, owner, lease, uncertainBefore);
        }

        @Override
        public Optional<StoredJob> settleAsJob(String dedupeKey, String jobId, String mediaId) {
            return store.settleAsJob(dedupeKey, jobId, mediaId);
        }

        @Override
        public boolean settleAsNoJob(String dedupeKey) {
            return store.settleAsNoJob(dedupeKey);
        }

        @Override
        public int recoverAfterRestart(String owner) {
            return store.recoverAfterRestart(owner);
        }

        @Override
        public Reservation reserve(String dedupeKey, String owner, Duration lease) {
            return store.reserve(dedupeKey, owner, lease);
        }

        @Override
        public boolean renewReservation(String dedupeKey, String owner, Duration lease) {
            return store.renewReservation(dedupeKey, owner, lease);
        }

        @Override
        public boolean releaseReservation(String dedupeKey, String owner) {
            return store.releaseReservation(dedupeKey, owner);
        }

        @Override
        public StoredJob record(StoredJob job) {
            return store.record(job);
        }

        @Override
        public Optional<StoredJob> find(String jobId) {
            return store.find(jobId);
        }

        @Override
        public Optional<StoredJob> findByDedupeKey(String dedupeKey) {
            return store.findByDedupeKey(dedupeKey);
        }

        @Override
        public long countPending() {
            return store.countPending();
        }

        @Override
        public List<StoredJob> listPending(int limit) {
            return store.listPending(limit);
        }

        @Override
        public boolean renewLease(String jobId, String owner, Duration lease) {
            return store.renewLease(jobId, owner, lease);
        }

        @Override
        public boolean updateStatus(String jobId, String owner, JobStatus status, String lastError) {
            return store.updateStatus(jobId, owner, status, lastError);
        }

        @Override
        public boolean reschedule(String jobId, String owner, JobStatus status, Instant nextPollAt, String lastError) {
            return store.reschedule(jobId, owner, status, nextPollAt, lastError);
        }

        @Override
        public boolean markDelivered(String jobId, String owner) {
            return store.markDelivered(jobId, owner);
        }

        @Override
        public boolean release(String jobId, String owner, Instant nextPollAt, String lastError) {
            return store.release(jobId, owner, nextPollAt, lastError);
        }

        @Override
        public int purge(Instant before) {
            return store.purge(before);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private Map<String, AtomicInteger> start(
            StubResultsClient api, JobStore store, int jobs, int checkConcurrency, String consumerOptions)
            throws Exception {
        for (int i = 0; i < jobs; i++) {
            store.record(StoredJob.submitted("task_" + i, "m-" + i, JobType.TEXT, null, Map.of(), null));
        }
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        context = new DefaultCamelContext();
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStore(store);
        DescriberConfiguration c = describer.getConfiguration();
        c.setClient(api);
        c.setJobPollInterval(50);
        c.setJobMaxPollInterval(50);
        c.setCheckConcurrency(checkConcurrency);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("describer:results?initialDelay=0&" + consumerOptions)
                        .process(e -> delivered
                                .computeIfAbsent(
                                        e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class),
                                        k -> new AtomicInteger())
                                .incrementAndGet());
            }
        });
        context.start();
        return delivered;
    }

    @Test
    void aJobIsNeverCheckedTwiceAtOnceNorTwiceWithinItsPollInterval() throws Exception {
        StubResultsClient api = new StubResultsClient(2, 30, 5, 50);
        JobStore store = JobStores.h2File(tmp.resolve("jobs"));
        Map<String, AtomicInteger> delivered = start(api, store, 150, 8, "delay=20");

        await().atMost(60, TimeUnit.SECONDS).until(() -> delivered.size() == 150);
        assertThat(api.overlapsOfOneJob).hasValue(0);
        assertThat(api.tooSoon).hasValue(0);
        assertThat(api.calls.values())
                .allSatisfy(calls -> assertThat(calls.count.get()).isEqualTo(5));
        assertThat(delivered.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // concurrent, and bounded by checkConcurrency
        assertThat(api.maxRunning.get()).isGreaterThan(1).isLessThanOrEqualTo(8);
        await().atMost(5, TimeUnit.SECONDS).until(() -> store.countPending() == 0);
    }

    @Test
    void claimsFollowTheDueBacklogUpToTheCheckersCapacityNotThePollDelay() throws Exception {
        StubResultsClient api = new StubResultsClient(1, 5, 1, 50);
        ClaimRecorder store = new ClaimRecorder(JobStores.h2File(tmp.resolve("jobs")));
        // one scheduled poll a minute: every claim after the first comes from the checkers running short of work
        Map<String, AtomicInteger> delivered = start(api, store, 300, 8, "delay=60000");

        await().atMost(60, TimeUnit.SECONDS).until(() -> delivered.size() == 300);
        // 300 due jobs, 8 checkers: claims of at most twice the checkers in flight, topped up when half are idle
        assertThat(store.claims.get(0)).containsExactly(16, 16);
        assertThat(store.claims).allSatisfy(claim -> assertThat(claim[0]).isBetween(1, 16));
        assertThat(store.claims.stream().mapToInt(claim -> claim[1]).sum()).isEqualTo(300);
        assertThat(store.claims.size()).isLessThan(300 / 4);
        assertThat(api.maxRunning.get()).isLessThanOrEqualTo(8);
    }

    @Test
    void withMaxMessagesPerPollOnlyTheScheduledPollsClaimAtMostThatMany() throws Exception {
        StubResultsClient api = new StubResultsClient(1, 2, 1, 50);
        ClaimRecorder store = new ClaimRecorder(JobStores.h2File(tmp.resolve("jobs")));
        // room for all 40 in flight (twice 20 checkers), so the cap is the only bound on a claim: with 8 checkers
        // (16 in flight) a loaded machine still checking the last poll's jobs made the next claim ask for fewer
        Map<String, AtomicInteger> delivered = start(api, store, 40, 20, "delay=100&maxMessagesPerPoll=10");

        await().atMost(30, TimeUnit.SECONDS).until(() -> delivered.size() == 40);
        assertThat(store.claims).allSatisfy(claim -> assertThat(claim[0]).isEqualTo(10));
        assertThat(store.claims.stream().filter(claim -> claim[1] > 0)).hasSize(4);
    }
}
