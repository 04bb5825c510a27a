package io.describer.camel.job;

import java.util.Optional;

/**
 * {@link JobStore#record(StoredJob)} found the job id, or a job with the same dedupe key, already stored. The caller's
 * job was submitted to the service but is not tracked; {@link #existing()} is the job that holds the key, if any.
 */
public class DuplicateJobException extends JobStoreException {

    private final transient StoredJob existing;

    public DuplicateJobException(String message, StoredJob existing, Throwable cause) {
        super(message, cause);
        this.existing = existing;
    }

    public Optional<StoredJob> existing() {
        return Optional.ofNullable(existing);
    }
}
