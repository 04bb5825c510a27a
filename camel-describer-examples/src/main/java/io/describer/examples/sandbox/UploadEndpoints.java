package io.describer.examples.sandbox;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/** {@code upload_media} (url, multipart file, signed_url), {@code notify_upload_complete}, {@code get_upload_status}. */
final class UploadEndpoints {

    private final Sandbox sandbox;
    private final SecureRandom random = new SecureRandom();

    UploadEndpoints(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void uploadMedia(HttpExchange exchange) throws IOException {
        String mediaType = HttpIo.mediaType(exchange);
        if (mediaType.equals("multipart/form-data")) {
            try (MultipartRequest request = MultipartRequest.read(exchange, sandbox.settings, sandbox.media)) {
                ObjectNode input = request.json("input"); // optional: the V2 quick example sends only "file"
                String type = input == null ? "file" : SandboxJson.text(input, "type", "input.type");
                if (type != null && !type.equals("file")) {
                    throw ApiException.invalidField(
                            "input.type", "multipart uploads use type 'file', not '" + type + "'");
                }
                if (!request.hasFile()) {
                    throw ApiException.invalidField("file", "the multipart 'file' part is required");
                }
                String filename = input == null ? null : SandboxJson.text(input, "filename", "input.filename");
                MediaStore.Registration r =
                        sandbox.media.register(request.takeFile(), filename != null ? filename : request.fileName());
                HttpIo.sendJson(exchange, 200, mediaBody(r));
            }
            return;
        }
        requireJson(mediaType);
        ObjectNode body = SandboxJson.parseObject(exchange.getRequestBody(), "request body");
        JsonNode input = body.get("input");
        if (input == null || !input.isObject()) {
            throw ApiException.invalidField("input", "an object with a 'type' is required");
        }
        String type = SandboxJson.text(input, "type", "input.type");
        String filename = SandboxJson.text(input, "filename", "input.filename");
        if ("url".equals(type)) {
            String url = SandboxJson.text(input, "url", "input.url");
            if (url == null || url.isBlank()) {
                throw ApiException.invalidField("input.url", "is required when input.type is url");
            }
            sandbox.requireFeature(true, "allow_url_input");
            HttpIo.sendJson(exchange, 200, mediaBody(sandbox.fetcher.fetchAndRegister(url, filename)));
        } else if ("signed_url".equals(type)) {
            HttpIo.sendJson(exchange, 200, signedUpload(input, filename));
        } else if ("file".equals(type)) {
            throw ApiException.invalidField("input.type", "'file' uploads must be sent as multipart/form-data");
        } else {
            throw ApiException.invalidField("input.type", "'" + type + "' is not one of url, file, signed_url");
        }
    }

    private Map<String, Object> signedUpload(JsonNode input, String filename) {
        String contentType = SandboxJson.text(input, "content_type", "input.content_type");
        if (filename == null || filename.isBlank()) {
            throw ApiException.invalidField("input.filename", "is required when input.type is signed_url");
        }
        if (contentType == null || contentType.isBlank()) {
            throw ApiException.invalidField("input.content_type", "is required when input.type is signed_url");
        }
        byte[] tokenBytes = new byte[18];
        random.nextBytes(tokenBytes);
        String token = HexFormat.of().formatHex(tokenBytes);
        Media m = sandbox.media.createSignedUpload(filename, contentType, token);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("media_id", m.id);
        body.put(
                "upload_url",
                sandbox.urls.uploadUrl(
                        sandbox.baseUrl(), token, contentType, sandbox.now().plus(sandbox.settings.uploadUrlTtl())));
        body.put("gcs_path", m.gcsPath);
        body.put("status", "pending_upload");
        body.put("content_type", contentType);
        return body;
    }

    void notifyUploadComplete(HttpExchange exchange) throws IOException {
        requireJson(HttpIo.mediaType(exchange));
        ObjectNode body = SandboxJson.parseObject(exchange.getRequestBody(), "request body");
        String mediaId = required(body, "media_id");
        String gcsPath = required(body, "gcs_path");
        Media m = sandbox.media.notifyUploaded(mediaId, gcsPath);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("media_id", m.id);
        answer.put("gcs_path", m.gcsPath);
        answer.put("upload_status", m.uploadStatus(sandbox.now(), sandbox.settings.verificationDelay()));
        HttpIo.sendJson(exchange, 200, answer);
    }

    void getUploadStatus(HttpExchange exchange) throws IOException {
        Map<String, String> query = HttpIo.query(exchange);
        String mediaId = query.get("media_id");
        if (mediaId == null || mediaId.isBlank()) {
            throw ApiException.invalidField("media_id", "query parameter is required");
        }
        Media m = sandbox.media.get(mediaId);
        String gcsPath = query.get("gcs_path");
        if (gcsPath != null && !gcsPath.isEmpty() && !gcsPath.equals(m.gcsPath)) {
            throw ApiException.invalidField("gcs_path", "'" + gcsPath + "' does not belong to media " + mediaId);
        }
        String status = m.uploadStatus(sandbox.now(), sandbox.settings.verificationDelay());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("media_id", m.id);
        answer.put("gcs_path", m.gcsPath);
        answer.put("upload_status", status);
        if (status.equals("completed")) {
            answer.put("canonical_media_id", m.canonicalId());
            putVideoFacts(answer, m.probe());
        } else if (status.equals("failed")) {
            answer.put("code", "upload_failed");
            answer.put("error", m.failureReason());
            answer.put("message", failureMessage(m.failureReason()));
        }
        HttpIo.sendJson(exchange, 200, answer);
    }

    private static String failureMessage(String reason) {
        switch (reason == null ? "" : reason) {
            case "no_video_stream":
                return "The uploaded file has no video stream";
            case "file_too_large":
                return "The uploaded file exceeds the maximum file size allowed by your plan";
            case "video_too_long":
                return "The uploaded video exceeds the maximum duration allowed by your plan";
            default:
                return "The uploaded file is not a valid video";
        }
    }

    static Map<String, Object> mediaBody(MediaStore.Registration r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("media_id", r.media().id);
        body.put("status", r.existing() ? "existing" : "created");
        if (r.media().probe() != null) {
            putVideoFacts(body, r.media().probe());
        }
        return body;
    }

    private static void putVideoFacts(Map<String, Object> body, MediaProbe.Result probe) {
        if (probe.kind() == MediaProbe.Kind.VIDEO) {
            body.put("duration_seconds", probe.durationSeconds());
            body.put("frame_rate", probe.frameRate());
        }
    }

    private static String required(JsonNode body, String field) {
        String value = SandboxJson.text(body, field, field);
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        return value;
    }

    /** JSON endpoints accept application/json (and a missing Content-Type, as lenient servers do). */
    static void requireJson(String mediaType) {
        if (!mediaType.isEmpty() && !mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw ApiException.badRequest(
                    "Content-Type must be application/json or multipart/form-data, not " + mediaType);
        }
    }
}
