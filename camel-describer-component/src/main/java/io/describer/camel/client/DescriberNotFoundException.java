package io.describer.camel.client;

import java.time.Duration;

/** HTTP 404: unknown media or job. Never retried. */
public class DescriberNotFoundException extends DescriberException {

    public DescriberNotFoundException(String code, String apiMessage, Duration retryAfter) {
        super(404, code, apiMessage, retryAfter);
    }
}
