package io.describer.camel.client;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body of text fields followed by one streamed file part: a {@link MediaEntity} between a
 * head and a tail, so the Content-Length is exact and the media is never buffered. Text fields are plain form fields
 * (like {@code curl -F}), as the API expects JSON sub-objects as strings. (HttpClient's {@code MultipartEntityBuilder}
 * in strict mode adds a charset to the Content-Type; this keeps the exact form {@code curl -F} sends.)
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

    MediaEntity entity(String fileField, MediaContent content, Progress progress) {
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
        return new MediaEntity(
                contentType(),
                head.toString().getBytes(StandardCharsets.UTF_8),
                content,
                tail.getBytes(StandardCharsets.UTF_8),
                progress);
    }

    /** Quotes and line breaks would end the header value early (the HTML form encoding escapes them like this). */
    static String escape(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
