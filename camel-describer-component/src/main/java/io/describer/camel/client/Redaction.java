package io.describer.camel.client;

import java.net.URI;

/** Keeps credentials out of logs and messages: the API key, and the signature in a signed URL's query string. */
final class Redaction {

    private Redaction() {}

    /** Scheme, host, port and path of a URL; the query (which carries the signature) is dropped. */
    static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            if (u.getHost() != null) {
                return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                        + u.getRawPath();
            }
        } catch (IllegalArgumentException e) {
            // fall through: cut at the query by hand
        }
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    static String url(URI uri) {
        return url(uri.toString());
    }

    /** The text with every occurrence of the secret masked. */
    static String mask(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "****");
    }
}
