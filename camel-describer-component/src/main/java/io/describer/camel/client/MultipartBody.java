package io.describer.camel.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body of text fields followed by one streamed file part:
 * {@code concat(ofString(head), <file>, ofString(tail))}, so the Content-Length is exact and the media is never
 * buffered. Text fields are plain form fields (like {@code curl -F}), as the API expects JSON sub-objects as strings.
 */
final class MultipartBody {

    private final String boundary = "describer-" + UUID.randomUUID().toString().replace("-", "");
    private final Map<String, String> fields = new LinkedHashMap<>();

    MultipartBody field(String name, String value) {
        fields.put(name, value);
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher publisher(String fileField, MediaContent content, Progress progress)
            throws FileNotFoundException {
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"")
                .append(escape(name))
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
        head.append("--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"")
                .append(escape(fileField))
                .append("\"; filename=\"")
                .append(escape(content.filename()))
                .append("\"\r\n")
                .append("Content-Type: ")
                .append(content.contentType().replaceAll("[\r\n]", ""))
                .append("\r\n\r\n");
        String tail = "\r\n--" + boundary + "--\r\n";
        return BodyPublishers.concat(
                BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
                BodyPublishing.of(content, progress),
                BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
    }

    /** Quotes and line breaks would end the header value early (the HTML form encoding escapes them like this). */
    static String escape(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
