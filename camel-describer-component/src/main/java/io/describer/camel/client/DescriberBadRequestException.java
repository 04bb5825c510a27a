package io.describer.camel.client;

import java.time.Duration;

/** HTTP 400: invalid parameters. Never retried. */
public class DescriberBadRequestException extends DescriberException {

    public DescriberBadRequestException(String code, String apiMessage, Duration retryAfter) {
        super(400, code, apiMessage, retryAfter);
    }
}
