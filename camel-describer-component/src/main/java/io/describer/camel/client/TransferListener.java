package io.describer.camel.client;

/** Progress of an upload or download, for logging and metrics. */
@FunctionalInterface
public interface TransferListener {

    TransferListener NONE = (name, transferred, total) -> {};

    /** {@code total} is -1 when unknown. */
    void progress(String name, long transferred, long total);
}
