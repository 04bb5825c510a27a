package io.describer.camel.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.MediaRecord;
import io.describer.camel.client.model.UploadStatusRecord;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * {@link DescriberClient} on Apache HttpClient 5 (see {@link HttpTransport}). Media is always streamed (multipart up to
 * the direct limit, the signed flow above it); every call goes through the {@link RetryPolicy}.
 */
public final class HttpDescriberClient implements DescriberClient {

    static final String API_PATH = "/enterprise/api/";
    /** Without a charset parameter, as the API documents it; the bytes are UTF-8 (RFC 8259). */
    private static final ContentType JSON = ContentType.create("application/json");

    private final ClientSettings settings;
    private final RetryPolicy retry;
    private final HttpTransport transport;
    private final SignedUrlTransfers signedUrls;
    private final ApiKeySource keys;
    /** False for a client made by {@link #withApiKey}: the connections are the parent's. */
    private final boolean ownsTransport;

    public HttpDescriberClient(ClientSettings settings) {
        this(settings, RetryPolicy.of(settings));
    }

    /** With a custom retry policy (its sleeper also paces the upload-verification polls). */
    public HttpDescriberClient(ClientSettings settings, RetryPolicy retry) {
        this(settings, retry, new HttpTransport(settings), settings.apiKeySource(), true);
    }

