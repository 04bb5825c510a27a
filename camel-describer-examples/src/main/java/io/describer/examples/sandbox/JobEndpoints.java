package io.describer.examples.sandbox;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/** {@code generate_ad_text|audio|video} for every input type, and {@code get_results}. */
final class JobEndpoints {

    private final Sandbox sandbox;

    JobEndpoints(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void generate(SandboxJobType type, HttpExchange exchange) throws IOException {
        sandbox.requireFeature(type == SandboxJobType.VIDEO, "allow_api_ad_video_generation");
        sandbox.requireFeature(type == SandboxJobType.AUDIO, "allow_api_ad_audio_generation");
        String mediaType = HttpIo.mediaType(exchange);
        Media media;
        SandboxGenerationConfig config;
        if (mediaType.equals("multipart/form-data")) {
            try (MultipartRequest request = MultipartRequest.read(exchange, sandbox.settings, sandbox.media)) {
                ObjectNode input = request.json("input");
                String inputType = input == null ? "file" : SandboxJson.text(input, "type", "input.type");
                if (inputType != null && !inputType.equals("file")) {
                    throw ApiException.invalidField(
                            "input.type", "multipart requests use type 'file', not '" + inputType + "'");
                }
                config = SandboxGenerationConfig.parse(request.json("generation_config"), type);
                checkPlan(config, false);
                if (!request.hasFile()) {
                    throw ApiException.invalidField("file", "the multipart 'file' part is required");
                }
                String filename = input == null ? null : SandboxJson.text(input, "filename", "input.filename");
                MediaStore.Registration r =
                        sandbox.media.register(request.takeFile(), filename != null ? filename : request.fileName());
                media = r.existing() ? sandbox.media.usable(r.media().id) : r.media();
            }
        } else {
            UploadEndpoints.requireJson(mediaType);
            ObjectNode body = SandboxJson.parseObject(exchange.getRequestBody(), "request body");
            JsonNode input = body.get("input");
            JsonNode configNode = body.get("generation_config");
            if (input == null && (body.has("media_id") || body.has("url"))) {
                // V2 leftover still shown in the overview's quick example: {"media_id": ..., "language": ...}
                String kind = body.has("media_id") ? "media_id" : "url";
                ObjectNode synthetic = SandboxJson.MAPPER.createObjectNode().put("type", kind);
                synthetic.set(kind, body.get(kind));
                input = synthetic;
                configNode = SandboxGenerationConfig.flatConfig(body);
            }
            if (input == null || !input.isObject()) {
                throw ApiException.invalidField("input", "an object with a 'type' is required");
            }
            String inputType = SandboxJson.text(input, "type", "input.type");
            config = SandboxGenerationConfig.parse(configNode, type);
            if ("media_id".equals(inputType)) {
                checkPlan(config, false);
                String mediaId = SandboxJson.text(input, "media_id", "input.media_id");
                if (mediaId == null || mediaId.isBlank()) {
                    throw ApiException.invalidField("input.media_id", "is required when input.type is media_id");
                }
                media = sandbox.media.usable(mediaId);
            } else if ("url".equals(inputType)) {
                checkPlan(config, true);
                String url = SandboxJson.text(input, "url", "input.url");
                if (url == null || url.isBlank()) {
                    throw ApiException.invalidField("input.url", "is required when input.type is url");
                }
                MediaStore.Registration r =
                        sandbox.fetcher.fetchAndRegister(url, SandboxJson.text(input, "filename", "input.filename"));
                media = r.existing() ? sandbox.media.usable(r.media().id) : r.media();
            } else if ("file".equals(inputType)) {
                throw ApiException.invalidField("input.type", "'file' inputs must be sent as multipart/form-data");
            } else {
                throw ApiException.invalidField("input.type", "'" + inputType + "' is not one of media_id, url, file");
            }
        }
        Job job = sandbox.jobs.submit(type, media, config);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("job_id", job.id);
        answer.put("status", "queued");
        answer.put("media_id", media.id);
        HttpIo.sendJson(exchange, 200, answer);
    }

    void getResults(HttpExchange exchange) throws IOException {
        String jobId = HttpIo.query(exchange).get("job_id");
        if (jobId == null || jobId.isBlank()) {
            throw ApiException.invalidField("job_id", "query parameter is required");
        }
        HttpIo.sendJson(exchange, 200, sandbox.jobs.results(jobId, sandbox.baseUrl()));
    }

    /** Plan gating of API.md §4/§7.3, driven by {@link SandboxSettings#denyFeature(String)}. */
    private void checkPlan(SandboxGenerationConfig c, boolean urlInput) {
        sandbox.requireFeature(urlInput, "allow_url_input");
        sandbox.requireFeature(!c.customInstructions().isBlank(), "allow_custom_instructions");
        sandbox.requireFeature(c.volumeOption().equals("max") || c.volumeLevelDb() != null, "allow_config_volume");
        sandbox.requireFeature(!c.videoCategory().equals("Auto"), "allow_custom_video_categories");
        sandbox.requireFeature(c.descriptionContent() != null, "allow_custom_description_workflow");
        sandbox.requireFeature(c.adType().equals("standard_ad"), "allow_standard_ad");
    }
}
