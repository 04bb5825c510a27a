package io.describer.camel.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.describer.camel.DescriberConstants;
import io.describer.camel.DescriberEndpoint;
import io.describer.camel.DescriberOperation;
import io.describer.camel.MediaInputResolver;
import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.DescriberException;
import io.describer.camel.client.DescriberJobFailedException;
import io.describer.camel.client.DescriberSignedUrlExpiredException;
import io.describer.camel.client.Json;
import io.describer.camel.client.TransferListener;
import io.describer.camel.client.model.JobOutput;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.FileUtil;

/**
 * Fills the exchange of a finished job, the same for the results consumer and for a producer that waits: headers, the
 * script as text or the downloaded audio/video as a file, or the job's failure as the exchange exception.
 */
public final class ResultsExchanges {

    private final DescriberEndpoint endpoint;

    public ResultsExchanges(DescriberEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Returns the downloaded file to remove once the exchange is done, or null. */
    public Path populate(Exchange exchange, StoredJob job, JobResults results) throws IOException {
        Message msg = exchange.getMessage();
        Map<String, String> correlation = job.correlationHeaders();
        correlation.forEach(msg::setHeader);
        String format = format(job, results);
        String outputName = OutputNames.of(correlation, job.jobId(), job.jobType(), format);
        msg.setHeader(DescriberConstants.JOB_ID, job.jobId());
        msg.setHeader(DescriberConstants.TENANT, job.tenant() != null ? job.tenant() : "default");
        msg.setHeader(DescriberConstants.MEDIA_ID, results.mediaId() != null ? results.mediaId() : job.mediaId());
        msg.setHeader(DescriberConstants.JOB_STATUS, results.status());
        msg.setHeader(DescriberConstants.REDELIVERED, job.isReEmission());
        msg.setHeader(DescriberConstants.OPERATION, DescriberOperation.fromJobType(job.jobType()));
        msg.setHeader(DescriberConstants.OUTPUT_TYPE, job.jobType());
        msg.setHeader(DescriberConstants.FORMAT, format);
        msg.setHeader(Exchange.FILE_NAME, outputName);
        msg.setHeader(MediaInputResolver.AWS_S3_KEY, outputName);
        String contentType = OutputNames.contentType(job.jobType(), format);
        msg.setHeader(Exchange.CONTENT_TYPE, contentType);
        msg.setHeader(MediaInputResolver.AWS_S3_CONTENT_TYPE, contentType);
        if (results.status() == JobStatus.FAILED) {
            msg.setHeader(DescriberConstants.ERROR_CODE, results.errorCode());
            msg.setBody(results);
            exchange.setException(
                    new DescriberJobFailedException(job.jobId(), results.errorCode(), results.errorMessage()));
            return null;
        }
        if (job.jobType() == JobType.TEXT) {
            msg.setBody(scriptText(results.output(), job.jobId()));
            return null;
        }
        Path file = download(job, results, outputName);
        msg.setHeader(Exchange.FILE_LENGTH, Files.size(file));
        msg.setBody(file.toFile());
        return file;
    }

    private static String format(StoredJob job, JobResults results) {
        if (results.output() != null && results.output().format() != null) {
            return results.output().format();
        }
        try {
            var config = Json.MAPPER.readTree(job.generationConfig() == null ? "{}" : job.generationConfig());
            return config.path("format").asText("vtt");
        } catch (JsonProcessingException e) {
            return "vtt";
        }
    }

    public static String scriptText(JobOutput output, String jobId) throws IOException {
        if (output == null) {
            throw new DescriberException(200, "missing_output", "Job " + jobId + " is done but has no output", null);
        }
        if (output.content() != null) {
            return output.content();
        }
        return Json.MAPPER.writeValueAsString(output);
    }

    private Path download(StoredJob job, JobResults results, String outputName) throws IOException {
        // a folder per download, not per job: two exchanges of one job (a waiter and a redelivered source waiting
        // for it) each delete their file when done, and must not delete the one the other is still routing
        Files.createDirectories(endpoint.getSpoolDirectory());
        Path dir = Files.createTempDirectory(endpoint.getSpoolDirectory(), job.jobId() + "-");
        Path target = dir.resolve(FileUtil.stripPath(outputName));
        DescriberClient client = endpoint.clientFor(job.tenant());
        TransferListener progress = endpoint.getEvents().downloads(job.tenant(), new ProgressLogger("Downloading"));
        boolean done = false;
        try {
            try {
                client.download(signedUrl(job, results), target, progress);
            } catch (DescriberSignedUrlExpiredException e) {
                // signed URLs live 15 minutes; every get_results call mints fresh ones
                client.download(signedUrl(job, client.getResults(job.jobId())), target, progress);
            }
            done = true;
            return target;
        } finally {
            if (!done) {
                // a failed download is retried into a new folder: leave no empty one behind
                delete(target);
            }
        }
    }

    private static String signedUrl(StoredJob job, JobResults results) throws DescriberException {
        String url = job.jobType() == JobType.AUDIO
                ? firstNonNull(results.audioSignedUrl(), results.videoSignedUrl())
                : results.videoSignedUrl();
        if (url == null) {
            throw new DescriberException(
                    200,
                    "missing_output",
                    "Job " + job.jobId() + " is done but gives no " + job.jobType() + " download URL",
                    null);
        }
        return url;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** Removes a downloaded file and its folder. */
    public static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            // a leftover spool file is harmless
        }
    }
}
