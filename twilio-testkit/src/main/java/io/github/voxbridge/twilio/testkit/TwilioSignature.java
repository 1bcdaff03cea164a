package io.github.voxbridge.twilio.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the {@code X-Twilio-Signature} header the way Twilio signs its requests to a voice server (Twilio's
 * "Webhooks security" page; twilio-java's {@code com.twilio.security.RequestValidator}):
 *
 * <pre>
 * data      = url + name1 + value1 + name2 + value2 + ...   (form parameters sorted by name, no separators)
 * signature = Base64(HMAC-SHA1(key = auth token as UTF-8, data as UTF-8))
 * </pre>
 * {@code url} is the full URL Twilio requested, exactly as configured (scheme, host, port if written, path and
 * query). For the voice webhook the parameters are the POSTed form's, undecoded values; for the WebSocket upgrade
 * of a Media Stream there are none and the URL is the {@code <Stream url>} of the TwiML. Names are compared by
 * {@link String#compareTo} (UTF-16 code units), as Java's {@code TreeMap} in twilio-java does; the result is 28
 * characters of standard base64 (20 bytes).
 *
 * <p>Immutable and thread-safe.
 */
public final class TwilioSignature {

    /** The HTTP header Twilio sends the signature in. */
    public static final String HEADER = "X-Twilio-Signature";

    private static final String ALGORITHM = "HmacSHA1";

    private final SecretKeySpec key;

    /**
     * @param authToken the account's auth token (the HMAC key)
     * @throws IllegalArgumentException if it is empty
     */
    public TwilioSignature(String authToken) {
        Objects.requireNonNull(authToken, "authToken");
        if (authToken.isEmpty()) {
            throw new IllegalArgumentException("empty auth token: Twilio never signs with one");
        }
        this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The signature of a request without form parameters (a WebSocket upgrade, a GET). */
    public String sign(String url) {
        return sign(url, Map.of());
    }

    /**
     * The signature of a request to {@code url} with the form parameters {@code params} (any order: they are sorted
     * by name here).
     */
    public String sign(String url, Map<String, String> params) {
        Objects.requireNonNull(url, "url");
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            data.append(e.getKey()).append(Objects.requireNonNull(e.getValue(), () -> "value of " + e.getKey()));
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // HmacSHA1 is one of the algorithms every Java platform must support (javax.crypto.Mac's Javadoc).
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "TwilioSignature[HMAC-SHA1, token hidden]";
    }
}
