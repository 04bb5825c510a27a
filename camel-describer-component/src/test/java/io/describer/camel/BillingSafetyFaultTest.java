package io.describer.camel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.describer.camel.JobApiSimulator.GenerateFault;
import io.describer.camel.client.DescriberException;
import io.describer.camel.client.DescriberUncertainSubmissionException;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.job.JobStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money under faults: 210 sources, each hit on its first job start by one fault of every kind the service and the
 * network produce (429 of all four codes, 409, 500 before and after the service acted, 503, 504 with an HTML page,
 * connection reset before and after the service acted, a timeout, an unreadable 2xx), then the resubmission of every
 * failed source a catch-all pipeline would do, an operator's settlement of the uncertain ones, and the resubmission of
 * those settled as "no job". The service ends with exactly one job per source, each delivered exactly once, and at no
 * point is a billed job neither recorded nor held as an uncertain submission.
 */
class BillingSafetyFaultTest {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    private static final GenerateFault[] FAULTS = GenerateFault.values();
    /** Every fault, plus sources that get none. */
    private static final int KINDS = FAULTS.length + 1;

    private static final int SOURCES = 15 * KINDS;

    @TempDir
    Path tmp;

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private static GenerateFault faultOf(int source) {
        int kind = source % KINDS;
        return kind == 0 ? null : FAULTS[kind - 1];
    }

    private static String source(int i) {
        return "src-" + i;
    }

    private static int index(String mediaId) {
        return Integer.parseInt(mediaId.substring(4));
    }

