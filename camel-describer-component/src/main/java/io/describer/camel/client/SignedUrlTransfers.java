package io.describer.camel.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.describer.camel.client.model.MediaRecord;

/**
 * Streamed transfers to and from signed storage URLs (the PUT of a signed upload, the download of a result). These go
 * to the storage service, not the API: no API key is sent, and the URL's query (its signature) is never logged.
 */
final class SignedUrlTransfers {

    private static final int MAX_ERROR_BODY = 8 * 1024;

    private final HttpTransport transport;
    private final RetryPolicy retry;

    SignedUrlTransfers(HttpTransport transport, RetryPolicy retry) {
        this.transport = transport;
        this.retry = retry;
    }

    void put(MediaRecord signedUpload, MediaContent content, TransferListener listener) throws IOException {
        if (signedUpload == null || signedUpload.uploadUrl() == null) {
            throw new IllegalArgumentException("The signed upload record has no upload_url");
        }
        URI uri = toUri(signedUpload.uploadUrl());
        String logTarget = Redaction.url(uri);
        // the signature covers the content type that was declared when the URL was requested
        String contentType = signedUpload.contentType() != null ? signedUpload.contentType() : content.contentType();
        retry.execute("signed_upload", content::canOpen, () -> {
            Progress progress = new Progress(content.filename(), content.length(), listener);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .PUT(BodyPublishing.of(content, progress))
                    .header("Content-Type", contentType)
                    .timeout(transport.settings().timeoutFor(content.length()))
                    .build();
            HttpResponse<String> response = transport.send(request, HttpResponse.BodyHandlers.ofString(), logTarget);
            if (!HttpTransport.isSuccess(response.statusCode())) {
                throw error(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Retry-After").orElse(null));
            }
            progress.finish();
            return null;
        });
    }

    long download(String signedUrl, Path target, TransferListener listener) throws IOException {
        URI uri = toUri(signedUrl);
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        return retry.execute("download", () -> downloadOnce(uri, absolute, listener));
    }

    private long downloadOnce(URI uri, Path target, TransferListener listener) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(transport.readTimeout())
                .build();
        HttpResponse<InputStream> response =
                transport.send(request, HttpResponse.BodyHandlers.ofInputStream(), Redaction.url(uri));
        try (InputStream body = response.body()) {
            if (!HttpTransport.isSuccess(response.statusCode())) {
                String text = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                throw error(
                        response.statusCode(),
                        text,
                        response.headers().firstValue("Retry-After").orElse(null));
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
            // a sibling temp file, so the final move is atomic and a reader never sees a partial target
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            boolean moved = false;
            try {
                Progress progress = new Progress(target.getFileName().toString(), total, listener);
                long n;
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    n = new CountingInputStream(body, progress).transferTo(out);
                }
                if (total >= 0 && n != total) {
                    throw new IOException(
                            "Download of " + target.getFileName() + " ended after " + n + " of " + total + " bytes");
                }
                moveIntoPlace(tmp, target);
                moved = true;
                progress.finish();
                return n;
            } finally {
                if (!moved) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Storage refuses an expired or otherwise invalid signature with 400/401/403 (404/410 once the object is gone). */
    static DescriberException error(int status, String body, String retryAfter) {
        if (status == 400 || status == 401 || status == 403 || status == 404 || status == 410) {
            return new DescriberSignedUrlExpiredException(
                    status,
                    "The storage service refused the signed URL (HTTP " + status + "); it has probably expired");
        }
        return ApiErrors.fromResponse(status, body, retryAfter);
    }

    private static URI toUri(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            // the exception's own text would quote the whole URL, signature included
            throw new IllegalArgumentException("Invalid signed URL " + Redaction.url(url));
        }
    }
}
