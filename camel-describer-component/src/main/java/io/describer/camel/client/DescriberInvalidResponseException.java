package io.describer.camel.client;

/**
 * A success status whose body cannot be read (not JSON, or without the fields every answer has). The call succeeded
 * at the service: for a job start the job exists, its id is unknown ({@link #mayExist()}). Code
 * {@code invalid_response}.
 */
public class DescriberInvalidResponseException extends DescriberException {

    public static final String INVALID_RESPONSE = "invalid_response";

    private final String operation;

    public DescriberInvalidResponseException(int status, String operation, String detail) {
        super(status, INVALID_RESPONSE, "Unreadable answer of " + operation + ": " + detail, null);
        this.operation = operation;
    }

    public String getOperation() {
        return operation;
    }

    @Override
    public boolean mayExist() {
        return ApiErrors.startsJob(operation);
    }

    /** A poll whose answer was garbled may be asked again; a job start may not (it would start a second job). */
    @Override
    public boolean isRetryable() {
        return !ApiErrors.startsJob(operation);
    }
}
