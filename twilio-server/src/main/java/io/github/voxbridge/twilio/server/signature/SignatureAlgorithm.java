package io.github.voxbridge.twilio.server.signature;

import java.util.Locale;

/**
 * The HMACs Twilio signs requests with. {@link #HMAC_SHA1} with the account's auth token is the default; a Webhooks
 * Rule can choose {@link #HMAC_SHA256} with a shared key, and then says so in
 * {@code X-Twilio-Webhooks-Signature-Settings: key=...,algorithm=HMAC_SHA256}.
 */
public enum SignatureAlgorithm {
    /** HMAC-SHA1 (RFC 2104 over FIPS 180-4 SHA-1): a 20-byte MAC, 28 characters of base64. */
    HMAC_SHA1("HmacSHA1"),
    /** HMAC-SHA256: a 32-byte MAC, 44 characters of base64. */
    HMAC_SHA256("HmacSHA256");

    private final String jcaName;

    SignatureAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    /** The algorithm's name for {@link javax.crypto.Mac#getInstance(String)}. */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The algorithm a settings header names ({@code HMAC_SHA1}, {@code HMAC_SHA256}; case-insensitive, as a
     * hand-written header may differ in case), or {@code null} when it names another one.
     */
    static SignatureAlgorithm fromSettingsName(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "HMAC_SHA1" -> HMAC_SHA1;
            case "HMAC_SHA256" -> HMAC_SHA256;
            default -> null;
        };
    }
}
