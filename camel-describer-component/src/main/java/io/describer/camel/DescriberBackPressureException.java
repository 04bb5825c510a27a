package io.describer.camel;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * The service's queue is full (or it validates no more job starts right now): this message started nothing and is held
 * back, not failed. Roll it back so its source offers it again; the route's consumer is suspended meanwhile and resumed
 * as jobs finish. No media bytes are lost: media uploaded before a refusal is started by its id next time.
 */
public class DescriberBackPressureException extends CamelExchangeException {

    public DescriberBackPressureException(String reason, Exchange exchange, Throwable cause) {
        super("Held back, not submitted: " + reason, exchange, cause);
    }
}
