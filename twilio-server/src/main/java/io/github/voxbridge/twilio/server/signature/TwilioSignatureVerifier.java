package io.github.voxbridge.twilio.server.signature;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code X-Twilio-Signature} of Twilio's requests: voice webhooks and status callbacks (form POSTs),
 * JSON-bodied webhooks, and the WebSocket upgrade of a Media Stream.
 *
 * <p>What is signed, and how it is compared (twilio-java 13.0.1 {@code com.twilio.security.RequestValidator}, whose
 * verdicts the tests compare with ours on random requests):
 * <ul>
 *   <li>The string is the URL Twilio requested followed by each form parameter's name and value, names in
 *       {@link String#compareTo} order (UTF-16 code units, as twilio-java's {@code Collections.sort}), no separators,
 *       encoded as UTF-8. A name that occurs more than once (which twilio-java's {@code Map} cannot express) is
 *       written once per distinct value, values in the same order, as twilio-node does.</li>
 *   <li>The URL is tried with and without its scheme's default port ({@link SignedUrlForms}), because Twilio's
 *       signing is inconsistent about it.</li>
 *   <li>The MAC is HMAC-SHA1 keyed with the auth token; when the request carries
 *       {@code X-Twilio-Webhooks-Signature-Settings} (a Webhooks Rule), it is that header's algorithm keyed with the
 *       rule's shared key ({@link #withSharedKey}). twilio-java 13.0.1 knows only the first case.</li>
 *   <li>The header is compared with the expected base64 text in constant time ({@link MessageDigest#isEqual}), both
 *       URL forms always computed, so timing tells nothing about how much of a guess was right.</li>
 * </ul>
 *
 * <p>The URL must be the <em>public</em> one Twilio used, from configuration, with the query exactly as received:
 * behind a proxy the server sees another scheme, host or port, and every signature would fail (Twilio error 57012).
 *
 * <p>Instances are immutable and safe to share between threads; each check builds its own {@link Mac}. The secrets
 * never appear in an exception message or in {@link #toString()}.
 */
public final class TwilioSignatureVerifier {

    /** The request header that carries the signature. */
    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    /** The request header a Webhooks Rule adds: {@code key=...,algorithm=HMAC_SHA256}. */
    public static final String SIGNATURE_SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings";
    /** The query parameter of a JSON-bodied request's URL that holds the lower-case hex SHA-256 of the body. */
    public static final String BODY_HASH_PARAMETER = "bodySHA256";

    private final SecretKeySpec authToken;
    private final byte[] sharedKey; // null: none configured

    private TwilioSignatureVerifier(SecretKeySpec authToken, byte[] sharedKey) {
        this.authToken = authToken;
        this.sharedKey = sharedKey;
    }

    /**
     * A verifier for requests signed with the account's auth token (HMAC-SHA1).
     *
     * @throws IllegalArgumentException when the token is null, empty, blank, or has leading or trailing white space
     *     (typically the newline of the file it was read from, which would make every signature fail)
     */
    public static TwilioSignatureVerifier forAuthToken(String authToken) {
        return new TwilioSignatureVerifier(
                new SecretKeySpec(secretBytes("Twilio auth token", authToken), SignatureAlgorithm.HMAC_SHA1.jcaName()),
                null);
    }

    /**
     * A verifier that also accepts requests signed under a Webhooks Rule with this shared key (the SharedKey's
     * secret), in the algorithm the request's {@code X-Twilio-Webhooks-Signature-Settings} names. Requests without
     * that header are still checked against the auth token.
     *
     * @throws IllegalArgumentException on a null, blank or padded secret, as {@link #forAuthToken}
     */
    public TwilioSignatureVerifier withSharedKey(String sharedKeySecret) {
        return new TwilioSignatureVerifier(authToken, secretBytes("Twilio webhooks shared key", sharedKeySecret));
    }

    /**
     * Checks a form-encoded request ({@code application/x-www-form-urlencoded} POST, which is how Twilio sends voice
     * webhooks and status callbacks) or, with no parameters, a GET or a WebSocket upgrade.
     *
     * @param url the public URL Twilio requested, query string included exactly as received
     * @param formParameters every POST form parameter received, by name, each with its values (at least one; the
     *     empty string for an empty value); query parameters stay in the URL and are not repeated here
     * @param signatureHeader the {@code X-Twilio-Signature} value, or {@code null} when absent
     * @param settingsHeader the {@code X-Twilio-Webhooks-Signature-Settings} value, or {@code null} when absent
     * @throws IllegalArgumentException when the URL is not absolute, or a parameter name or value is null or a name
     *     has no values (a caller's error: a form parser produces neither)
     */
    public SignatureVerdict verifyForm(String url, Map<String, ? extends Collection<String>> formParameters,
            String signatureHeader, String settingsHeader) {
        Objects.requireNonNull(url, "url");
        byte[] parameters = sortedParameters(formParameters);
        return verifySigned(url, parameters, signatureHeader, settingsHeader);
    }

    /**
     * Checks a request that has no form parameters: a WebSocket upgrade (the {@code wss://} URL as written in the
     * TwiML), or a GET with its parameters in the query.
     *
     * @see #verifyForm
     */
    public SignatureVerdict verifyUrl(String url, String signatureHeader, String settingsHeader) {
        return verifyForm(url, Map.of(), signatureHeader, settingsHeader);
    }

    /**
     * Checks a JSON-bodied request: the signature covers the URL only (no parameters), and the URL's first
     * {@code bodySHA256} query parameter must equal the lower-case hex SHA-256 of the body's bytes. The parameter is
     * matched as written in the query (Twilio writes hex, which needs no percent-encoding).
     *
     * @param body the request body exactly as received, in bytes (not re-serialised JSON, whose bytes differ)
     * @return the signature's verdict when it is not valid; otherwise {@link SignatureVerdict#MISSING_BODY_HASH}
     *     when the URL has no {@code bodySHA256}, {@link SignatureVerdict#BODY_HASH_MISMATCH} when the body does not
     *     match it, {@link SignatureVerdict#VALID} when it does
     * @see #verifyForm
     */
    public SignatureVerdict verifyJson(String url, byte[] body, String signatureHeader, String settingsHeader) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        String expectedHash = firstQueryValue(url, BODY_HASH_PARAMETER);
        SignatureVerdict signature = verifySigned(url, new byte[0], signatureHeader, settingsHeader);
        if (expectedHash == null) {
            return signature.isValid() ? SignatureVerdict.MISSING_BODY_HASH : signature;
        }
        boolean bodyMatches = MessageDigest.isEqual(expectedHash.getBytes(StandardCharsets.UTF_8),
                bodySha256Hex(body).getBytes(StandardCharsets.US_ASCII));
        if (!signature.isValid()) {
            return signature;
        }
        return bodyMatches ? SignatureVerdict.VALID : SignatureVerdict.BODY_HASH_MISMATCH;
    }

    /**
     * The signature Twilio would send for this exact URL and these parameters with the auth token (HMAC-SHA1): what
     * a test client or call simulator puts into {@value #SIGNATURE_HEADER}.
     */
    public String sign(String url, Map<String, ? extends Collection<String>> formParameters) {
        Objects.requireNonNull(url, "url");
        return base64Mac(authToken, url, sortedParameters(formParameters));
    }

    /**
     * The signature Twilio would send under a Webhooks Rule with this verifier's shared key; the request must then
     * also carry {@code X-Twilio-Webhooks-Signature-Settings: key=...,algorithm=<algorithm>}.
     *
     * @throws IllegalStateException when no shared key is configured
     */
    public String signWithSharedKey(SignatureAlgorithm algorithm, String url,
            Map<String, ? extends Collection<String>> formParameters) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(url, "url");
        if (sharedKey == null) {
            throw new IllegalStateException("no Twilio webhooks shared key configured (withSharedKey)");
        }
        return base64Mac(new SecretKeySpec(sharedKey, algorithm.jcaName()), url, sortedParameters(formParameters));
    }

    /** The lower-case hex SHA-256 of a body, as Twilio writes it into {@code bodySHA256}: 64 characters. */
    public static String bodySha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE, which every Java SE platform must have",
                    e);
        }
    }

    /** Names the configured kinds of key, never their values. */
    @Override
    public String toString() {
        return "TwilioSignatureVerifier[auth token (HMAC-SHA1)" + (sharedKey == null ? "" : ", webhooks shared key")
                + "]";
    }

    private SignatureVerdict verifySigned(String url, byte[] parameters, String signatureHeader,
            String settingsHeader) {
        String[] urlForms = SignedUrlForms.of(url);
        if (signatureHeader == null || signatureHeader.isEmpty()) {
            return SignatureVerdict.MISSING_SIGNATURE;
        }
        SecretKeySpec key = authToken;
        if (settingsHeader != null) {
            SignatureSettings settings = SignatureSettings.parse(settingsHeader);
            if (settings == null) {
                return SignatureVerdict.MALFORMED_SIGNATURE_SETTINGS;
            }
            if (settings.algorithm() == null) {
                return SignatureVerdict.UNSUPPORTED_ALGORITHM;
            }
            if (sharedKey == null) {
                return SignatureVerdict.NO_SHARED_KEY;
            }
            key = new SecretKeySpec(sharedKey, settings.algorithm().jcaName());
        }
        byte[] received = signatureHeader.getBytes(StandardCharsets.UTF_8);
        boolean matches = false;
        for (String form : urlForms) {
            // No short cut: every form is computed and compared, whatever the first gave.
            matches |= MessageDigest.isEqual(
                    base64Mac(key, form, parameters).getBytes(StandardCharsets.US_ASCII), received);
        }
        return matches ? SignatureVerdict.VALID : SignatureVerdict.SIGNATURE_MISMATCH;
    }

    private static String base64Mac(SecretKeySpec key, String url, byte[] parameters) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            mac.update(url.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(parameters));
        } catch (GeneralSecurityException e) {
            // HmacSHA1 and HmacSHA256 are required of every Java SE platform (javax.crypto.Mac's class comment).
            throw new IllegalStateException(key.getAlgorithm() + " is unavailable in this JRE", e);
        }
    }

    /** Names sorted, each followed by its distinct values sorted: name1 value1 name1 value2 name2 value ..., UTF-8. */
    private static byte[] sortedParameters(Map<String, ? extends Collection<String>> parameters) {
        Objects.requireNonNull(parameters, "formParameters");
        List<String> names = new ArrayList<>(parameters.size());
        for (String name : parameters.keySet()) {
            if (name == null) {
                throw new IllegalArgumentException("form parameter with a null name");
            }
            names.add(name);
        }
        names.sort(null);
        StringBuilder signed = new StringBuilder();
        for (String name : names) {
            Collection<String> values = parameters.get(name);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("form parameter \"" + name + "\" has no value (an empty value is"
                        + " the empty string)");
            }
            TreeSet<String> distinct = new TreeSet<>();
            for (String value : values) {
                if (value == null) {
                    throw new IllegalArgumentException("form parameter \"" + name + "\" has a null value");
                }
                distinct.add(value);
            }
            for (String value : distinct) {
                signed.append(name).append(value);
            }
        }
        return signed.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The first value of a query parameter, as written (not percent-decoded), or {@code null}. */
    private static String firstQueryValue(String url, String name) {
        String query;
        try {
            query = new URI(url).getRawQuery();
        } catch (URISyntaxException e) {
            int start = url.indexOf('?');
            int end = url.indexOf('#', start + 1);
            query = start < 0 ? null : url.substring(start + 1, end < 0 ? url.length() : end);
        }
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String pairName = eq < 0 ? pair : pair.substring(0, eq);
            if (pairName.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }

    private static byte[] secretBytes(String what, String secret) {
        if (secret == null) {
            throw new IllegalArgumentException(what + " is missing (null)");
        }
        if (secret.isBlank()) {
            throw new IllegalArgumentException(what + " is empty or blank (" + secret.length() + " characters)");
        }
        if (!secret.strip().equals(secret)) {
            throw new IllegalArgumentException(what + " has leading or trailing white space (" + secret.length()
                    + " characters; a newline left from the file or variable it was read from?)");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
