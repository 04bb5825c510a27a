package io.describer.camel.client;

import java.time.Duration;

/** HTTP 5xx: a fault of the service; retried with exponential backoff. */
public class DescriberServerException extends DescriberException {

    public DescriberServerException(int status, String code, String apiMessage, Duration retryAfter) {
        super(status, code, apiMessage, retryAfter);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
