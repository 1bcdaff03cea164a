package io.github.voxbridge.twilio.server.signature;

/**
 * The outcome of checking one request's signature: {@link #VALID}, or why not. A server answers 403 to every
 * verdict but {@code VALID} and counts them by kind; none of them carries a secret or the expected signature.
 */
public enum SignatureVerdict {
    /** The signature matches the URL (with or without its default port) and the parameters. */
    VALID("valid signature"),
    /** No {@code X-Twilio-Signature} header, or an empty one. */
    MISSING_SIGNATURE("no X-Twilio-Signature header"),
    /** A signature that matches neither form of the URL with these parameters (wrong URL, token or parameters). */
    SIGNATURE_MISMATCH("X-Twilio-Signature does not match the URL and parameters"),
    /** A JSON request whose URL has no {@code bodySHA256} query parameter, so its body cannot be checked. */
    MISSING_BODY_HASH("JSON request without bodySHA256 in the URL's query"),
    /** The signature is right but the body's SHA-256 differs from the URL's {@code bodySHA256}. */
    BODY_HASH_MISMATCH("the body's SHA-256 does not match bodySHA256 in the URL"),
    /** {@code X-Twilio-Webhooks-Signature-Settings} is present but not {@code key=...,algorithm=...}. */
    MALFORMED_SIGNATURE_SETTINGS("X-Twilio-Webhooks-Signature-Settings is not key=...,algorithm=..."),
    /** {@code X-Twilio-Webhooks-Signature-Settings} names an algorithm other than HMAC_SHA1 or HMAC_SHA256. */
    UNSUPPORTED_ALGORITHM("X-Twilio-Webhooks-Signature-Settings names an unsupported algorithm"),
    /**
     * The request was signed under a Webhooks Rule ({@code X-Twilio-Webhooks-Signature-Settings} present) but no
     * shared key is configured here: a configuration problem of this server, not necessarily a forged request.
     */
    NO_SHARED_KEY("signed with a Webhooks Rule's shared key, but no shared key is configured");

    private final String reason;

    SignatureVerdict(String reason) {
        this.reason = reason;
    }

    /** Whether the request may be served. */
    public boolean isValid() {
        return this == VALID;
    }

    /** A short English explanation for logs, free of secrets and of the request's values. */
    public String reason() {
        return reason;
    }
}
