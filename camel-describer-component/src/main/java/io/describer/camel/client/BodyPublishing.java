package io.describer.camel.client;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;

/** Streams {@link MediaContent} as a request body of exact length, without ever holding it in memory. */
final class BodyPublishing {

    private BodyPublishing() {}

    /**
     * A file is sent with {@code ofFile} (re-readable, zero copies); any other content through its stream, opened only
     * when the HTTP client subscribes (so a request that fails before sending leaves a one-shot stream unconsumed).
     */
    static HttpRequest.BodyPublisher of(MediaContent content, Progress progress) throws FileNotFoundException {
        if (content.path() != null) {
            return new ProgressPublisher(BodyPublishers.ofFile(content.path()), progress);
        }
        HttpRequest.BodyPublisher stream = BodyPublishers.ofInputStream(() -> {
            try {
                return new CountingInputStream(content.open(), progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return BodyPublishers.fromPublisher(stream, content.length());
    }
}
