package io.describer.examples.sandbox;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * A parsed multipart API call: the small JSON-text fields ({@code input}, {@code generation_config}) in memory, the
 * {@code file} part streamed to disk under the multipart cap and the plan's file-size cap. Closing deletes the file
 * unless it was {@link #takeFile() taken} for registration (e.g. when validation failed first).
 */
final class MultipartRequest implements AutoCloseable {

    private static final int MAX_FIELD_BYTES = 8 * 1024 * 1024;

    private final Map<String, String> fields = new HashMap<>();
    private StoredFile file;
    private String fileName;

    private MultipartRequest() {}

    static MultipartRequest read(HttpExchange exchange, SandboxSettings settings, MediaStore store) throws IOException {
        String boundary = MultipartReader.boundary(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (boundary == null) {
            throw ApiException.badRequest("multipart/form-data request without a boundary");
        }
        long multipartCap = settings.multipartCapBytes();
        long planCap = settings.maxFileSizeBytes();
        long declared = HttpIo.contentLength(exchange);
        if (declared > multipartCap + 1024 * 1024) { // 1 MiB of slack for the other parts and headers
            throw tooLargeForMultipart(multipartCap);
        }
        MultipartRequest request = new MultipartRequest();
        try {
            MultipartReader reader = new MultipartReader(exchange.getRequestBody(), boundary);
            MultipartReader.Part part;
            while ((part = reader.next()) != null) {
                if ("file".equals(part.name()) && request.file == null) {
                    long limit = Math.min(multipartCap, planCap);
                    try {
                        request.file = store.receive(part.body(), limit);
                    } catch (StoredFile.TooLarge e) {
                        // whichever cap is the smaller one decides the answer
                        throw planCap <= multipartCap
                                ? ApiException.fileTooLarge(planCap)
                                : tooLargeForMultipart(multipartCap);
                    }
                    request.fileName = part.filename();
                } else if (part.name() != null && part.filename() == null) {
                    request.fields.putIfAbsent(part.name(), part.text(MAX_FIELD_BYTES));
                }
            }
            return request;
        } catch (IOException | RuntimeException e) {
            request.close();
            if (e instanceof ApiException) {
                throw e;
            }
            throw ApiException.badRequest("Malformed multipart/form-data body: " + e.getMessage());
        }
    }

    private static ApiException tooLargeForMultipart(long cap) {
        return ApiException.badRequest("Direct multipart uploads are limited to " + cap
                + " bytes; use input.type signed_url for larger files");
    }

    /** A JSON-text field parsed as an object; null when the part is absent. */
    ObjectNode json(String name) {
        String text = fields.get(name);
        return text == null ? null : SandboxJson.parseObject(text, "multipart field '" + name + "'");
    }

    boolean hasFile() {
        return file != null;
    }

    String fileName() {
        return fileName;
    }

    /** Hands the received file over; this request no longer deletes it. */
    StoredFile takeFile() {
        StoredFile taken = file;
        file = null;
        return taken;
    }

    @Override
    public void close() {
        if (file != null) {
            file.delete();
            file = null;
        }
    }
}
