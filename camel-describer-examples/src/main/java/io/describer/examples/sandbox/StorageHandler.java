package io.describer.examples.sandbox;

import java.io.IOException;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's "cloud storage": signed GET/HEAD downloads under {@code /signed/} and the signed PUT sink of the upload
 * flow under {@code /signed-upload/}. No API key here (the URLs carry their own signature), and errors are XML, as
 * storage services answer.
 */
final class StorageHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StorageHandler.class);

    private final Sandbox sandbox;

    StorageHandler(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith(SignedUrls.UPLOAD_PREFIX) && method.equals("PUT")) {
                exchange.setStreams(sandbox.stats.countingMedia(exchange.getRequestBody()), null);
                put(exchange, path.substring(SignedUrls.UPLOAD_PREFIX.length()));
            } else if (path.startsWith(SignedUrls.DOWNLOAD_PREFIX) && (method.equals("GET") || method.equals("HEAD"))) {
                get(exchange, path.substring(SignedUrls.DOWNLOAD_PREFIX.length()));
            } else {
                xml(
                        exchange,
                        405,
                        "MethodNotAllowed",
                        "The specified method is not allowed against this resource.",
                        method);
            }
        } finally {
            exchange.close();
        }
    }

    private void get(HttpExchange exchange, String name) throws IOException {
        SignedUrls.StoredObject object = sandbox.urls.get(name);
        if (object == null) {
            xml(exchange, 404, "NoSuchKey", "The specified key does not exist.", name);
            return;
        }
        Map<String, String> q = HttpIo.query(exchange);
        switch (sandbox.urls.check("GET", name, q.get("expires"), q.get("X-Goog-Signature"), "", sandbox.now())) {
            case EXPIRED:
                // re-polling get_results mints a fresh URL; that is the documented cure
                xml(
                        exchange,
                        403,
                        "ExpiredToken",
                        "Invalid argument.",
                        "The provided token has expired. Request signature expired at: " + q.get("expires"));
                return;
            case BAD_SIGNATURE:
                xml(
                        exchange,
                        403,
                        "SignatureDoesNotMatch",
                        "Access denied.",
                        "The request signature we calculated does not match the signature you provided.");
                return;
            default:
                HttpIo.sendFile(exchange, object.file(), object.contentType(), object.downloadName());
        }
    }

    private void put(HttpExchange exchange, String token) throws IOException {
        Media media = sandbox.media.byUploadToken(token);
        if (media == null) {
            HttpIo.drain(exchange, 64 * SandboxSettings.MIB);
            xml(exchange, 404, "NoSuchUpload", "The requested upload was not found.", token);
            return;
        }
        Map<String, String> q = HttpIo.query(exchange);
        String sentType = exchange.getRequestHeaders().getFirst("Content-Type");
        // the signature covers the declared content type, so a PUT with another Content-Type fails like on GCS
        String checkedType = sentType != null && sentType.trim().equalsIgnoreCase(media.uploadContentType)
                ? media.uploadContentType
                : String.valueOf(sentType);
        SignedUrls.Verdict verdict = sandbox.urls.check(
                "PUT", token, q.get("expires"), q.get("X-Goog-Signature"), checkedType, sandbox.now());
        if (verdict != SignedUrls.Verdict.OK) {
            HttpIo.drain(exchange, 64 * SandboxSettings.MIB);
            String details = verdict == SignedUrls.Verdict.EXPIRED
                    ? "The upload URL has expired."
                    : "Signature mismatch; the signed Content-Type is '" + media.uploadContentType
                            + "', the request sent '" + sentType + "'.";
            xml(
                    exchange,
                    403,
                    verdict == SignedUrls.Verdict.EXPIRED ? "ExpiredToken" : "SignatureDoesNotMatch",
                    "Access denied.",
                    details);
            return;
        }
        StoredFile received = sandbox.media.receive(exchange.getRequestBody(), Long.MAX_VALUE);
        if (!sandbox.media.attachUpload(media, received)) {
            xml(exchange, 409, "Conflict", "The upload was already completed and notified.", media.gcsPath);
            return;
        }
        LOG.info("PUT {} ({} bytes)", media.gcsPath, received.size());
        exchange.getResponseHeaders().set("ETag", "\"" + received.sha256().substring(0, 32) + "\"");
        HttpIo.send(exchange, 200, "text/plain", new byte[0]);
    }

    private static void xml(HttpExchange exchange, int status, String code, String message, String details)
            throws IOException {
        HttpIo.send(exchange, status, "application/xml; charset=UTF-8", SignedUrls.xmlError(code, message, details));
    }
}
