package io.describer.camel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stand-in of the API's job lifecycle inside WireMock: every generate call makes a new job, and each job answers
 * queued, processing, then done after a set number of get_results polls. Media id {@code m-fail} gives failed jobs.
 * Thread-safe: WireMock serves requests concurrently, so every counter is atomic and every knob volatile.
 *
 * <p>Knobs (reset by {@link #stubs()}): {@link #pollsUntilDone}; {@link #hold} keeps matching jobs processing however
 * often they are polled; {@link #generateDelayMillis} makes generate slow (widens submission races);
 * {@link #downloadSize} of a WireMock-served result; {@link #downloadBaseUrl} sends downloads elsewhere (a streaming
 * server of the test); {@link #expireFirstDownload} answers a job's first download with 403, like an expired signature.
 */
final class JobApiSimulator implements ResponseTransformerV2, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final String NAME = "job-simulator";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Job(String id, String type, String mediaId, String format, AtomicInteger polls, AtomicInteger downloads) {}

    /**
     * A failure of one generate call. {@code acts}: the service started (and billed) the job before the failure, so
     * only the answer is lost.
     */
    enum GenerateFault {
        RATE_LIMIT(false),
        CONCURRENCY_LIMIT(false),
        QUEUE_LIMIT(false),
        PLAN_LIMIT(false),
        UPLOAD_NOT_READY(false),
        ERROR_500_BEFORE(false),
        ERROR_500_AFTER(true),
        UNAVAILABLE_503(false),
        GATEWAY_504_HTML(true),
        RESET_BEFORE(false),
        RESET_AFTER(true),
        TIMEOUT_AFTER(true),
        MALFORMED_AFTER(true);

        final boolean acts;

        GenerateFault(boolean acts) {
            this.acts = acts;
        }
    }

    /** Per media id and attempt (1 = first generate call for that media): the fault to inject, or null. */
    volatile java.util.function.BiFunction<String, Integer, GenerateFault> generateFault = (m, n) -> null;
    /** How long a {@link GenerateFault#TIMEOUT_AFTER} answer takes: longer than the client's read timeout. */
    volatile long timeoutMillis = 1_000;

    private final Map<String, AtomicInteger> generateAttempts = new ConcurrentHashMap<>();

    final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    /** generate_ad_* calls that created a job (the billed ones). */
    final AtomicInteger generateCalls = new AtomicInteger();
    /** get_results calls. */
    final AtomicInteger resultsCalls = new AtomicInteger();

    volatile int pollsUntilDone = 2;
    volatile Predicate<Job> hold = job -> false;
    volatile long generateDelayMillis;
    volatile int downloadSize = 64 * 1024;
    volatile String downloadBaseUrl;
    volatile boolean expireFirstDownload;
    /** The next get_results answers 429 rate_limit_exceeded with retry_after = this many seconds (0: none). */
    volatile int rateLimitNextResults;
    /** When that 429 was served, epoch millis; 0 until then. */
    volatile long rateLimitedAt;
    /** Matching jobs answer a status this client does not know (a new server-side state). */
    volatile Predicate<Job> unknownStatus = job -> false;

    private WireMockServer server;

    private void startServer() {
        server = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().extensions(this));
        server.start();
        stubs();
    }

    /** As a JUnit extension: one server per test class, its jobs and knobs reset before each test. */
    @Override
    public void beforeAll(ExtensionContext context) {
        startServer();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        stubs();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        shutdown();
    }

    void stubs() {
        pollsUntilDone = 2;
        hold = job -> false;
        generateDelayMillis = 0;
        downloadSize = 64 * 1024;
        downloadBaseUrl = null;
        expireFirstDownload = false;
        unknownStatus = job -> false;
        rateLimitNextResults = 0;
        rateLimitedAt = 0;
        generateFault = (m, n) -> null;
        timeoutMillis = 1_000;
        generateAttempts.clear();
        generateCalls.set(0);
        resultsCalls.set(0);
        jobs.clear();
        server.resetAll();
        for (String type : new String[] {"text", "audio", "video"}) {
            server.stubFor(post("/enterprise/api/generate_ad_" + type)
                    .willReturn(aResponse().withTransformers(NAME)));
        }
        // the component uploads bodies first, then starts the job by media id
        server.stubFor(post("/enterprise/api/upload_media")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"media_id\":\"m-upload\",\"status\":\"created\"}")));
        server.stubFor(get(urlPathEqualTo("/enterprise/api/get_results"))
                .willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(get(urlPathMatching("/signed/.*")).willReturn(aResponse().withTransformers(NAME)));
    }

    /** How many jobs the service has started: exactly the billed submissions. */
    int jobCount() {
        return generateCalls.get();
    }

    WireMockServer server() {
        return server;
    }

    String baseUrl() {
        return WireMockSupport.baseUrl(server);
    }

    void shutdown() {
        server.stop();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
        String path = event.getRequest().getUrl();
        try {
            if (path.startsWith("/enterprise/api/generate_ad_")) {
                String media = mediaIdOf(event);
                int attempt = generateAttempts
                        .computeIfAbsent(media, m -> new AtomicInteger())
                        .incrementAndGet();
                GenerateFault fault = generateFault.apply(media, attempt);
                if (fault != null && !fault.acts) {
                    return faulty(response, fault);
                }
                ObjectNode created = create(path.substring("/enterprise/api/generate_ad_".length()), event);
                if (fault == GenerateFault.TIMEOUT_AFTER) {
                    Thread.sleep(timeoutMillis);
                }
                return fault != null && fault != GenerateFault.TIMEOUT_AFTER
                        ? faulty(response, fault)
                        : json(response, 200, created);
            }
            if (path.startsWith("/signed/")) {
                Job job = jobs.get(path.substring("/signed/".length(), path.indexOf('.')));
                if (job != null && job.downloads().incrementAndGet() == 1 && expireFirstDownload) {
                    return Response.Builder.like(response)
                            .but()
                            .status(403)
                            .body(
                                    "<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>")
                            .build();
                }
                return Response.Builder.like(response)
                        .but()
                        .status(200)
                        .body(new byte[downloadSize])
                        .build();
            }
            resultsCalls.incrementAndGet();
            int retryAfter = rateLimitNextResults;
            if (retryAfter > 0) {
                rateLimitNextResults = 0;
                rateLimitedAt = System.currentTimeMillis();
                return json(
                        response,
                        429,
                        JSON.createObjectNode()
                                .put("error", "rate_limit_exceeded")
                                .put("message", "Too many requests")
                                .put("retry_after", retryAfter));
            }
            Job job = jobs.get(event.getRequest().queryParameter("job_id").firstValue());
            if (job == null) {
                return json(
                        response,
                        404,
                        JSON.createObjectNode().put("error", "not_found").put("message", "no such job"));
            }
            return json(response, 200, results(job));
        } catch (Exception e) {
            return Response.Builder.like(response)
                    .but()
                    .status(500)
                    .body(e.toString())
                    .build();
        }
    }

    /** Jobs the service started for a media id (billed ones, whether or not the client heard of them). */
    java.util.List<Job> jobsFor(String mediaId) {
        return jobs.values().stream().filter(j -> j.mediaId().equals(mediaId)).toList();
    }

    private static String mediaIdOf(ServeEvent event) throws Exception {
        if (event.getRequest().isMultipart()) {
            return "m-upload";
        }
        return JSON.readTree(event.getRequest().getBodyAsString())
                .path("input")
                .path("media_id")
                .asText("m-url");
    }

    private static Response faulty(Response response, GenerateFault fault) {
        return switch (fault) {
            case RATE_LIMIT -> limit(response, "rate_limit_exceeded");
            case CONCURRENCY_LIMIT -> limit(response, "concurrency_limit_exceeded");
            case QUEUE_LIMIT -> limit(response, "queue_limit_exceeded");
            case PLAN_LIMIT -> limit(response, "plan_limit_exceeded");
            case UPLOAD_NOT_READY ->
                json(
                        response,
                        409,
                        JSON.createObjectNode()
                                .put("error", "Upload is still in progress. Please retry shortly.")
                                .put("code", "upload_not_ready")
                                .put("upload_status", "processing"));
            case ERROR_500_BEFORE, ERROR_500_AFTER ->
                json(
                        response,
                        500,
                        JSON.createObjectNode().put("error", "internal_error").put("message", "boom"));
            case UNAVAILABLE_503 ->
                json(
                        response,
                        503,
                        JSON.createObjectNode().put("error", "unavailable").put("message", "down for a moment"));
            case GATEWAY_504_HTML ->
                Response.Builder.like(response)
                        .but()
                        .status(504)
                        .body("<html><body><h1>504 Gateway Time-out</h1></body></html>")
                        .build();
            case RESET_BEFORE, RESET_AFTER ->
                Response.Builder.like(response)
                        .but()
                        .fault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)
                        .build();
            case MALFORMED_AFTER ->
                Response.Builder.like(response)
                        .but()
                        .status(200)
                        .body("{\"job_id\": \"task_")
                        .build();
            case TIMEOUT_AFTER -> throw new IllegalStateException("answered late, not faulty");
        };
    }

    private static Response limit(Response response, String code) {
        return json(
                response,
                429,
                JSON.createObjectNode().put("error", code).put("message", code).put("retry_after", 0.01));
    }

    private ObjectNode create(String type, ServeEvent event) throws Exception {
        String mediaId = "m-upload";
        String format = "vtt";
        if (!event.getRequest().isMultipart()) {
            JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
            mediaId = body.path("input").path("media_id").asText("m-url");
            format = body.path("generation_config").path("format").asText("vtt");
        }
        if (generateDelayMillis > 0) {
            Thread.sleep(generateDelayMillis);
        }
        Job job = new Job(
                "task_" + counter.incrementAndGet() + "_" + System.nanoTime(),
                type,
                mediaId,
                format,
                new AtomicInteger(),
                new AtomicInteger());
        jobs.put(job.id(), job);
        generateCalls.incrementAndGet();
        return JSON.createObjectNode()
                .put("job_id", job.id())
                .put("status", "queued")
                .put("media_id", mediaId);
    }

    private ObjectNode results(Job job) {
        int polls = job.polls().incrementAndGet();
        ObjectNode r = JSON.createObjectNode()
                .put("job_id", job.id())
                .put("media_id", job.mediaId())
                .put("created_at", "2026-11-25T08:00:00Z")
                .put("updated_at", "2026-11-25T08:00:10Z");
        if (unknownStatus.test(job)) {
            return r.put("status", "rendering");
        }
        if (polls < pollsUntilDone || hold.test(job)) {
            return r.put("status", polls == 1 ? "queued" : "processing");
        }
        if ("m-fail".equals(job.mediaId())) {
            return r.put("status", "failed")
                    .put("error_code", "processing_failed")
                    .put("error", "the media could not be processed");
        }
        r.put("status", "done");
        ObjectNode output = r.putObject("output").put("format", job.format());
        if ("json".equals(job.format())) {
            output.putArray("segments")
                    .addObject()
                    .put("start", 0.5)
                    .put("end", 3.1)
                    .put("text", "A desk for " + job.id());
        } else {
            output.put("content", "WEBVTT\n\n00:00.500 --> 00:03.100\nA desk for " + job.id() + "\n");
        }
        // every get_results call mints a fresh signature, as the service does
        String expires = "?X-Goog-Expires=900&X-Goog-Signature=sig" + polls;
        String base = downloadBaseUrl != null ? downloadBaseUrl : baseUrl() + "/signed/";
        if (job.type().equals("audio")) {
            r.put("audio_signed_url", base + job.id() + ".wav" + expires);
        } else if (job.type().equals("video")) {
            r.put("video_signed_url", base + job.id() + ".mp4" + expires);
        }
        return r;
    }

    private static Response json(Response response, int status, ObjectNode body) {
        return Response.Builder.like(response)
                .but()
                .status(status)
                .headers(new com.github.tomakehurst.wiremock.http.HttpHeaders(
                        new com.github.tomakehurst.wiremock.http.HttpHeader("Content-Type", "application/json")))
                .body(body.toString())
                .build();
    }
}
