package io.describer.camel;

import io.describer.camel.client.DescriberException;
import io.describer.camel.client.DescriberRateLimitException;
import org.apache.camel.Exchange;

/**
 * The service's queue is full (or it validates no more job starts right now): this message started nothing and is held
 * back, not failed. Roll it back so its source offers it again; the route's consumer is suspended meanwhile and resumed
 * as jobs finish. No media bytes are lost: media uploaded before a refusal is started by its id next time. A
 * {@link DescriberException} like every failure the component hands a route; {@link #mayExist()} is false.
 */
public class DescriberBackPressureException extends DescriberException {

    public DescriberBackPressureException(String reason, Exchange exchange, Throwable cause) {
        super(
                429,
                cause instanceof DescriberRateLimitException r ? r.getCode() : "held_back",
                "Held back, not submitted: " + reason
                        + (exchange != null ? " (exchange " + exchange.getExchangeId() + ")" : ""),
                cause instanceof DescriberException d ? d.getRetryAfter() : null);
        if (cause != null) {
            initCause(cause);
        }
    }

    @Override
    public boolean mayExist() {
        return false;
    }
}
