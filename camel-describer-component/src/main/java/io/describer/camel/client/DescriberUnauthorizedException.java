package io.describer.camel.client;

import java.time.Duration;

/** HTTP 401 {@code unauthorized}: missing or invalid API key. Never retried. */
public class DescriberUnauthorizedException extends DescriberException {

    public DescriberUnauthorizedException(String code, String apiMessage, Duration retryAfter) {
        super(401, code, apiMessage, retryAfter);
    }
}