    private HttpDescriberClient(
            ClientSettings settings,
            RetryPolicy retry,
            HttpTransport transport,
            ApiKeySource keys,
            boolean ownsTransport) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.transport = transport;
        this.signedUrls = new SignedUrlTransfers(transport, retry);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.ownsTransport = ownsTransport;
    }

    /**
     * A client for another team's key (asked at each call) and retry policy, on this client's connections and
     * settings; closing it leaves the connections open for this client.
     */
    public HttpDescriberClient withApiKey(ApiKeySource keys, RetryPolicy retry) {
        return new HttpDescriberClient(settings, retry, transport, keys, false);
    }

    public ClientSettings settings() {
        return settings;
    }

    @Override
    public MediaRecord uploadMedia(MediaInput input, TransferListener listener) throws IOException {
        Objects.requireNonNull(input, "input");
        if (input instanceof MediaInput.MediaId id) {
            // already registered: nothing to send
            return new MediaRecord(id.mediaId(), "existing", null, null, null, null, null);
        }
        if (input instanceof MediaInput.Url url) {
            return postJson("upload_media", Json.request(urlInput(url), null), MediaRecord.class);
        }
        MediaContent content = ((MediaInput.Content) input).content();
        if (isDirect(content)) {
            return postMultipart("upload_media", content, null, listener, MediaRecord.class);
        }
        return signedFlow().upload(content, listener);
    }

    @Override
    public JobRecord generate(JobType type, MediaInput input, GenerationConfig config, TransferListener listener)
            throws IOException {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(input, "input");
        if (config != null) {
            config.validateFor(type);
        }
        String operation = type.endpoint();
        if (input instanceof MediaInput.MediaId id) {
            return start(
                    operation,
                    id.mediaId(),
                    () -> postJson(operation, Json.request(mediaIdInput(id.mediaId()), config), JobRecord.class));
        }
        if (input instanceof MediaInput.Url url) {
            return start(
                    operation, null, () -> postJson(operation, Json.request(urlInput(url), config), JobRecord.class));
        }
        MediaContent content = ((MediaInput.Content) input).content();
        if (isDirect(content)) {
            return start(operation, null, () -> postMultipart(operation, content, config, listener, JobRecord.class));
        }
        MediaRecord media = signedFlow().upload(content, listener);
        return start(
                operation,
                media.mediaId(),
                () -> postJson(operation, Json.request(mediaIdInput(media.mediaId()), config), JobRecord.class));
    }

    /**
     * One job start: a failure after which the job may exist becomes a {@link DescriberUncertainSubmissionException}; so
     * does a success answer without a job id (the job exists, but cannot be followed).
     */
    private static JobRecord start(String operation, String mediaId, RetryPolicy.Call<JobRecord> call)
            throws IOException {
        JobRecord job;
        try {
            job = call.call();
        } catch (DescriberException e) {
            if (ApiErrors.mayHaveStartedJob(e)) {
                throw new DescriberUncertainSubmissionException(operation, mediaId, e);
            }
            throw e;
        }
        if (job == null || job.jobId() == null || job.jobId().isBlank()) {
            throw new DescriberUncertainSubmissionException(
                    operation, mediaId, new DescriberInvalidResponseException(200, operation, "no job_id"));
        }
        return job;
    }

    @Override
    public JobResults getResults(String jobId) throws IOException {
        Objects.requireNonNull(jobId, "jobId");
        return get("get_results", "job_id=" + encode(jobId), JobResults.class);
    }

    @Override
    public MediaRecord requestSignedUpload(String filename, String contentType) throws IOException {
        ObjectNode input = Json.object()
                .put("type", "signed_url")
                .put("filename", Objects.requireNonNull(filename, "filename"))
                .put("content_type", Objects.requireNonNull(contentType, "contentType"));
        return postJson("upload_media", Json.request(input, null), MediaRecord.class);
    }

    @Override
    public void putSignedUpload(MediaRecord signedUpload, MediaContent content, TransferListener listener)
            throws IOException {
        signedUrls.put(signedUpload, Objects.requireNonNull(content, "content"), listener);
    }

    @Override
    public UploadStatusRecord notifyUploadComplete(String mediaId, String gcsPath) throws IOException {
        ObjectNode body = Json.object()
                .put("media_id", Objects.requireNonNull(mediaId, "mediaId"))
                .put("gcs_path", Objects.requireNonNull(gcsPath, "gcsPath"));
        return postJson("notify_upload_complete", body, UploadStatusRecord.class);
    }

    @Override
    public UploadStatusRecord getUploadStatus(String mediaId, String gcsPath) throws IOException {
        String query = "media_id=" + encode(Objects.requireNonNull(mediaId, "mediaId"))
                + (gcsPath != null ? "&gcs_path=" + encode(gcsPath) : "");
        return get("get_upload_status", query, UploadStatusRecord.class);
    }

    @Override
    public long download(String signedUrl, Path target, TransferListener listener) throws IOException {
        return signedUrls.download(
                Objects.requireNonNull(signedUrl, "signedUrl"), Objects.requireNonNull(target, "target"), listener);
    }

    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "HttpDescriberClient[" + settings.baseUrl() + "]";
    }

    private boolean isDirect(MediaContent content) {
        return content.length() <= settings.directUploadLimit();
    }

    private SignedUploadFlow signedFlow() {
        return new SignedUploadFlow(
                this, settings.uploadPollInterval(), settings.uploadVerificationTimeout(), retry.sleeper());
    }

    private <T> T postJson(String operation, ObjectNode body, Class<T> answerType) throws IOException {
        byte[] json = Json.write(body).getBytes(StandardCharsets.UTF_8);
        return retry.execute(operation, () -> {
            HttpPost post = new HttpPost(uri(operation, null));
            post.setEntity(new ByteArrayEntity(json, JSON));
            return transport.api(operation, post, 0, answerType, keys);
        });
    }

    private <T> T get(String operation, String query, Class<T> answerType) throws IOException {
        return retry.execute(
                operation, () -> transport.api(operation, new HttpGet(uri(operation, query)), 0, answerType, keys));
    }

    /** Parts {@code input} ({@code {"type":"file"}}), {@code generation_config} when given, then the streamed {@code file}. */
    private <T> T postMultipart(
            String operation,
            MediaContent content,
            GenerationConfig config,
            TransferListener listener,
            Class<T> answerType)
            throws IOException {
        String input = Json.write(Json.object().put("type", "file"));
        String configJson = config != null ? Json.write(config) : null;
        return retry.execute(operation, content::canOpen, () -> {
            MultipartBody multipart = new MultipartBody().field("input", input);
            if (configJson != null) {
                multipart.field("generation_config", configJson);
            }
            Progress progress = new Progress(content.filename(), content.length(), listener);
            HttpPost request = new HttpPost(uri(operation, null));
            request.setEntity(multipart.entity("file", content, progress));
            T answer = transport.api(operation, request, content.length(), answerType, keys);
            progress.finish();
            return answer;
        });
    }

    private URI uri(String operation, String query) {
        return URI.create(settings.baseUrl() + API_PATH + operation + (query != null ? "?" + query : ""));
    }

    private static ObjectNode mediaIdInput(String mediaId) {
        return Json.object().put("type", "media_id").put("media_id", mediaId);
    }

    private static ObjectNode urlInput(MediaInput.Url url) {
        ObjectNode input = Json.object().put("type", "url").put("url", url.url());
        if (url.filename() != null && !url.filename().isBlank()) {
            input.put("filename", url.filename());
        }
        return input;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
