package io.describer.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.job.JobState;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs outlive the CamelContext that submitted them: a new context (a new component, the same node id) on the same H2
 * file delivers every job the old one had not, and none twice. The lease is the default five minutes throughout, so a
 * claim left behind by a stop would hold its job far beyond these tests' timeouts: a prompt delivery after a restart
 * proves the stop gave every claim back.
 */
class RestartDurabilityTest {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    private final List<CamelContext> contexts = new ArrayList<>();

    @AfterEach
    void stopContexts() {
        contexts.forEach(CamelContext::stop);
    }

    /** A context with the producer route and a results consumer that hands each exchange to {@code onResult}. */
    private CamelContext node(Processor onResult) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreLocation(tmp.resolve("jobs").toString());
        DescriberConfiguration c = describer.getConfiguration();
        c.setApiKey(WireMockSupport.API_KEY);
        c.setBaseUrl(api.baseUrl());
        c.setJobPollInterval(20);
        c.setJobMaxPollInterval(100);
        c.setDeliveryRetryDelay(100);
        c.setSpoolDirectory(tmp.resolve("spool").toString());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("describer:text");
                from("describer:results?delay=20&initialDelay=0&maxMessagesPerPoll=5")
                        .routeId("results")
                        .process(onResult);
            }
        });
        context.start();
        return context;
    }

    private static Processor collectInto(List<String> delivered) {
        return e -> delivered.add(e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class));
    }

    private static String submit(CamelContext context, String mediaId) {
        return context.createProducerTemplate()
                .requestBodyAndHeader("direct:submit", null, DescriberConstants.MEDIA_ID, mediaId, JobRecord.class)
                .jobId();
    }

    /** A second handle on the same embedded store file, for looking at what the contexts left behind. */
    private JobStore store() {
        return JobStores.embedded(tmp.resolve("jobs"));
    }

    private static String nodeId(CamelContext context) {
        return context.getComponent("describer", DescriberComponent.class).getOrCreateNodeId();
    }

    @Test
    void everyJobIsDeliveredExactlyOnceAcrossAStopAndARestart() throws Exception {
        int total = 20;
        int quick = 5;
        // jobs m-0..m-4 finish at once; the others stay processing at the service until it is "done" with them
        AtomicBoolean serviceBusy = new AtomicBoolean(true);
        api.hold = job -> serviceBusy.get() && Integer.parseInt(job.mediaId().substring(2)) >= quick;

        List<String> first = new CopyOnWriteArrayList<>();
        CamelContext one = node(collectInto(first));
        List<String> submitted = new ArrayList<>();
        Set<String> quickJobs = new HashSet<>();
        for (int i = 0; i < total; i++) {
            String jobId = submit(one, "m-" + i);
            submitted.add(jobId);
            if (i < quick) {
                quickJobs.add(jobId);
            }
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> first.size() == quick);
        // the held jobs are really in progress at the service, and being polled, when the context stops
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> api.jobs.values().stream()
                        .filter(j -> api.hold.test(j))
                        .allMatch(j -> j.polls().get() >= 3));
        String firstNode = nodeId(one);
        one.stop();

        assertThat(first).containsExactlyInAnyOrderElementsOf(quickJobs);
        try (JobStore store = store()) {
            List<StoredJob> pending = store.listPending(100);
            assertThat(pending).hasSize(total - quick);
            // a graceful stop gives back every claim: nothing waits for a lease to run out
            assertThat(pending).allSatisfy(job -> assertThat(job.leaseUntil()).isNull());
            assertThat(pending).extracting(StoredJob::status).containsOnly(JobStatus.PROCESSING);
        }

        serviceBusy.set(false);
        List<String> second = new CopyOnWriteArrayList<>();
        CamelContext two = node(collectInto(second));
        // the node id is kept beside the H2 file: the restarted node is the same node, and recognises its own leftovers
        assertThat(nodeId(two)).isEqualTo(firstNode);
        await().atMost(20, TimeUnit.SECONDS).until(() -> second.size() >= total - quick);
        two.getRouteController().stopRoute("results");

        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(submitted);
        assertThat(second).doesNotContainAnyElementsOf(first);
        assertThat(two.getComponent("describer", DescriberComponent.class)
                        .getJobStore()
                        .countPending())
                .isZero();
        // the restart resubmitted nothing: the service started exactly one job per message
        assertThat(api.jobCount()).isEqualTo(total);
    }

    @Test
    void resultsExchangeInFlightWhenTheContextStopsIsDeliveredAgainAfterTheRestart() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CamelContext[] self = new CamelContext[1];
        // the route is in the middle of the exchange (e.g. uploading the result) when the context is told to stop;
        // the work it was doing fails because of the shutdown, so the exchange rolls back
        self[0] = node(e -> {
            entered.countDown();
            await().atMost(30, TimeUnit.SECONDS).until(() -> self[0].isStopping());
            throw new IllegalStateException("interrupted by the shutdown");
        });
        CamelContext one = self[0];
        String jobId = submit(one, "m-inflight");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(one::stop);
        stopping.get(30, TimeUnit.SECONDS);

        try (JobStore store = store()) {
            StoredJob job = store.find(jobId).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.PENDING);
            assertThat(job.status()).isEqualTo(JobStatus.DONE);
            assertThat(job.leaseUntil()).isNull();
            assertThat(job.lastError()).contains("interrupted by the shutdown");
        }

        List<String> second = new CopyOnWriteArrayList<>();
        CamelContext two = node(collectInto(second));
        await().atMost(10, TimeUnit.SECONDS).until(() -> second.size() == 1);
        assertThat(second).containsExactly(jobId);
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> two.getComponent("describer", DescriberComponent.class)
                                .getJobStore()
                                .countPending()
                        == 0);
        assertThat(api.jobCount()).isEqualTo(1);
    }

    @Test
    void jobsClaimedByANodeThatCrashedAreDeliveredOnceTheirLeaseRunsOut() throws Exception {
        // submitted with no consumer running
        CamelContext submitter = node(e -> {});
        submitter.getRouteController().stopRoute("results");
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(submit(submitter, "m-crash-" + i));
        }
        submitter.stop();

        // a node claims them and dies without a word: its claims stay in the file until they expire
        Duration lease = Duration.ofSeconds(2);
        Instant leaseEnds;
        try (JobStore store = store()) {
            List<StoredJob> claimed = store.claimDue("crashed-node", 10, lease);
            assertThat(claimed).extracting(StoredJob::jobId).containsExactlyInAnyOrderElementsOf(submitted);
            leaseEnds = claimed.get(0).leaseUntil();
        }

        List<Instant> deliveredAt = new CopyOnWriteArrayList<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        node(e -> {
            deliveredAt.add(Instant.now());
            delivered.add(e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class));
        });
        await().atMost(15, TimeUnit.SECONDS).until(() -> delivered.size() == submitted.size());
        assertThat(delivered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(submitted);
        assertThat(deliveredAt).allSatisfy(at -> assertThat(at).isAfterOrEqualTo(leaseEnds));
    }

    @Test
    void aWaitingProducerStoppedMidWaitLeavesItsJobToTheNextContext() throws Exception {
        AtomicBoolean serviceBusy = new AtomicBoolean(true);
        api.hold = job -> serviceBusy.get();
        CamelContext one = node(e -> {});
        one.getRouteController().stopRoute("results");
        one.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:wait").to("describer:text?waitForCompletion=true");
            }
        });
        // a short grace period: the wait would otherwise hold the stop for the default 45 s
        one.getShutdownStrategy().setTimeout(1);
        CompletableFuture<Exchange> waiting = one.createProducerTemplate()
                .asyncSend("direct:wait", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-wait"));
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> api.jobs.size() == 1
                        && api.jobs.values().iterator().next().polls().get() >= 2);
        String jobId = api.jobs.keySet().iterator().next();
        one.stop();

        // the caller hears about it instead of waiting forever
        Exchange abandoned = waiting.get(10, TimeUnit.SECONDS);
        assertThat(abandoned.getException()).isNotNull();
        try (JobStore store = store()) {
            StoredJob job = store.find(jobId).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.PENDING);
            assertThat(job.leaseUntil()).as("lease of the stopped waiter").isNull();
        }

        serviceBusy.set(false);
        List<String> delivered = new CopyOnWriteArrayList<>();
        node(collectInto(delivered));
        await().atMost(10, TimeUnit.SECONDS).until(() -> delivered.size() == 1);
        assertThat(delivered).containsExactly(jobId);
    }
}
