package io.describer.examples.pipeline;

import java.io.InputStream;

import org.apache.camel.Exchange;
import software.amazon.awssdk.core.ResponseInputStream;

/** Helpers for objects consumed with aws2-s3 {@code includeBody=false}, where the body is the open GET response. */
public final class S3Objects {

    private S3Objects() {}

    /**
     * Drops the connection of an object that will not be read. With deleteAfterRead=false every poll lists and GETs
     * the objects again; closing an unread response would download the rest of it (to reuse the connection), which for
     * a video already described means gigabytes per poll. Aborting costs only the response headers.
     */
    public static void skip(Exchange exchange) {
        InputStream body = exchange.getMessage().getBody(InputStream.class);
        if (body instanceof ResponseInputStream<?> response) {
            response.abort();
        }
        exchange.getMessage().setBody(null);
    }
}
