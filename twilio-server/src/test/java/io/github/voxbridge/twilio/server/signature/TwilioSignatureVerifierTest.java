package io.github.voxbridge.twilio.server.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The verifier on fixed vectors: Twilio's documented example, golden values computed with Python's {@code hmac}
 * module (an independent implementation) for what twilio-java cannot check (HMAC-SHA256 under a Webhooks Rule,
 * repeated parameter names, {@code wss} ports), and the handling of bad configuration and odd headers.
 */
class TwilioSignatureVerifierTest {

    private static final String EXAMPLE_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    // python3: base64.b64encode(hmac.new(b"12345", (url + "CallSidCA1234567890ABCDECaller+14158675309Digits1234"
    //          "From+14158675309To+18005551212").encode(), hashlib.sha1).digest()); also Twilio's documented value.
    private static final String EXAMPLE_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static Map<String, List<String>> exampleParams() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("To", List.of("+18005551212"));
        params.put("From", List.of("+14158675309"));
        params.put("Digits", List.of("1234"));
        params.put("Caller", List.of("+14158675309"));
        params.put("CallSid", List.of("CA1234567890ABCDE"));
        return params;
    }

    private final TwilioSignatureVerifier verifier = TwilioSignatureVerifier.forAuthToken("12345");

    @Test
    void twiliosDocumentedExampleIsValidInAnyParameterOrderAndWithPort() {
        assertThat(verifier.sign(EXAMPLE_URL, exampleParams())).isEqualTo(EXAMPLE_SIGNATURE);
        assertThat(verifier.verifyForm(EXAMPLE_URL, exampleParams(), EXAMPLE_SIGNATURE, null))
                .isEqualTo(SignatureVerdict.VALID);
        assertThat(verifier.verifyForm("https://mycompany.com:443/myapp.php?foo=1&bar=2", exampleParams(),
                EXAMPLE_SIGNATURE, null)).isEqualTo(SignatureVerdict.VALID);
        Map<String, List<String>> changed = new LinkedHashMap<>(exampleParams());
        changed.put("Digits", List.of("9999"));
        assertThat(verifier.verifyForm(EXAMPLE_URL, changed, EXAMPLE_SIGNATURE, null))
                .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
        assertThat(verifier.verifyForm("https://mycompany.com/myapp.php?foo=1&bar=3", exampleParams(),
                EXAMPLE_SIGNATURE, null)).isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
        assertThat(verifier.verifyForm("https://mycompany.com:8443/myapp.php?foo=1&bar=2", exampleParams(),
                EXAMPLE_SIGNATURE, null)).as("a non-default port is tried without the port too")
                .isEqualTo(SignatureVerdict.VALID);
        assertThat(verifier.verifyForm("http://mycompany.com/myapp.php?foo=1&bar=2", exampleParams(),
                EXAMPLE_SIGNATURE, null)).as("the scheme is signed").isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
    }

    @Test
    void repeatedNamesAreSignedOncePerDistinctValueInOrder() {
        // python3: hmac.new(b"12345", b"https://example.org/t" b"a9" b"x1" b"x2", hashlib.sha1), base64.
        String golden = "suRbUTd0TaVDqpjcizLd8DouAkA=";
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("x", List.of("2", "1", "1"));
        params.put("a", List.of("9"));
        assertThat(verifier.sign("https://example.org/t", params)).isEqualTo(golden);
        assertThat(verifier.verifyForm("https://example.org/t", params, golden, null))
                .isEqualTo(SignatureVerdict.VALID);
        params.put("x", List.of("1", "2"));
        assertThat(verifier.verifyForm("https://example.org/t", params, golden, null))
                .isEqualTo(SignatureVerdict.VALID);
        params.put("x", List.of("1", "2", "3"));
        assertThat(verifier.verifyForm("https://example.org/t", params, golden, null))
                .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
    }

    @Test
    void repeatedNamesAgreeWithTheOracleWhenAllTheirValuesAreEqual() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            String value = Integer.toString(random.nextInt(1000));
            Map<String, List<String>> repeated = Map.of("Digits", java.util.Collections.nCopies(1 + i % 4, value),
                    "CallSid", List.of("CA" + i));
            String signature = new TwilioJavaOracle("12345").sign(EXAMPLE_URL,
                    Map.of("Digits", value, "CallSid", "CA" + i));
            assertThat(verifier.verifyForm(EXAMPLE_URL, repeated, signature, null)).as("case %d, seed 42", i)
                    .isEqualTo(SignatureVerdict.VALID);
        }
    }

    @Test
    void hmacSha256UnderAWebhooksRuleUsesTheSharedKey() {
        String url = "https://example.org/twilio/voice";
        Map<String, List<String>> params = Map.of("From", List.of("+14158675309"), "CallSid", List.of("CA123"));
        // python3: hmac.new(b"shared-secret-0123", (url + "CallSidCA123" "From+14158675309").encode(), sha256/sha1)
        String sha256 = "0dNWgOHMKlNijD6i7DinCi4UwHzeCOCvpf3jHaW7wIg=";
        String sha1 = "ebIwlOZcHKum8NuF2rk/p6G9r1k=";
        TwilioSignatureVerifier withKey = verifier.withSharedKey("shared-secret-0123");
        String settings = "key=KS0123,algorithm=HMAC_SHA256";

        assertThat(withKey.signWithSharedKey(SignatureAlgorithm.HMAC_SHA256, url, params)).isEqualTo(sha256);
        assertThat(withKey.signWithSharedKey(SignatureAlgorithm.HMAC_SHA1, url, params)).isEqualTo(sha1);
        assertThat(withKey.verifyForm(url, params, sha256, settings)).isEqualTo(SignatureVerdict.VALID);
        assertThat(withKey.verifyForm("https://example.org:443/twilio/voice", params, sha256, settings))
                .isEqualTo(SignatureVerdict.VALID);
        assertThat(withKey.verifyForm(url, params, sha256, " algorithm = hmac_sha256 , key=KS0123, future=x"))
                .isEqualTo(SignatureVerdict.VALID);
        assertThat(withKey.verifyForm(url, params, sha256, "key=KS0123, ,algorithm=HMAC_SHA256,"))
                .as("empty pairs are skipped").isEqualTo(SignatureVerdict.VALID);
        assertThat(withKey.verifyForm(url, params, sha256, "=x,algorithm=HMAC_SHA256"))
                .as("a pair without a name is an unknown field").isEqualTo(SignatureVerdict.VALID);
        assertThat(withKey.verifyForm(url, params, sha1, "key=KS0123,algorithm=HMAC_SHA1"))
                .isEqualTo(SignatureVerdict.VALID);
        assertThat(withKey.verifyForm(url, params, sha1, settings)).as("algorithm from the header, not the length")
                .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
        assertThat(withKey.verifyForm(url, params, sha256, null)).as("no header: the auth token with HMAC-SHA1")
                .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
        String tokenSigned = withKey.sign(url, params);
        assertThat(withKey.verifyForm(url, params, tokenSigned, null)).isEqualTo(SignatureVerdict.VALID);
        assertThat(withKey.verifyForm(url, params, tokenSigned, settings)).as("header: the shared key only")
                .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);

        assertThat(verifier.verifyForm(url, params, sha256, settings)).isEqualTo(SignatureVerdict.NO_SHARED_KEY);
        assertThat(withKey.verifyForm(url, params, sha256, "key=KS0123,algorithm=HMAC_SHA512"))
                .isEqualTo(SignatureVerdict.UNSUPPORTED_ALGORITHM);
        for (String malformed : List.of("", "HMAC_SHA256", "key=KS0123", "algorithm=", "algorithm=HMAC_SHA1,"
                + "algorithm=HMAC_SHA256", "key=KS0123;algorithm=HMAC_SHA256")) {
            assertThat(withKey.verifyForm(url, params, sha256, malformed)).as(malformed)
                    .isEqualTo(SignatureVerdict.MALFORMED_SIGNATURE_SETTINGS);
        }
        assertThatThrownBy(() -> verifier.signWithSharedKey(SignatureAlgorithm.HMAC_SHA256, url, params))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no Twilio webhooks shared key");
    }

    @Test
    void webSocketUpgradeUrlsUseTheirSchemesDefaultPort() {
        // python3: hmac.new(b"12345", b"wss://example.org/twilio/media" / b"wss://example.org:443/twilio/media", sha1)
        String withoutPort = "oJ2yNooO+4uE/bwJx4VwjcCi+6c=";
        String with443 = "Kfyip72s81+ZrWoEUR4PoExtMbY=";
        String url = "wss://example.org/twilio/media";
        assertThat(verifier.verifyUrl(url, withoutPort, null)).isEqualTo(SignatureVerdict.VALID);
        assertThat(verifier.verifyUrl(url, with443, null)).isEqualTo(SignatureVerdict.VALID);
        assertThat(verifier.verifyUrl("wss://example.org:443/twilio/media", withoutPort, null))
                .isEqualTo(SignatureVerdict.VALID);
        String with80 = verifier.sign("wss://example.org:80/twilio/media", Map.of());
        assertThat(verifier.verifyUrl(url, with80, null)).isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);

        // The one place we differ from twilio-java on purpose: it writes :80 for every scheme but https.
        TwilioJavaOracle oracle = new TwilioJavaOracle("12345");
        assertThat(oracle.validate(url, Map.of(), withoutPort)).isTrue();
        assertThat(oracle.validate(url, Map.of(), with443)).isFalse();
        assertThat(oracle.validate(url, Map.of(), with80)).isTrue();
    }

    @Test
    void jsonBodiesAreCheckedAgainstTheUrlsHash() {
        byte[] body = "{\"property\": \"value\", \"boolean\": true}".getBytes(StandardCharsets.UTF_8);
        String hash = TwilioSignatureVerifier.bodySha256Hex(body);
        // python3: hashlib.sha256(b'{"property": "value", "boolean": true}').hexdigest()
        assertThat(hash).isEqualTo("0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
        String url = "https://example.org/hook?x=1&bodySHA256=" + hash;
        String signature = verifier.sign(url, Map.of());
        assertThat(verifier.verifyJson(url, body, signature, null)).isEqualTo(SignatureVerdict.VALID);
        byte[] other = Arrays.copyOf(body, body.length + 1);
        other[body.length] = ' ';
        assertThat(verifier.verifyJson(url, other, signature, null)).isEqualTo(SignatureVerdict.BODY_HASH_MISMATCH);
        assertThat(verifier.verifyJson(url, other, "x", null)).as("a bad signature is reported first")
                .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
        assertThat(verifier.verifyJson(url, body, null, null)).isEqualTo(SignatureVerdict.MISSING_SIGNATURE);
        String noHash = "https://example.org/hook?x=1";
        assertThat(verifier.verifyJson(noHash, body, verifier.sign(noHash, Map.of()), null))
                .isEqualTo(SignatureVerdict.MISSING_BODY_HASH);
        String firstWins = "https://example.org/hook?bodySHA256=" + hash + "&bodySHA256=00";
        assertThat(verifier.verifyJson(firstWins, body, verifier.sign(firstWins, Map.of()), null))
                .isEqualTo(SignatureVerdict.VALID);
        String unparsable = "https://example.org/a b?bodySHA256=" + hash + "#x|y";
        assertThat(verifier.verifyJson(unparsable, body, verifier.sign(unparsable, Map.of()), null))
                .as("the hash is found in a URL java.net.URI cannot parse").isEqualTo(SignatureVerdict.VALID);
        String unparsableNoFragment = "https://example.org/a b?bodySHA256=" + hash;
        assertThat(verifier.verifyJson(unparsableNoFragment, body, verifier.sign(unparsableNoFragment, Map.of()),
                null)).isEqualTo(SignatureVerdict.VALID);
        String unparsableNoQuery = "https://example.org/a b#bodySHA256=" + hash;
        assertThat(verifier.verifyJson(unparsableNoQuery, body, verifier.sign(unparsableNoQuery, Map.of()), null))
                .isEqualTo(SignatureVerdict.MISSING_BODY_HASH);
        String noValue = "https://example.org/hook?bodySHA256";
        assertThat(verifier.verifyJson(noValue, body, verifier.sign(noValue, Map.of()), null))
                .isEqualTo(SignatureVerdict.BODY_HASH_MISMATCH);
        String lookAlike = "https://example.org/hook?xbodySHA256=" + hash;
        assertThat(verifier.verifyJson(lookAlike, body, verifier.sign(lookAlike, Map.of()), null))
                .isEqualTo(SignatureVerdict.MISSING_BODY_HASH);
    }

    @Test
    void missingOrEmptySignatureHeaderIsReportedAsSuch() {
        assertThat(verifier.verifyForm(EXAMPLE_URL, exampleParams(), null, null))
                .isEqualTo(SignatureVerdict.MISSING_SIGNATURE);
        assertThat(verifier.verifyForm(EXAMPLE_URL, exampleParams(), "", null))
                .isEqualTo(SignatureVerdict.MISSING_SIGNATURE);
        assertThat(verifier.verifyForm(EXAMPLE_URL, exampleParams(), "not base64 at all é", null))
                .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
        assertThat(SignatureVerdict.MISSING_SIGNATURE.reason()).contains("X-Twilio-Signature");
        assertThat(SignatureVerdict.VALID.isValid()).isTrue();
        assertThat(Arrays.stream(SignatureVerdict.values()).filter(SignatureVerdict::isValid)).hasSize(1);
    }

    @Test
    void badSecretsAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> TwilioSignatureVerifier.forAuthToken(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Twilio auth token is missing (null)");
        assertThatThrownBy(() -> TwilioSignatureVerifier.forAuthToken(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty or blank (0 characters)");
        assertThatThrownBy(() -> TwilioSignatureVerifier.forAuthToken(" \t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty or blank (2 characters)");
        assertThatThrownBy(() -> TwilioSignatureVerifier.forAuthToken("s3cr3tT0ken\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leading or trailing white space (12 characters")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> verifier.withSharedKey(" s3cr3tKey"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Twilio webhooks shared key has leading or trailing white space")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> verifier.withSharedKey(null)).hasMessageContaining("shared key is missing");
    }

    @Test
    void toStringAndErrorsNeverShowTheSecrets() {
        TwilioSignatureVerifier withKey = TwilioSignatureVerifier.forAuthToken("tok3nVALUE")
                .withSharedKey("k3yVALUE");
        assertThat(withKey.toString()).doesNotContain("tok3n", "k3y", "VALUE")
                .isEqualTo("TwilioSignatureVerifier[auth token (HMAC-SHA1), webhooks shared key]");
        assertThat(TwilioSignatureVerifier.forAuthToken("tok3nVALUE").toString())
                .isEqualTo("TwilioSignatureVerifier[auth token (HMAC-SHA1)]");
        assertThatThrownBy(() -> withKey.verifyUrl("/twilio/voice", "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be absolute")
                .hasMessageContaining("/twilio/voice").hasMessageNotContaining("VALUE");
    }

    @Test
    void nullParametersAreACallersErrorNamingTheParameter() {
        Map<String, List<String>> nullValue = new LinkedHashMap<>();
        List<String> values = new ArrayList<>();
        values.add(null);
        nullValue.put("Digits", values);
        assertThatThrownBy(() -> verifier.verifyForm(EXAMPLE_URL, nullValue, "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("form parameter \"Digits\" has a null value");
        Map<String, List<String>> noValues = Map.of("Digits", List.of());
        assertThatThrownBy(() -> verifier.verifyForm(EXAMPLE_URL, noValues, "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"Digits\" has no value");
        Map<String, List<String>> nullName = new java.util.HashMap<>();
        nullName.put(null, List.of("1"));
        assertThatThrownBy(() -> verifier.verifyForm(EXAMPLE_URL, nullName, "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null name");
        assertThatThrownBy(() -> verifier.verifyForm(null, Map.of(), "x", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("url");
    }

    @Test
    void unparsableUrlsAreTriedAsGiven() {
        String url = "https://example.org/a b?x=|";
        String signature = verifier.sign(url, Map.of());
        assertThat(verifier.verifyUrl(url, signature, null)).isEqualTo(SignatureVerdict.VALID);
        assertThat(new TwilioJavaOracle("12345").validate(url, Map.of(), signature)).isTrue();
    }
}
