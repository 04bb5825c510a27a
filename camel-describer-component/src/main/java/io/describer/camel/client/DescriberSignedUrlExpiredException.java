package io.describer.camel.client;

/**
 * The storage service refused a signed URL (HTTP 400/401/403/404/410), almost always because it expired (they live 15
 * minutes). Re-poll {@code get_results} for a fresh download URL, or request a new signed upload. Never retried as is.
 */
public class DescriberSignedUrlExpiredException extends DescriberException {

    public static final String CODE = "signed_url_expired";

    public DescriberSignedUrlExpiredException(int status, String detail) {
        super(status, CODE, detail, null);
    }
}
