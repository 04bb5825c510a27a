package io.describer.examples.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts a fresh sandbox per test (fast timers) and talks to it with the JDK {@link HttpClient} only: these tests
 * check the emulator against API.md, not against the component's client.
 */
abstract class SandboxTestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final double SAMPLE_SECONDS = 5.0;

    @TempDir
    Path tmp;

    SandboxServer sandbox;
    String base;
    String key;

    /** Settings for this test class; override to change caps or timers. */
    SandboxSettings settings() {
        return SandboxSettings.fastForTests();
    }

    @BeforeEach
    void startSandbox() throws IOException {
        sandbox = SandboxServer.start(settings());
        base = sandbox.baseUrl();
        key = sandbox.apiKey();
    }

    @AfterEach
    void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The bundled 5 s, 10 fps sample, copied to a temp file. */
    Path sample() {
        Path target = tmp.resolve("sample.mp4");
        if (!Files.exists(target)) {
            try (InputStream in = getClass().getResourceAsStream("/samples/sample.mp4")) {
                assertThat(in).as("bundled sample").isNotNull();
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return target;
    }

    /** A response with its body parsed as JSON when it is JSON. */
    record Resp(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String text(String field) {
            return json().path(field).asText(null);
        }
    }

    Resp postJson(String endpoint, String json) {
        return send(HttpRequest.newBuilder(api(endpoint))
                .header("X-API-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Resp postJson(String endpoint, Map<String, ?> body) {
        try {
            return postJson(endpoint, MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Resp get(String endpointAndQuery) {
        return send(HttpRequest.newBuilder(api(endpointAndQuery))
                .header("X-API-Key", key)
                .GET());
    }

    /** Multipart as the docs show it: JSON-text fields plus a streamed {@code file} part (omitted when null). */
    Resp postMultipart(String endpoint, Map<String, String> fields, Path file) {
        String boundary = "----sandbox" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        StringBuilder head = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            head.append("--")
                    .append(boundary)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"")
                    .append(f.getKey())
                    .append("\"\r\n\r\n")
                    .append(f.getValue())
                    .append("\r\n");
        }
        if (file != null) {
            head.append("--")
                    .append(boundary)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
                    .append(file.getFileName())
                    .append("\"\r\n")
                    .append("Content-Type: application/octet-stream\r\n\r\n");
            parts.add(HttpRequest.BodyPublishers.ofString(head.toString()));
            try {
                parts.add(HttpRequest.BodyPublishers.ofFile(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        } else {
            parts.add(HttpRequest.BodyPublishers.ofString(head + "--" + boundary + "--\r\n"));
        }
        return send(HttpRequest.newBuilder(api(endpoint))
                .header("X-API-Key", key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))));
    }

    Resp send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<byte[]> download(String url) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    URI api(String endpointAndQuery) {
        return URI.create(base + "/enterprise/api/" + endpointAndQuery);
    }

    /** Uploads the sample by multipart and returns its media id. */
    String uploadSample() {
        Resp r = postMultipart("upload_media", Map.of("input", "{\"type\":\"file\"}"), sample());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.text("media_id");
    }

    /** Starts a job on a media id with the given generation_config (JSON text). */
    String generate(String endpoint, String mediaId, String configJson) {
        Resp r = postJson(
                endpoint,
                "{\"input\":{\"type\":\"media_id\",\"media_id\":\"" + mediaId + "\"},\"generation_config\":"
                        + configJson + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.text("job_id");
    }

    /** Polls get_results until done/failed. */
    JsonNode awaitJob(String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Resp r = get("get_results?job_id=" + jobId);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String status = r.text("status");
            if (status.equals("done") || status.equals("failed")) {
                return r.json();
            }
            sleep(10);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
