package io.describer.camel;

import java.time.Duration;

import io.describer.camel.client.DescriberException;
import org.apache.camel.Exchange;

/**
 * A job did not end within completionTimeout. It still runs at the service and stays in the job store, where a results
 * consumer delivers it when it ends. Code {@code completion_timeout}; {@link #mayExist()} is false: the job is tracked,
 * and a retried message finds it by its dedupe key instead of starting another.
 */
public class DescriberCompletionTimeoutException extends DescriberException {

    public static final String COMPLETION_TIMEOUT = "completion_timeout";

    private final String jobId;

    public DescriberCompletionTimeoutException(String jobId, Duration timeout, Exchange exchange) {
        super(
                0,
                COMPLETION_TIMEOUT,
                "Job " + jobId + " did not end within " + timeout
                        + "; it stays in the job store for a results consumer",
                null);
        this.jobId = jobId;
    }

    public String getJobId() {
        return jobId;
    }
}
