package io.describer.camel.client;

import java.util.Objects;

/** What a generation or upload works on: known media, a public URL the service fetches, or bytes sent by us. */
public sealed interface MediaInput {

    record MediaId(String mediaId) implements MediaInput {
        public MediaId {
            Objects.requireNonNull(mediaId, "mediaId");
        }
    }

    record Url(String url, String filename) implements MediaInput {
        public Url {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String toString() {
            // presigned URLs carry credentials in the query string
            int q = url.indexOf('?');
            return "Url[" + (q < 0 ? url : url.substring(0, q) + "?…") + "]";
        }
    }

    record Content(MediaContent content) implements MediaInput {
        public Content {
            Objects.requireNonNull(content, "content");
        }
    }

    static MediaInput mediaId(String mediaId) {
        return new MediaId(mediaId);
    }

    static MediaInput url(String url, String filename) {
        return new Url(url, filename);
    }

    static MediaInput content(MediaContent content) {
        return new Content(content);
    }
}
