package io.describer.camel.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.describer.camel.client.model.MediaRecord;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

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
            HttpPut request = HttpTransport.signed(HttpPut::new, uri);
            request.setEntity(new MediaEntity(contentType, content, progress));
            transport.send(request, transport.settings().timeoutFor(content.length()), logTarget, response -> {
                if (!HttpTransport.isSuccess(response.getCode())) {
                    throw error(response.getCode(), errorText(response), HttpTransport.retryAfter(response));
                }
                EntityUtils.consume(response.getEntity());
                return null;
            });
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
        return transport.send(HttpTransport.signed(HttpGet::new, uri), null, Redaction.url(uri), response -> {
            if (!HttpTransport.isSuccess(response.getCode())) {
                throw error(response.getCode(), errorText(response), HttpTransport.retryAfter(response));
            }
            HttpEntity entity = response.getEntity();
            long total = entity != null ? entity.getContentLength() : 0;
            // a sibling temp file, so the final move is atomic and a reader never sees a partial target
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            boolean moved = false;
            try {
                Progress progress = new Progress(target.getFileName().toString(), total, listener);
                long n = 0;
                if (entity != null) {
                    try (InputStream body = entity.getContent();
                            OutputStream out = Files.newOutputStream(tmp)) {
                        byte[] buffer = new byte[HttpTransport.TRANSFER_BUFFER];
                        for (int k; (k = body.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, k);
                            n += k;
                            progress.add(k);
                        }
                    }
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
        });
    }

    /** The start of an error answer's body, for the error's message (storage may answer with a large document). */
    private static String errorText(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
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
