package io.describer.examples.pipeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The smallest stand-in of the describer API these pipeline tests need, until the examples' sandbox is on this branch:
 * generate (upload or media id), get_results (processing, then done) and a signed download. By file name:
 * {@code *audio-only*} is refused with 415 {@code no_video_stream}; {@code *fail*} gives jobs that fail.
 */
final class FakeDescriberApi implements AutoCloseable {

    static final String API_KEY = "vsk_pipeline_test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

    private record Job(String id, String type, String mediaId, String format, AtomicInteger polls) {
    }

    /** Every accepted or refused generate call, as {@code type:file name} for uploads and {@code type:media id}. */
    final List<String> generateCalls = new CopyOnWriteArrayList<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> mediaNames = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpServer server;

    FakeDescriberApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long calls(String call) {
        return generateCalls.stream().filter(call::equals).count();
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            byte[] body = http.getRequestBody().readAllBytes();
            String path = http.getRequestURI().getPath();
            if (path.startsWith("/signed/")) {
                send(http, 200, "video/mp4", ("described video " + path.substring(8)).getBytes(StandardCharsets.UTF_8));
            } else if (!API_KEY.equals(http.getRequestHeaders().getFirst("X-API-Key"))) {
                send(http, 401, error("invalid_api_key", "bad key"));
            } else if (path.startsWith("/enterprise/api/generate_ad_")) {
                generate(http, path.substring("/enterprise/api/generate_ad_".length()), body);
            } else if (path.equals("/enterprise/api/get_results")) {
                results(http, http.getRequestURI().getQuery().replaceFirst(".*job_id=([^&]*).*", "$1"));
            } else {
                send(http, 404, error("not_found", path));
            }
        }
    }

    private void generate(HttpExchange http, String type, byte[] body) throws IOException {
        String contentType = http.getRequestHeaders().getFirst("Content-Type");
        String mediaId;
        String format = "vtt"; // uploads here are video jobs; script jobs come by media id with their config
        if (contentType != null && contentType.startsWith("multipart/")) {
            Matcher m = FILE_NAME.matcher(new String(body, StandardCharsets.ISO_8859_1));
            String name = m.find() ? m.group(1) : "unnamed";
            generateCalls.add(type + ":" + name);
            if (name.contains("audio-only")) {
                send(http, 415, error("no_video_stream", "The file has no video stream"));
                return;
            }
            mediaId = "m-" + ids.incrementAndGet();
            mediaNames.put(mediaId, name);
        } else {
            JsonNode request = JSON.readTree(body);
            mediaId = request.path("input").path("media_id").asText();
            format = request.path("generation_config").path("format").asText("vtt");
            generateCalls.add(type + ":" + mediaId);
        }
        Job job = new Job("job-" + ids.incrementAndGet(), type, mediaId, format, new AtomicInteger());
        jobs.put(job.id(), job);
        send(http, 200, JSON.createObjectNode().put("job_id", job.id()).put("status", "queued").put("media_id", mediaId));
    }

    private void results(HttpExchange http, String jobId) throws IOException {
        Job job = jobs.get(jobId);
        if (job == null) {
            send(http, 404, error("job_not_found", jobId));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("job_id", job.id()).put("media_id", job.mediaId());
        if (job.polls().incrementAndGet() < 2) {
            send(http, 200, answer.put("status", "processing"));
        } else if (mediaNames.getOrDefault(job.mediaId(), "").contains("fail")) {
            send(http, 200, answer.put("status", "failed").put("error_code", "processing_failed").put("error_message", "could not describe"));
        } else if (job.type().equals("text")) {
            answer.put("status", "done").putObject("output").put("format", job.format())
                    .put("content", "WEBVTT\n\n00:00.000 --> 00:02.000\nA sandbox description of " + job.mediaId() + "\n");
            send(http, 200, answer);
        } else {
            send(http, 200, answer.put("status", "done").put("video_signed_url", baseUrl() + "/signed/" + job.id() + ".mp4"));
        }
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("message", message);
    }

    private static void send(HttpExchange http, int status, ObjectNode json) throws IOException {
        send(http, status, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange http, int status, String contentType, byte[] bytes) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(status, bytes.length);
        http.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
