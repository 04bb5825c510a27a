package io.describer.camel.client;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * An API call that got no answer: the connection failed, was reset, or the answer did not come in time. Status 0,
 * code {@code network_error}; the cause is the JDK's exception. {@link #mayExist()} tells whether the call may have
 * started a job: only a job start whose request may have reached the service.
 */
public class DescriberNetworkException extends DescriberException {

    public static final String NETWORK_ERROR = "network_error";

    private final String operation;
    private final boolean requestMayHaveArrived;

    public DescriberNetworkException(String operation, IOException cause) {
        super(0, NETWORK_ERROR, describe(operation, cause), null);
        initCause(cause);
        this.operation = operation;
        this.requestMayHaveArrived = !ApiErrors.neverReachedService(cause);
    }

    private static String describe(String operation, IOException cause) {
        return "No answer to " + operation + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "");
    }

    /** The API operation that got no answer, e.g. {@code generate_ad_text}. */
    public String getOperation() {
        return operation;
    }

    /** False when the connection was never made: the service surely saw nothing. */
    public boolean requestMayHaveArrived() {
        return requestMayHaveArrived;
    }

    @Override
    public boolean mayExist() {
        return requestMayHaveArrived && ApiErrors.startsJob(operation);
    }

    @Override
    public boolean isRetryable() {
        // a read timeout is an InterruptedIOException too: only a bare one means the thread was interrupted
        return !(getCause() != null && getCause().getClass() == InterruptedIOException.class)
                && !Thread.currentThread().isInterrupted();
    }
}
