package io.describer.camel.client;

import io.describer.camel.client.model.JobResults;

/**
 * A job that {@code get_results} reports as {@code failed}. Not an HTTP error (status 0): the call succeeded, the job
 * did not. The code is the job's error code.
 */
public class DescriberJobFailedException extends DescriberException {

    private final String jobId;
    private final String errorCode;
    private final String errorMessage;

    public DescriberJobFailedException(String jobId, String errorCode, String errorMessage) {
        super(0, errorCode, "job " + jobId + " failed" + (errorMessage != null ? ": " + errorMessage : ""), null);
        this.jobId = jobId;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    public static DescriberJobFailedException of(JobResults results) {
        return new DescriberJobFailedException(results.jobId(), results.errorCode(), results.errorMessage());
    }

    public String getJobId() {
        return jobId;
    }

    /** The job's machine error code, or null when the service gave none. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The job's human-readable error, or null. */
    public String getErrorMessage() {
        return errorMessage;
    }
}
