package io.describer.camel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.describer.camel.client.DescriberJobFailedException;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** describer:results emits one exchange per finished job, with the submission's headers restored. */
class ResultsConsumerTest extends CamelTestSupport {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        WireMockSupport.useJobStore(context, tmp);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.getConfiguration().setApiKey(WireMockSupport.API_KEY);
        describer.getConfiguration().setBaseUrl(api.baseUrl());
        describer.getConfiguration().setJobPollInterval(50);
        describer.getConfiguration().setDeliveryRetryDelay(100);
        describer.getConfiguration().setSpoolDirectory(tmp.resolve("spool").toString());
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(DescriberJobFailedException.class).handled(true).to("mock:failed");
                from("direct:text").to("describer:text?format=json");
                from("direct:video").to("describer:video");
                from("describer:results?delay=50&initialDelay=0")
                        .routeId("results")
                        .process(e -> {
                            // the spooled file exists while the exchange is routed
                            if (e.getMessage().getBody() instanceof File f) {
                                e.getMessage().setHeader("spoolExisted", f.isFile());
                                e.getMessage().setHeader("spoolLength", f.length());
                            }
                        })
                        .to("mock:results");
            }
        };
    }

    @Test
    void textJobIsDeliveredOnceWithRestoredHeadersAndOutputName() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        template.sendBodyAndHeaders(
                "direct:text",
                null,
                Map.of(
                        DescriberConstants.MEDIA_ID,
                        "m-1",
                        Exchange.FILE_NAME,
                        "talks/lecture.mp4",
                        DescriberConstants.CORRELATION_ID,
                        "corr-42",
                        "Unrelated",
                        "x"));
        results.assertIsSatisfied(10_000);
        Exchange out = results.getExchanges().get(0);
        assertThat(out.getMessage().getHeader(DescriberConstants.JOB_STATUS)).isEqualTo(JobStatus.DONE);
        assertThat(out.getMessage().getHeader(DescriberConstants.OUTPUT_TYPE)).isEqualTo(JobType.TEXT);
        assertThat(out.getMessage().getHeader(DescriberConstants.FORMAT)).isEqualTo("json");
        assertThat(out.getMessage().getHeader(DescriberConstants.CORRELATION_ID))
                .isEqualTo("corr-42");
        assertThat(out.getMessage().getHeader("Unrelated")).isNull();
        assertThat(out.getMessage().getHeader(Exchange.FILE_NAME)).isEqualTo("talks/lecture.ad.json");
        assertThat(out.getMessage().getHeader("CamelAwsS3Key")).isEqualTo("talks/lecture.ad.json");
        assertThat(out.getMessage().getBody(String.class))
                .contains("\"segments\"")
                .contains("A desk for task_");
        // delivered: never again, even after more polls
        Thread.sleep(300);
        results.assertIsSatisfied();
        assertThat(context.getComponent("describer", DescriberComponent.class)
                        .getJobStore()
                        .countPending())
                .isZero();
    }

    @Test
    void videoResultIsDownloadedToASpoolFileRemovedAfterwards() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        template.sendBodyAndHeaders(
                "direct:video",
                null,
                Map.of(
                        DescriberConstants.MEDIA_ID,
                        "m-2",
                        "CamelAwsS3Key",
                        "in/clip.mov",
                        "CamelAwsS3BucketName",
                        "incoming"));
        results.assertIsSatisfied(10_000);
        Exchange out = results.getExchanges().get(0);
        File file = out.getMessage().getBody(File.class);
        assertThat(file.getName()).isEqualTo("clip.ad.mp4");
        assertThat(out.getMessage().getHeader("spoolExisted")).isEqualTo(true);
        assertThat(out.getMessage().getHeader("spoolLength")).isEqualTo(64L * 1024);
        assertThat(out.getMessage().getHeader("CamelAwsS3Key")).isEqualTo("in/clip.ad.mp4");
        assertThat(out.getMessage().getHeader("CamelAwsS3BucketName")).isEqualTo("incoming");
        assertThat(out.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("video/mp4");
        await().atMost(5, TimeUnit.SECONDS).until(() -> !file.exists());
    }

    @Test
    void failedJobReachesTheErrorHandler() throws Exception {
        MockEndpoint failed = getMockEndpoint("mock:failed");
        failed.expectedMessageCount(1);
        getMockEndpoint("mock:results").expectedMessageCount(0);
        template.sendBodyAndHeader("direct:text", null, DescriberConstants.MEDIA_ID, "m-fail");
        failed.assertIsSatisfied(10_000);
        Exchange out = failed.getExchanges().get(0);
        DescriberJobFailedException e = out.getProperty(Exchange.EXCEPTION_CAUGHT, DescriberJobFailedException.class);
        assertThat(e.getJobId()).startsWith("task_");
        assertThat(e.getErrorCode()).isEqualTo("processing_failed");
        assertThat(out.getMessage().getHeader(DescriberConstants.ERROR_CODE)).isEqualTo("processing_failed");
        getMockEndpoint("mock:results").assertIsSatisfied();
    }

    @Test
    void rolledBackExchangeStaysPendingAndIsDeliveredLater() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.whenExchangeReceived(1, e -> {
            throw new IllegalStateException("downstream is down");
        });
        results.expectedMessageCount(2);
        template.sendBodyAndHeader("direct:text", null, DescriberConstants.MEDIA_ID, "m-3");
        results.assertIsSatisfied(10_000);
        List<Exchange> got = results.getExchanges();
        assertThat(got.get(0).getMessage().getHeader(DescriberConstants.JOB_ID))
                .isEqualTo(got.get(1).getMessage().getHeader(DescriberConstants.JOB_ID));
        // the route saw the first one: the second says it is a re-emission, so its output is to be overwritten
        assertThat(got.get(0).getMessage().getHeader(DescriberConstants.REDELIVERED))
                .isEqualTo(false);
        assertThat(got.get(1).getMessage().getHeader(DescriberConstants.REDELIVERED))
                .isEqualTo(true);
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> context.getComponent("describer", DescriberComponent.class)
                                .getJobStore()
                                .countPending()
                        == 0);
    }

    @Test
    void severalJobsFailingTheirFirstDeliveriesAreEachDeliveredOnceSuccessfullyInTheEnd() throws Exception {
        int jobs = 5;
        int failures = 2;
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
        MockEndpoint results = getMockEndpoint("mock:results");
        results.whenAnyExchangeReceived(e -> {
            String jobId = e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class);
            if (attempts.computeIfAbsent(jobId, k -> new AtomicInteger()).incrementAndGet() <= failures) {
                throw new IllegalStateException("downstream is down for " + jobId);
            }
            successes.computeIfAbsent(jobId, k -> new AtomicInteger()).incrementAndGet();
        });
        Set<String> submitted = new java.util.HashSet<>();
        for (int i = 0; i < jobs; i++) {
            submitted.add(template.requestBodyAndHeader(
                            "direct:text",
                            null,
                            DescriberConstants.MEDIA_ID,
                            "m-r" + i,
                            io.describer.camel.client.model.JobRecord.class)
                    .jobId());
        }
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        await().atMost(20, TimeUnit.SECONDS).until(() -> describer.getJobStore().countPending() == 0);

        assertThat(successes.keySet()).isEqualTo(submitted);
        assertThat(successes.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // each job came failures + 1 times, and a delivered job never comes again
        assertThat(attempts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(failures + 1));
        Thread.sleep(300);
        assertThat(results.getReceivedCounter()).isEqualTo(jobs * (failures + 1));
    }

    @Test
    void expiredSignedDownloadUrlIsRefreshedWithAnotherGetResults() throws Exception {
        api.expireFirstDownload = true;
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        String jobId = template.requestBodyAndHeader(
                        "direct:video",
                        null,
                        DescriberConstants.MEDIA_ID,
                        "m-exp",
                        io.describer.camel.client.model.JobRecord.class)
                .jobId();
        results.assertIsSatisfied(10_000);
        Exchange out = results.getExchanges().get(0);
        assertThat(out.getMessage().getHeader("spoolExisted")).isEqualTo(true);
        assertThat(out.getMessage().getHeader("spoolLength")).isEqualTo(64L * 1024);
        assertThat(out.getException()).isNull();

        JobApiSimulator.Job job = api.jobs.get(jobId);
        assertThat(job.downloads().get()).as("download attempts").isEqualTo(2);
        // the polls until done, plus the one that minted the fresh URL
        assertThat(job.polls().get()).isEqualTo(api.pollsUntilDone + 1);
        List<String> signatures = api.server().findAll(getRequestedFor(urlPathMatching("/signed/.*"))).stream()
                .map(r -> r.queryParameter("X-Goog-Signature").firstValue())
                .collect(Collectors.toList());
        assertThat(signatures).hasSize(2).doesNotHaveDuplicates();
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> context.getComponent("describer", DescriberComponent.class)
                                .getJobStore()
                                .countPending()
                        == 0);
    }

    @Test
    void jobInAStatusUnknownToTheClientDoesNotStallTheOtherJobs() throws Exception {
        // the service may add states; JobStatus reads them as null "so a new server-side state does not break polling"
        api.unknownStatus = job -> "m-odd".equals(job.mediaId());
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        String odd = template.requestBodyAndHeader(
                        "direct:text",
                        null,
                        DescriberConstants.MEDIA_ID,
                        "m-odd",
                        io.describer.camel.client.model.JobRecord.class)
                .jobId();
        String ok = template.requestBodyAndHeader(
                        "direct:text",
                        null,
                        DescriberConstants.MEDIA_ID,
                        "m-ok",
                        io.describer.camel.client.model.JobRecord.class)
                .jobId();
        results.assertIsSatisfied(10_000);
        assertThat(results.getExchanges().get(0).getMessage().getHeader(DescriberConstants.JOB_ID))
                .isEqualTo(ok);
        var store = context.getComponent("describer", DescriberComponent.class).getJobStore();
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> api.jobs.get(odd).polls().get() >= 3);
        var stored = store.find(odd).orElseThrow();
        // polled and rescheduled like any running job, not a failed poll every time
        assertThat(stored.state()).isEqualTo(io.describer.camel.job.JobState.PENDING);
        assertThat(stored.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(stored.lastError()).isNull();
    }

    @Test
    void duplicateSubmissionStartsNothingNew() throws Exception {
        Path video = Files.write(tmp.resolve("same.mp4"), new byte[1000]);
        int before = api.jobs.size();
        Exchange first = template.request("direct:text", e -> e.getIn().setBody(video.toFile()));
        Exchange second = template.request("direct:text", e -> e.getIn().setBody(video.toFile()));
        assertThat(second.getMessage().getHeader(DescriberConstants.JOB_ID))
                .isEqualTo(first.getMessage().getHeader(DescriberConstants.JOB_ID));
        assertThat(first.getMessage().getHeader(DescriberConstants.DUPLICATE)).isEqualTo(false);
        assertThat(second.getMessage().getHeader(DescriberConstants.DUPLICATE)).isEqualTo(true);
        assertThat(api.jobs).hasSize(before + 1);
        // another language is another job
        template.sendBodyAndHeader("direct:text", video.toFile(), DescriberConstants.LANGUAGE, "fr-FR");
        assertThat(api.jobs).hasSize(before + 2);
    }
}
