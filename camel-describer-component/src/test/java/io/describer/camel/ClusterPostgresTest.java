package io.describer.camel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.describer.camel.client.model.JobRecord;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.jdbc.TestPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes (two CamelContexts, two component instances with their own node ids) share one real PostgreSQL job store
 * and run the same routes: a producer route and a {@code describer:results} consumer. They split the polling without
 * delivering any job twice, never start a second billed job for the same source, and take over the jobs of a node that
 * died holding claims once its lease runs out.
 */
class ClusterPostgresTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private static TestPostgres.Database postgres;

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    private String table;
    private final List<CamelContext> contexts = new ArrayList<>();
    /** Every results exchange handed to a route, on any node. */
    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    record Delivery(String node, String jobId, Instant at) {}

    @BeforeAll
    static void newDatabase() {
        postgres = TestPostgres.newDatabase();
    }

    @BeforeEach
    void reset() {
        api.pollsUntilDone = 3;
        table = "cluster_" + TABLES.incrementAndGet();
    }

    @AfterEach
    void stopNodes() {
        contexts.forEach(CamelContext::stop);
    }

    private static DataSource dataSource() {
        return postgres.dataSource();
    }

    /** One node: its own component on the shared database, the producer route and the results consumer. */
    private CamelContext node(String nodeId, boolean consuming) throws Exception {
        return node(nodeId, consuming, 0, 300_000);
    }

    /** @param routeMillis how long the results route works on each exchange (e.g. an upload of the result) */
    private CamelContext node(String nodeId, boolean consuming, long routeMillis, long leaseMillis) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreDataSource(dataSource());
        describer.setJobStoreTable(table);
        describer.setNodeId(nodeId);
        DescriberConfiguration c = describer.getConfiguration();
        c.setApiKey(WireMockSupport.API_KEY);
        c.setBaseUrl(api.baseUrl());
        c.setJobPollInterval(20);
        c.setJobMaxPollInterval(100);
        c.setDeliveryRetryDelay(100);
        c.setLeaseDuration(leaseMillis);
        c.setSpoolDirectory(tmp.resolve("spool-" + nodeId).toString());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("describer:text");
                from("describer:results?delay=20&initialDelay=0&maxMessagesPerPoll=3")
                        .routeId("results")
                        .autoStartup(consuming)
                        .process(e -> deliveries.add(new Delivery(
                                nodeId,
                                e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class),
                                Instant.now())))
                        .delay(routeMillis)
                        .syncDelayed();
            }
        });
        context.start();
        return context;
    }

    private JobStore rawStore() {
        return JobStores.forDataSource(dataSource(), table, Clock.systemUTC());
    }

    private List<String> deliveredJobIds() {
        return deliveries.stream().map(Delivery::jobId).collect(Collectors.toList());
    }

    @Test
    void hundredJobsFromBothNodesAreEachDeliveredExactlyOnceAndBothNodesShareThePolling() throws Exception {
        CamelContext a = node("node-a", true);
        CamelContext b = node("node-b", true);
        int n = 100;
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CamelContext via = i % 2 == 0 ? a : b;
            submitted.add(via.createProducerTemplate()
                    .requestBodyAndHeader("direct:submit", null, DescriberConstants.MEDIA_ID, "m-" + i, JobRecord.class)
                    .jobId());
        }
        assertThat(submitted).doesNotHaveDuplicates();
        try (JobStore store = rawStore()) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> store.countPending() == 0);
            // delivered jobs are never claimed again: nothing more arrives, however long the consumers go on
            Thread.sleep(300);
            assertThat(store.countPending()).isZero();
        }
        assertThat(deliveredJobIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(submitted);
        Map<String, Long> perNode =
                deliveries.stream().collect(Collectors.groupingBy(Delivery::node, Collectors.counting()));
        assertThat(perNode.keySet()).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(perNode.values()).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(api.jobCount()).isEqualTo(n);
    }

    @Test
    void bothNodesSubmittingTheSameFiftySourcesStartExactlyFiftyJobs() throws Exception {
        CamelContext a = node("node-a", true);
        CamelContext b = node("node-b", true);
        int n = 50;
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sources.add(Files.write(
                    tmp.resolve("video-" + i + ".mp4"),
                    ("video " + i).repeat(100).getBytes(StandardCharsets.UTF_8)));
        }
        // a slow generate keeps each reservation open long enough for the other node to run into it
        api.generateDelayMillis = 50;

        record Outcome(String node, int source, Exchange exchange) {}
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int source = i;
                for (CamelContext node : List.of(a, b)) {
                    String name = node == a ? "node-a" : "node-b";
                    futures.add(pool.submit(() -> new Outcome(
                            name,
                            source,
                            node.createProducerTemplate()
                                    .request(
                                            "direct:submit",
                                            e -> e.getIn()
                                                    .setBody(sources.get(source).toFile())))));
                }
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }

            // the service started exactly one job per source, however the two nodes raced
            assertThat(api.jobCount()).isEqualTo(n);
            Map<Integer, String> jobBySource = new HashMap<>();
            List<Outcome> inProgress = new ArrayList<>();
            for (int source = 0; source < n; source++) {
                int s = source;
                List<Outcome> both =
                        outcomes.stream().filter(o -> o.source() == s).collect(Collectors.toList());
                assertThat(both).hasSize(2);
                List<Outcome> started = both.stream()
                        .filter(o -> o.exchange().getException() == null
                                && Boolean.FALSE.equals(
                                        o.exchange().getMessage().getHeader(DescriberConstants.DUPLICATE)))
                        .collect(Collectors.toList());
                assertThat(started)
                        .as("messages of source %d that started a job", s)
                        .hasSize(1);
                String jobId =
                        started.get(0).exchange().getMessage().getHeader(DescriberConstants.JOB_ID, String.class);
                jobBySource.put(s, jobId);
                Outcome other = both.get(both.get(0) == started.get(0) ? 1 : 0);
                if (other.exchange().getException() != null) {
                    // the other node found the key reserved: it started nothing and may retry
                    assertThat(other.exchange().getException())
                            .isInstanceOf(DescriberSubmissionInProgressException.class);
                    inProgress.add(other);
                } else {
                    assertThat(other.exchange().getMessage().getHeader(DescriberConstants.DUPLICATE))
                            .isEqualTo(true);
                    assertThat(other.exchange().getMessage().getHeader(DescriberConstants.JOB_ID))
                            .isEqualTo(jobId);
                }
            }
            assertThat(new HashSet<>(jobBySource.values())).hasSize(n).isEqualTo(api.jobs.keySet());

            // retried, as a route's redelivery would, a message that met a reservation finds the job started for it
            for (Outcome o : inProgress) {
                Exchange retry = (o.node().equals("node-a") ? a : b)
                        .createProducerTemplate()
                        .request(
                                "direct:submit",
                                e -> e.getIn().setBody(sources.get(o.source()).toFile()));
                assertThat(retry.getException()).isNull();
                assertThat(retry.getMessage().getHeader(DescriberConstants.DUPLICATE))
                        .isEqualTo(true);
                assertThat(retry.getMessage().getHeader(DescriberConstants.JOB_ID))
                        .isEqualTo(jobBySource.get(o.source()));
            }
            assertThat(api.jobCount()).isEqualTo(n);
        } finally {
            pool.shutdownNow();
        }
        // and each of the fifty jobs reaches one consumer once
        try (JobStore store = rawStore()) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> store.countPending() == 0);
        }
        assertThat(deliveredJobIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(api.jobs.keySet());
    }

    @Test
    void jobsClaimedByANodeThatDiedAreDeliveredByTheOtherAfterTheLeaseRunsOut() throws Exception {
        CamelContext a = node("node-a", false);
        CamelContext b = node("node-b", false);
        Set<String> submitted = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            submitted.add(a.createProducerTemplate()
                    .requestBodyAndHeader(
                            "direct:submit", null, DescriberConstants.MEDIA_ID, "m-dead-" + i, JobRecord.class)
                    .jobId());
        }
        api.pollsUntilDone = 1;
        Instant leaseEnds;
        try (JobStore store = rawStore()) {
            // node-a's consumer claims everything and dies before it does anything with it
            List<StoredJob> claimed = store.claimDue("node-a", 10, Duration.ofSeconds(2));
            assertThat(claimed).extracting(StoredJob::jobId).containsExactlyInAnyOrderElementsOf(submitted);
            leaseEnds = claimed.stream()
                    .map(StoredJob::leaseUntil)
                    .max(Instant::compareTo)
                    .orElseThrow();
            a.stop();

            b.getRouteController().startRoute("results");
            await().atMost(15, TimeUnit.SECONDS).until(() -> deliveries.size() == submitted.size());
            await().atMost(5, TimeUnit.SECONDS).until(() -> store.countPending() == 0);

            assertThat(deliveredJobIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(submitted);
            assertThat(deliveries).allSatisfy(d -> {
                assertThat(d.node()).isEqualTo("node-b");
                assertThat(d.at()).isAfterOrEqualTo(leaseEnds);
            });
            // the dead node's claims are void: coming back, it can no longer mark anything
            for (String jobId : submitted) {
                assertThat(store.markDelivered(jobId, "node-a")).isFalse();
                assertThat(store.release(jobId, "node-a", Instant.now(), "zombie"))
                        .isFalse();
            }
        }
        // each asked about once, by the node that delivered it
        assertThat(api.jobs.values())
                .allSatisfy(job -> assertThat(job.polls().get()).isEqualTo(1));
    }

    @Test
    void aRouteWorkingLongerThanTheLeaseKeepsItsJobsFromTheOtherNode() throws Exception {
        // a lease of 600 ms, and routes that take 2 s per exchange: without renewal, each job's lease ran out while
        // its first exchange was still being routed, and the other node delivered it a second time
        CamelContext a = node("node-a", true, 2_000, 600);
        node("node-b", true, 2_000, 600);
        api.pollsUntilDone = 1;
        Set<String> submitted = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            submitted.add(a.createProducerTemplate()
                    .requestBodyAndHeader(
                            "direct:submit", null, DescriberConstants.MEDIA_ID, "m-slow-" + i, JobRecord.class)
                    .jobId());
        }
        try (JobStore store = rawStore()) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> store.countPending() == 0);
        }
        assertThat(deliveredJobIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(submitted);
    }
}