    @Test
    void noSourceIsBilledTwiceAndNoBilledJobIsLost() throws Exception {
        // the timeout fault answers well after the read timeout; the read timeout itself leaves room for a loaded CI
        api.timeoutMillis = 2_000;
        api.generateFault = (media, attempt) -> media.startsWith("src-") && attempt == 1 ? faultOf(index(media)) : null;
        List<String> delivered = new CopyOnWriteArrayList<>();
        context = new DefaultCamelContext();
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreLocation(tmp.resolve("jobs").toString());
        // queue and concurrency refusals retried in the call, as with backPressure=false: this test is about the
        // outcome of each fault class; holding sources back is the backlog tests' subject
        describer.setBackPressure(false);
        // a plan_limit_exceeded here is one source's fault, not a team out of credits: no pause of later starts
        // (TenantsTest covers the pause)
        describer.setPlanLimitRecheckInterval(0);
        DescriberConfiguration c = describer.getConfiguration();
        c.setApiKey(WireMockSupport.API_KEY);
        c.setBaseUrl(api.baseUrl());
        c.setReadTimeout(1_000);
        c.setMaxRetries(3);
        c.setMaxRetryDelay(20);
        c.setJobPollInterval(20);
        c.setJobMaxPollInterval(100);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("describer:text");
                from("direct:settle").to("describer:settle");
                from("direct:warm-up").to("describer:results");
                from("describer:results?delay=20&initialDelay=0&maxMessagesPerPoll=50")
                        .process(e -> delivered.add(e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class)));
            }
        });
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        JobStore store = describer.getOrCreateJobStore();
        // a cold client and server answer the first call slowly: not a fault under test
        template.request("direct:warm-up", e -> e.getIn().setHeader(DescriberConstants.JOB_ID, "task_none"));

        // first pass: every source once
        Map<String, String> keys = new HashMap<>();
        Set<String> uncertain = new HashSet<>();
        Set<String> failed = new HashSet<>();
        for (int i = 0; i < SOURCES; i++) {
            Outcome o = submit(template, source(i));
            if (o.uncertain != null) {
                assertThat(o.uncertain.mayExist()).isTrue();
                assertThat(o.uncertain.getDedupeKey())
                        .as("recorded under its key")
                        .isNotNull();
                keys.put(source(i), o.uncertain.getDedupeKey());
                uncertain.add(source(i));
            } else if (o.failure != null) {
                assertThat(o.failure.mayExist())
                        .as("%s: %s", source(i), o.failure)
                        .isFalse();
                failed.add(source(i));
            }
        }
        Set<GenerateFault> expectUncertain = Set.of(
                GenerateFault.ERROR_500_BEFORE,
                GenerateFault.ERROR_500_AFTER,
                GenerateFault.GATEWAY_504_HTML,
                GenerateFault.RESET_BEFORE,
                GenerateFault.RESET_AFTER,
                GenerateFault.TIMEOUT_AFTER,
                GenerateFault.MALFORMED_AFTER);
        for (int i = 0; i < SOURCES; i++) {
            GenerateFault f = faultOf(i);
            String s = source(i);
            if (f != null && expectUncertain.contains(f)) {
                assertThat(uncertain).as("%s after %s", s, f).contains(s);
            } else if (f == GenerateFault.PLAN_LIMIT) {
                assertThat(failed).as("%s after %s", s, f).contains(s);
            } else {
                assertThat(uncertain).as("%s after %s", s, f).doesNotContain(s);
                assertThat(failed).as("%s after %s", s, f).doesNotContain(s);
            }
        }
        assertEveryBilledJobIsRecordedOrUncertain(store, keys);
        assertThat(store.countUncertain()).isEqualTo(uncertain.size());

        // the pipeline's resubmission of everything that failed: held sources start nothing
        int jobsBefore = api.jobCount();
        for (String s : uncertain) {
            assertThat(submit(template, s).uncertain).as(s).isNotNull();
        }
        assertThat(api.jobCount()).isEqualTo(jobsBefore);
        for (String s : failed) {
            assertThat(submit(template, s).failure).as(s).isNull();
        }
        assertEveryBilledJobIsRecordedOrUncertain(store, keys);

        // the operator settles each uncertain submission from what the service's dashboard shows
        List<String> noJob = new ArrayList<>();
        for (String s : uncertain) {
            List<JobApiSimulator.Job> atService = api.jobsFor(s);
            assertThat(atService).as(s).hasSizeLessThanOrEqualTo(1);
            Exchange settled = template.request("direct:settle", e -> {
                e.getIn().setHeader(DescriberConstants.DEDUPE_KEY, keys.get(s));
                if (atService.isEmpty()) {
                    e.getIn().setHeader(DescriberConstants.SETTLEMENT, "no-job");
                } else {
                    e.getIn()
                            .setHeader(
                                    DescriberConstants.JOB_ID, atService.get(0).id());
                }
            });
            assertThat(settled.getException()).as(s).isNull();
            if (atService.isEmpty()) {
                noJob.add(s);
            }
        }
        assertThat(noJob)
                .as("sources whose job start never reached the service")
                .isNotEmpty();
        assertThat(store.countUncertain()).isZero();
        for (String s : noJob) {
            assertThat(submit(template, s).failure).as(s).isNull();
        }

        // and a redelivery of everything starts nothing new
        int settledJobs = api.jobCount();
        for (int i = 0; i < SOURCES; i++) {
            Outcome again = submit(template, source(i));
            assertThat(again.failure).isNull();
            assertThat(again.duplicate).isTrue();
        }
        assertThat(api.jobCount()).isEqualTo(settledJobs);

        for (int i = 0; i < SOURCES; i++) {
            assertThat(api.jobsFor(source(i)))
                    .as("jobs started for %s", source(i))
                    .hasSize(1);
        }
        assertThat(api.jobCount()).isEqualTo(SOURCES);
        await().atMost(60, TimeUnit.SECONDS).until(() -> delivered.size() >= SOURCES && store.countPending() == 0);
        assertThat(delivered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(api.jobs.keySet());
        System.out.printf(
                "BillingSafetyFaultTest: %d sources, %d jobs started, %d uncertain (%d settled as existing jobs, %d as"
                        + " no job), %d refused and resubmitted, %d deliveries%n",
                SOURCES,
                api.jobCount(),
                uncertain.size(),
                uncertain.size() - noJob.size(),
                noJob.size(),
                failed.size(),
                delivered.size());
    }

    /** Every job the service started is either a recorded job or its source's uncertain submission. */
    private static void assertEveryBilledJobIsRecordedOrUncertain(JobStore store, Map<String, String> keys) {
        for (JobApiSimulator.Job job : api.jobs.values()) {
            boolean recorded = store.find(job.id()).isPresent();
            String key = keys.get(job.mediaId());
            boolean held = key != null && store.findUncertain(key).isPresent();
            assertThat(recorded || held)
                    .as("billed job %s of %s is recorded or uncertain", job.id(), job.mediaId())
                    .isTrue();
        }
    }

    private record Outcome(
            JobRecord job,
            boolean duplicate,
            DescriberUncertainSubmissionException uncertain,
            DescriberException failure) {}

    private static Outcome submit(ProducerTemplate template, String source) {
        Exchange out = template.request("direct:submit", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, source));
        Exception e = out.getException();
        if (e == null) {
            return new Outcome(
                    out.getMessage().getBody(JobRecord.class),
                    Boolean.TRUE.equals(out.getMessage().getHeader(DescriberConstants.DUPLICATE)),
                    null,
                    null);
        }
        if (e instanceof DescriberUncertainSubmissionException u) {
            return new Outcome(null, false, u, u);
        }
        assertThat(e).as("every failure reaching the route is typed").isInstanceOf(DescriberException.class);
        return new Outcome(null, false, null, (DescriberException) e);
    }
}
