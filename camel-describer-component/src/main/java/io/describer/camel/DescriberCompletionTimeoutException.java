package io.describer.camel;

import java.time.Duration;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * A job did not end within completionTimeout. It still runs at the service and stays in the job store, where a results
 * consumer delivers it when it ends.
 */
public class DescriberCompletionTimeoutException extends CamelExchangeException {

    private final String jobId;

    public DescriberCompletionTimeoutException(String jobId, Duration timeout, Exchange exchange) {
        super(
                "Job " + jobId + " did not end within " + timeout
                        + "; it stays in the job store for a results consumer",
                exchange);
        this.jobId = jobId;
    }

    public String getJobId() {
        return jobId;
    }
}
