package io.describer.examples.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sandbox's stand-in for cloud-storage signed URLs: {@code <base>/signed/<object>?expires=<epoch ms>&X-Goog-Signature=<hmac>}
 * for downloads and {@code <base>/signed-upload/<token>?...} for the PUT of the signed upload flow. The HMAC covers
 * method, object, expiry (and, for PUT, the content type), so a URL cannot be stretched or reused for another object.
 * {@code expires} is in epoch milliseconds so tests can use sub-second lifetimes.
 */
final class SignedUrls {

    static final String DOWNLOAD_PREFIX = "/signed/";
    static final String UPLOAD_PREFIX = "/signed-upload/";

    /** A downloadable object: a file on disk with its content type and a suggested file name. */
    record StoredObject(Path file, String contentType, String downloadName) {}

    /** Outcome of checking a signed request. */
    enum Verdict {
        OK,
        BAD_SIGNATURE,
        EXPIRED
    }

    private final byte[] secret = new byte[32];
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();

    SignedUrls() {
        new SecureRandom().nextBytes(secret);
    }

    void put(String objectName, StoredObject object) {
        objects.put(objectName, object);
    }

    StoredObject get(String objectName) {
        return objects.get(objectName);
    }

    String downloadUrl(String baseUrl, String objectName, Instant expires) {
        long ms = expires.toEpochMilli();
        return baseUrl + DOWNLOAD_PREFIX + objectName + "?X-Goog-Algorithm=GOOG4-HMAC-SHA256&expires=" + ms
                + "&X-Goog-Signature=" + sign("GET", objectName, ms, "");
    }

    String uploadUrl(String baseUrl, String token, String contentType, Instant expires) {
        long ms = expires.toEpochMilli();
        return baseUrl + UPLOAD_PREFIX + token + "?X-Goog-Algorithm=GOOG4-HMAC-SHA256&expires=" + ms
                + "&X-Goog-SignedHeaders=" + URLEncoder.encode("content-type;host", StandardCharsets.UTF_8)
                + "&X-Goog-Signature=" + sign("PUT", token, ms, contentType);
    }

    /** Checks signature first (a tampered expiry must not read as "expired"), then expiry. */
    Verdict check(String method, String name, String expires, String signature, String contentType, Instant now) {
        long ms;
        try {
            ms = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            return Verdict.BAD_SIGNATURE;
        }
        String expected = sign(method, name, ms, contentType == null ? "" : contentType);
        if (signature == null
                || !MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.BAD_SIGNATURE;
        }
        return now.toEpochMilli() > ms ? Verdict.EXPIRED : Verdict.OK;
    }

    private String sign(String method, String name, long expiresMs, String contentType) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String canonical = method + "\n" + name + "\n" + expiresMs + "\n" + contentType;
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cloud-storage style XML error body. */
    static byte[] xmlError(String code, String message, String details) {
        return ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code><Message>" + escape(message)
                        + "</Message><Details>" + escape(details) + "</Details></Error>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return String.valueOf(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
