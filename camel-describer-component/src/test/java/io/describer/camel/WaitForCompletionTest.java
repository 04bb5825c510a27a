package io.describer.camel;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.describer.camel.client.DescriberJobFailedException;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobState;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.StoredJob;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code describer:text?waitForCompletion=true}: the exchange comes back as the results exchange the consumer would
 * emit, without a thread per waiting exchange.
 */
class WaitForCompletionTest extends CamelTestSupport {

    /** Headers that a results exchange carries, whichever way it was produced. */
    private static final List<String> RESULT_HEADERS = List.of(
            DescriberConstants.JOB_STATUS,
            DescriberConstants.OPERATION,
            DescriberConstants.OUTPUT_TYPE,
            DescriberConstants.FORMAT,
            Exchange.FILE_NAME,
            "CamelAwsS3Key",
            Exchange.CONTENT_TYPE,
            DescriberConstants.CORRELATION_ID);

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        WireMockSupport.useJobStore(context, tmp);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        DescriberConfiguration c = describer.getConfiguration();
        c.setApiKey(WireMockSupport.API_KEY);
        c.setBaseUrl(api.baseUrl());
        c.setJobPollInterval(20);
        c.setJobMaxPollInterval(50);
        c.setDeliveryRetryDelay(100);
        c.setSpoolDirectory(tmp.resolve("spool").toString());
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:wait-text")
                        .to("describer:text?waitForCompletion=true&format=json")
                        .to("mock:waited");
                from("direct:wait-media")
                        .to("describer:video?waitForCompletion=true")
                        .process(e -> {
                            // the downloaded file exists while the exchange is routed
                            File f = e.getMessage().getBody(File.class);
                            e.getMessage().setHeader("spoolExisted", f.isFile());
                            e.getMessage().setHeader("spoolLength", f.length());
                        })
                        .to("mock:waited");
                from("direct:wait-media-slowly")
                        .to("describer:video?waitForCompletion=true")
                        .process(e -> {
                            // a slow next step (e.g. an upload of the result) that reads the file late
                            Thread.sleep(e.getMessage().getHeader("stepMillis", Long.class));
                            File f = e.getMessage().getBody(File.class);
                            e.getMessage().setHeader("spoolExisted", f.isFile());
                            e.getMessage().setHeader("spoolLength", f.length());
                        });
                from("direct:wait-lease").to("describer:text?waitForCompletion=true&leaseDuration=2000");
                from("direct:wait-short-lease").to("describer:text?waitForCompletion=true&leaseDuration=300");
                from("direct:wait-briefly").to("describer:text?waitForCompletion=true&completionTimeout=300");
                from("direct:text").to("describer:text?format=json");
                from("describer:results?delay=20&initialDelay=0")
                        .routeId("results")
                        .autoStartup(false)
                        .to("mock:results");
            }
        };
    }

    private DescriberComponent describer() {
        return context.getComponent("describer", DescriberComponent.class);
    }

    private JobStore store() {
        return describer().getOrCreateJobStore();
    }

    @Test
    void textResultsComeBackOnTheExchangeAsTheConsumerEmitsThem() throws Exception {
        Map<String, Object> headers =
                Map.of(Exchange.FILE_NAME, "talks/lecture.mp4", DescriberConstants.CORRELATION_ID, "corr-7");
        // the reference: the same submission without waiting, delivered by a results consumer
        context.getRouteController().startRoute("results");
        MockEndpoint consumed = getMockEndpoint("mock:results");
        consumed.expectedMessageCount(1);
        Map<String, Object> referenceHeaders = new java.util.HashMap<>(headers);
        referenceHeaders.put(DescriberConstants.MEDIA_ID, "m-ref");
        template.sendBodyAndHeaders("direct:text", null, referenceHeaders);
        consumed.assertIsSatisfied(10_000);
        context.getRouteController().stopRoute("results");
        Exchange reference = consumed.getExchanges().get(0);

        // another media: the same one would be recognised as a duplicate of the reference job and not submitted
        Exchange waited = template.request("direct:wait-text", e -> {
            e.getIn().setHeaders(new java.util.HashMap<>(headers));
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-1");
        });

        assertThat(waited.getException()).isNull();
        assertThat(waited.getMessage().getHeader(DescriberConstants.JOB_STATUS)).isEqualTo(JobStatus.DONE);
        assertThat(waited.getMessage().getHeader(DescriberConstants.OUTPUT_TYPE))
                .isEqualTo(JobType.TEXT);
        assertThat(waited.getMessage().getHeader(Exchange.FILE_NAME)).isEqualTo("talks/lecture.ad.json");
        assertThat(waited.getMessage().getHeader(DescriberConstants.CORRELATION_ID))
                .isEqualTo("corr-7");
        assertThat(waited.getMessage().getHeader(DescriberConstants.MEDIA_ID)).isEqualTo("m-1");
        assertThat(waited.getMessage().getBody()).isInstanceOf(String.class);
        for (String header : RESULT_HEADERS) {
            assertThat(waited.getMessage().getHeader(header))
                    .as(header)
                    .isNotNull()
                    .isEqualTo(reference.getMessage().getHeader(header));
        }
        String waitedJob = waited.getMessage().getHeader(DescriberConstants.JOB_ID, String.class);
        String referenceJob = reference.getMessage().getHeader(DescriberConstants.JOB_ID, String.class);
        assertThat(waitedJob).isNotEqualTo(referenceJob);
        // the script is the job's own; apart from its id, the same text as the consumer's
        assertThat(waited.getMessage().getBody(String.class))
                .contains("\"segments\"")
                .contains(waitedJob)
                .isEqualTo(reference.getMessage().getBody(String.class).replace(referenceJob, waitedJob));
        // the job took polls, and the producer answered only when it was done
        assertThat(api.jobs.get(waitedJob).polls().get()).isEqualTo(api.pollsUntilDone);
        assertThat(store().find(waitedJob).orElseThrow().state()).isEqualTo(JobState.DELIVERED);
    }

    @Test
    void videoResultIsADownloadedFileRemovedWhenTheExchangeCompletes() throws Exception {
        api.downloadSize = 300 * 1024;
        Exchange waited = template.request("direct:wait-media", e -> {
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-2");
            e.getIn().setHeader("CamelAwsS3Key", "in/clip.mov");
        });
        assertThat(waited.getException()).isNull();
        File file = waited.getMessage().getBody(File.class);
        assertThat(file.getName()).isEqualTo("clip.ad.mp4");
        assertThat(waited.getMessage().getHeader("spoolExisted")).isEqualTo(true);
        assertThat(waited.getMessage().getHeader("spoolLength")).isEqualTo(300L * 1024);
        assertThat(waited.getMessage().getHeader(Exchange.FILE_LENGTH)).isEqualTo(300L * 1024);
        assertThat(waited.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("video/mp4");
        assertThat(waited.getMessage().getHeader(DescriberConstants.OUTPUT_TYPE))
                .isEqualTo(JobType.VIDEO);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !file.exists());
    }

    @Test
    void expiredDownloadUrlIsRefreshedWhileWaiting() {
        api.expireFirstDownload = true;
        Exchange waited =
                template.request("direct:wait-media", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-exp"));
        assertThat(waited.getException()).isNull();
        assertThat(waited.getMessage().getHeader("spoolLength")).isEqualTo(64L * 1024);
        JobApiSimulator.Job job = api.jobs.get(waited.getMessage().getHeader(DescriberConstants.JOB_ID, String.class));
        assertThat(job.downloads().get()).isEqualTo(2);
        assertThat(job.polls().get()).isEqualTo(api.pollsUntilDone + 1);
    }

    @Test
    void audioResultIsADownloadedFile() throws Exception {
        Exchange waited = template.request("direct:wait-media", e -> {
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-3");
            e.getIn().setHeader(DescriberConstants.OPERATION, "audio");
            e.getIn().setHeader(Exchange.FILE_NAME, "talk.mp4");
        });
        assertThat(waited.getException()).isNull();
        assertThat(waited.getMessage().getBody(File.class).getName()).isEqualTo("talk.ad.wav");
        assertThat(waited.getMessage().getHeader("spoolLength")).isEqualTo(64L * 1024);
        assertThat(waited.getMessage().getHeader(DescriberConstants.OUTPUT_TYPE))
                .isEqualTo(JobType.AUDIO);
        assertThat(waited.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("audio/wav");
    }

    @Test
    void failedJobFailsTheExchange() {
        MockEndpoint waitedMock = getMockEndpoint("mock:waited");
        Exchange waited =
                template.request("direct:wait-text", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-fail"));
        DescriberJobFailedException failure = waited.getException(DescriberJobFailedException.class);
        assertThat(failure).isNotNull();
        assertThat(failure.getErrorCode()).isEqualTo("processing_failed");
        assertThat(failure.getJobId()).isEqualTo(waited.getMessage().getHeader(DescriberConstants.JOB_ID));
        assertThat(waited.getMessage().getHeader(DescriberConstants.JOB_STATUS)).isEqualTo(JobStatus.FAILED);
        assertThat(waitedMock.getReceivedCounter()).isZero();
    }

    @Test
    void completionTimeoutFailsTheExchangeAndTheConsumerDeliversTheJobLater() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        api.hold = job -> busy.get();
        Exchange waited =
                template.request("direct:wait-briefly", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-4"));
        DescriberCompletionTimeoutException timeout = waited.getException(DescriberCompletionTimeoutException.class);
        assertThat(timeout).isNotNull();
        String jobId = timeout.getJobId();
        assertThat(waited.getMessage().getHeader(DescriberConstants.JOB_ID)).isEqualTo(jobId);
        assertThat(api.jobs.get(jobId).polls().get()).isGreaterThanOrEqualTo(2);
        StoredJob stored = store().find(jobId).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.PENDING);
        assertThat(stored.leaseUntil()).as("the producer gave the job back").isNull();

        busy.set(false);
        MockEndpoint consumed = getMockEndpoint("mock:results");
        consumed.expectedMessageCount(1);
        context.getRouteController().startRoute("results");
        consumed.assertIsSatisfied(10_000);
        Exchange late = consumed.getExchanges().get(0);
        assertThat(late.getMessage().getHeader(DescriberConstants.JOB_ID)).isEqualTo(jobId);
        assertThat(late.getMessage().getHeader(DescriberConstants.JOB_STATUS)).isEqualTo(JobStatus.DONE);
        await().atMost(5, TimeUnit.SECONDS).until(() -> store().countPending() == 0);
    }

    @Test
    void waitedForJobIsNotAlsoEmittedByARunningConsumer() throws Exception {
        api.pollsUntilDone = 5;
        context.getRouteController().startRoute("results");
        MockEndpoint consumed = getMockEndpoint("mock:results");
        // the consumer is live: a job nobody waits for reaches it
        consumed.expectedMessageCount(1);
        String unwaited = template.requestBodyAndHeader(
                        "direct:text", null, DescriberConstants.MEDIA_ID, "m-5", JobRecord.class)
                .jobId();
        Exchange waited =
                template.request("direct:wait-text", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-6"));
        assertThat(waited.getException()).isNull();
        String waitedJob = waited.getMessage().getHeader(DescriberConstants.JOB_ID, String.class);
        consumed.assertIsSatisfied(10_000);
        assertThat(consumed.getExchanges().get(0).getMessage().getHeader(DescriberConstants.JOB_ID))
                .isEqualTo(unwaited);
        // the consumer polled all along, but the waited-for job was leased to its producer and is delivered now
        await().atMost(5, TimeUnit.SECONDS).until(() -> store().countPending() == 0);
        Thread.sleep(300);
        consumed.assertIsSatisfied();
        assertThat(consumed.getExchanges())
                .extracting(e -> e.getMessage().getHeader(DescriberConstants.JOB_ID))
                .doesNotContain(waitedJob);
        // polled only by the waiting producer: exactly the polls until done, none by the consumer
        assertThat(api.jobs.get(waitedJob).polls().get()).isEqualTo(api.pollsUntilDone);
    }

    @Test
    void waitedForJobIsNotAlsoEmittedByAConsumerWhenTheUploadTookLongerThanALease() throws Exception {
        // a slow upload (here: a slow generate call) must not start the waiter's lease before the job exists
        api.generateDelayMillis = 1500;
        api.pollsUntilDone = 5;
        context.getRouteController().startRoute("results");
        Exchange waited = template.request(
                "direct:wait-short-lease", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-slow"));
        assertThat(waited.getException()).isNull();
        String waitedJob = waited.getMessage().getHeader(DescriberConstants.JOB_ID, String.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> store().countPending() == 0);
        Thread.sleep(300);
        assertThat(getMockEndpoint("mock:results").getExchanges())
                .extracting(e -> e.getMessage().getHeader(DescriberConstants.JOB_ID))
                .doesNotContain(waitedJob);
        assertThat(api.jobs.get(waitedJob).polls().get()).isEqualTo(api.pollsUntilDone);
    }

    @Test
    void thirtyConcurrentWaitsShareTwoThreads() throws Exception {
        int n = 30;
        AtomicBoolean busy = new AtomicBoolean(true);
        api.hold = job -> busy.get();
        AtomicInteger maxWaitThreads = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(
                () -> {
                    while (sampling.get()) {
                        int waitThreads = (int) Thread.getAllStackTraces().keySet().stream()
                                .filter(t -> t.getName().contains("DescriberWait"))
                                .count();
                        maxWaitThreads.accumulateAndGet(waitThreads, Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "sampler");
        sampler.start();
        // all thirty sent from this one thread, through the asynchronous producer API: a producer that held the
        // calling thread until its job ended would never let this loop reach the second message
        Endpoint direct = context.getEndpoint("direct:wait-text");
        AsyncProducer producer = direct.createAsyncProducer();
        producer.start();
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Exchange exchange = direct.createExchange();
                exchange.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-c" + i);
                CompletableFuture<Exchange> done = new CompletableFuture<>();
                boolean sync = producer.process(exchange, doneSync -> done.complete(exchange));
                assertThat(sync).as("completed synchronously").isFalse();
                futures.add(done);
            }
            // all thirty are waiting at once, each job polled several times, and none has an answer yet
            await().atMost(15, TimeUnit.SECONDS)
                    .until(() ->
                            api.jobs.values().stream().allMatch(j -> j.polls().get() >= 3));
            assertThat(api.jobs).hasSize(n);
            assertThat(futures).noneMatch(CompletableFuture::isDone);
            assertThat(context.getInflightRepository().size()).isEqualTo(n);
            busy.set(false);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } finally {
            sampling.set(false);
            sampler.join();
            producer.stop();
        }
        List<String> jobIds = new ArrayList<>();
        for (CompletableFuture<Exchange> f : futures) {
            Exchange e = f.get();
            assertThat(e.getException()).isNull();
            assertThat(e.getMessage().getHeader(DescriberConstants.JOB_STATUS)).isEqualTo(JobStatus.DONE);
            assertThat(e.getMessage().getBody(String.class)).contains("\"segments\"");
            jobIds.add(e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class));
        }
        assertThat(jobIds).doesNotHaveDuplicates().hasSize(n);
        assertThat(maxWaitThreads.get()).isBetween(1, 2);
        assertThat(getMockEndpoint("mock:waited").getReceivedCounter()).isEqualTo(n);
        await().atMost(5, TimeUnit.SECONDS).until(() -> store().countPending() == 0);
    }

    @Test
    void redeliveredSourceWaitsForTheExistingJobAndStartsNothing() throws Exception {
        int generatesBefore = api.jobs.size();
        Exchange first =
                template.request("direct:wait-text", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-dup"));
        Exchange again =
                template.request("direct:wait-text", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-dup"));
        assertThat(api.jobs).hasSize(generatesBefore + 1);
        assertThat(again.getException()).isNull();
        assertThat(again.getMessage().getHeader(DescriberConstants.JOB_ID))
                .isEqualTo(first.getMessage().getHeader(DescriberConstants.JOB_ID));
        assertThat(again.getMessage().getHeader(DescriberConstants.DUPLICATE)).isEqualTo(true);
        // the duplicate gets the results too, not a job record
        assertThat(again.getMessage().getHeader(DescriberConstants.JOB_STATUS)).isEqualTo(JobStatus.DONE);
        assertThat(again.getMessage().getBody())
                .isInstanceOf(String.class)
                .isEqualTo(first.getMessage().getBody(String.class));
        StoredJob job = store().find(first.getMessage().getHeader(DescriberConstants.JOB_ID, String.class))
                .orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.DELIVERED);
    }

    @Test
    void twoExchangesWaitingForTheSameVideoJobEachKeepTheirDownloadedFile() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        api.hold = job -> busy.get();
        CompletableFuture<Exchange> first = template.asyncSend("direct:wait-media-slowly", e -> {
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-same");
            e.getIn().setHeader("stepMillis", 200L);
        });
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> api.jobs.values().stream().anyMatch(j -> j.polls().get() >= 1));
        // the source redelivered while the first still waits: it waits for the same job
        CompletableFuture<Exchange> again = template.asyncSend("direct:wait-media-slowly", e -> {
            e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-same");
            e.getIn().setHeader("stepMillis", 1000L);
        });
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> api.jobs.values().stream().anyMatch(j -> j.polls().get() >= 4));
        busy.set(false);
        Exchange a = first.get(10, TimeUnit.SECONDS);
        Exchange b = again.get(10, TimeUnit.SECONDS);
        assertThat(api.jobs).hasSize(1);
        assertThat(b.getMessage().getHeader(DescriberConstants.DUPLICATE)).isEqualTo(true);
        assertThat(a.getMessage().getHeader("spoolExisted")).isEqualTo(true);
        // the first exchange's completion must not delete the file the second is still working on
        assertThat(b.getMessage().getHeader("spoolExisted")).isEqualTo(true);
        assertThat(b.getMessage().getHeader("spoolLength")).isEqualTo(64L * 1024);
        Path spool = tmp.resolve("spool");
        await().atMost(5, TimeUnit.SECONDS).until(() -> {
            try (var left = java.nio.file.Files.list(spool)) {
                return left.findAny().isEmpty();
            }
        });
    }

    @Test
    void aWaitingNodeHoldsItsJobOnlyAboutALeaseAhead() throws Exception {
        // with completionTimeout=1h a crashed waiter must not hide its job for an hour: the lease runs a check ahead
        api.hold = job -> true;
        CompletableFuture<Exchange> waiting = template.asyncSend(
                "direct:wait-lease", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-lease"));
        // a few checks have run, each renewing the lease
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> !store().listPending(10).isEmpty()
                        && api.jobs.values().stream().anyMatch(j -> j.polls().get() >= 3));
        StoredJob held = store().listPending(10).get(0);
        assertThat(held.leaseOwner()).isEqualTo(describer().getOrCreateNodeId());
        assertThat(held.leaseUntil()).isBefore(java.time.Instant.now().plusSeconds(10));
        api.hold = job -> false;
        assertThat(waiting.get(10, TimeUnit.SECONDS).getException()).isNull();
    }
}
