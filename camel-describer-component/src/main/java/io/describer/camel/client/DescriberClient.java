package io.describer.camel.client;

import java.io.IOException;
import java.nio.file.Path;

import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.MediaRecord;
import io.describer.camel.client.model.UploadStatusRecord;

/**
 * The ViddyScribe enterprise API (V3). Framework-free: usable without Camel. Every call applies the client's own
 * bounded retry policy and throws a {@link DescriberException} subtype for API errors.
 */
public interface DescriberClient extends AutoCloseable {

    /** Limit of a direct multipart upload; larger media go through the signed-upload flow. */
    long DIRECT_UPLOAD_LIMIT = 32L * 1024 * 1024;

    /**
     * Registers media: by URL, by one multipart call (content up to {@link #DIRECT_UPLOAD_LIMIT}), or by the signed
     * flow (create, streamed PUT, notify, wait for verification); the returned record carries the id to generate with
     * (the canonical one after a signed upload).
     */
    MediaRecord uploadMedia(MediaInput input, TransferListener listener) throws IOException;

    /**
     * Starts a job. Content above the direct limit is uploaded by the signed flow first, then the job is started by
     * media id.
     */
    JobRecord generate(JobType type, MediaInput input, GenerationConfig config, TransferListener listener)
            throws IOException;

    /** One {@code get_results} call. */
    JobResults getResults(String jobId) throws IOException;

    /** {@code upload_media} with {@code input.type=signed_url}. */
    MediaRecord requestSignedUpload(String filename, String contentType) throws IOException;

    /** Streams the content to the signed URL with the declared content type. */
    void putSignedUpload(MediaRecord signedUpload, MediaContent content, TransferListener listener) throws IOException;

    UploadStatusRecord notifyUploadComplete(String mediaId, String gcsPath) throws IOException;

    UploadStatusRecord getUploadStatus(String mediaId, String gcsPath) throws IOException;

    /**
     * Streams a signed download URL into {@code target}: written to a temporary sibling and moved into place only when
     * complete. Returns the number of bytes.
     */
    long download(String signedUrl, Path target, TransferListener listener) throws IOException;

    @Override
    void close();
}
