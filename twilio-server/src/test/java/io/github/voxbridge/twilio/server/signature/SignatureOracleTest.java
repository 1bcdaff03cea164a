package io.github.voxbridge.twilio.server.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Our verifier against twilio-java 13.0.1's {@code RequestValidator} on random requests (seeded: rerun one with
 * {@code -Dvoxbridge.seed=N}): a signature the oracle computes over the URL in any of its port forms passes both,
 * and every tampering (URL, parameter added, removed, renamed or changed, signature altered, another token) gets the
 * same verdict from both. The cases Twilio's own examples and the edges of the rules are always included.
 */
class SignatureOracleTest {

    private static final long SEED = Long.getLong("voxbridge.seed", 0x7711_5EED_2026L);
    private static final int REQUESTS = 400;

    @Test
    void formRequestsGetTheOraclesVerdictBothWays() {
        RandomTwilioRequests gen = new RandomTwilioRequests(SEED);
        List<Case> cases = new ArrayList<>(edgeCases());
        for (int i = 0; i < REQUESTS; i++) {
            cases.add(new Case(gen.token(), gen.url(true), gen.parameters()));
        }
        int valid = 0;
        int rejected = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String where = "seed " + SEED + " (-Dvoxbridge.seed), case " + i + ": " + c;
            TwilioJavaOracle oracle = new TwilioJavaOracle(c.token);
            TwilioSignatureVerifier ours = TwilioSignatureVerifier.forAuthToken(c.token);

            for (String signedForm : List.of(c.url, oracle.addPort(c.url), oracle.removePort(c.url))) {
                String signature = oracle.sign(signedForm, c.params);
                assertThat(oracle.validate(c.url, c.params, signature)).as("oracle, signed %s; %s", signedForm, where)
                        .isTrue();
                assertThat(ours.verifyForm(c.url, RandomTwilioRequests.asMultiMap(c.params), signature, null))
                        .as("ours, signed %s; %s", signedForm, where).isEqualTo(SignatureVerdict.VALID);
                assertThat(ours.sign(signedForm, RandomTwilioRequests.asMultiMap(c.params))).as(where)
                        .isEqualTo(signature);
                valid++;
            }

            String signature = oracle.sign(c.url, c.params);
            for (Tampered t : tamperings(c, signature, gen)) {
                boolean oracleVerdict = oracle.validate(t.url, t.params, t.signature);
                SignatureVerdict ourVerdict = ours.verifyForm(t.url, RandomTwilioRequests.asMultiMap(t.params),
                        t.signature, null);
                assertThat(ourVerdict.isValid()).as("%s; tampered %s; ours %s", where, t, ourVerdict)
                        .isEqualTo(oracleVerdict);
                if (t.mustFail) {
                    assertThat(ourVerdict).as("%s; tampered %s", where, t).isNotEqualTo(SignatureVerdict.VALID);
                    rejected++;
                }
            }

            TwilioJavaOracle otherToken = new TwilioJavaOracle(c.token + "0");
            String forged = otherToken.sign(c.url, c.params);
            assertThat(oracle.validate(c.url, c.params, forged)).as(where).isFalse();
            assertThat(ours.verifyForm(c.url, RandomTwilioRequests.asMultiMap(c.params), forged, null))
                    .as("signed with another token; %s", where).isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
        }
        assertThat(valid).isGreaterThanOrEqualTo(3 * REQUESTS);
        assertThat(rejected).isGreaterThan(5 * REQUESTS);
    }

    @Test
    void jsonRequestsGetTheOraclesVerdictBothWays() {
        RandomTwilioRequests gen = new RandomTwilioRequests(SEED + 1);
        for (int i = 0; i < REQUESTS; i++) {
            String token = gen.token();
            String body = i == 0 ? "" : "{\"CallSid\":\"CA" + i + "\",\"Caller\":\"" + gen.value() + "\"}";
            String base = gen.url(false);
            int cut = base.indexOf('#');
            String fragment = cut < 0 ? "" : base.substring(cut);
            base = cut < 0 ? base : base.substring(0, cut);
            String hash = TwilioSignatureVerifier.bodySha256Hex(body.getBytes(StandardCharsets.UTF_8));
            String url = base + (base.contains("?") ? "&" : "?") + "bodySHA256=" + hash
                    + fragment;
            String where = "seed " + (SEED + 1) + " (-Dvoxbridge.seed is SEED+1 here), case " + i + ": " + url
                    + " body " + body;
            TwilioJavaOracle oracle = new TwilioJavaOracle(token);
            TwilioSignatureVerifier ours = TwilioSignatureVerifier.forAuthToken(token);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            String signature = oracle.sign(gen.random().nextBoolean() ? url : oracle.addPort(url), Map.of());
            assertThat(oracle.validateJson(url, body, signature)).as(where).isTrue();
            assertThat(ours.verifyJson(url, bytes, signature, null)).as(where).isEqualTo(SignatureVerdict.VALID);

            String otherBody = body + " ";
            assertThat(oracle.validateJson(url, otherBody, signature)).as(where).isFalse();
            assertThat(ours.verifyJson(url, otherBody.getBytes(StandardCharsets.UTF_8), signature, null)).as(where)
                    .isEqualTo(SignatureVerdict.BODY_HASH_MISMATCH);

            String otherUrl = url.replace("bodySHA256=" + hash, "bodySHA256=" + hash.toUpperCase());
            assertThat(oracle.validateJson(otherUrl, body, signature)).as(where).isFalse();
            assertThat(ours.verifyJson(otherUrl, bytes, signature, null).isValid()).as(where).isFalse();
            String resigned = oracle.sign(otherUrl, Map.of());
            assertThat(oracle.validateJson(otherUrl, body, resigned)).as("upper-case hex; " + where).isFalse();
            assertThat(ours.verifyJson(otherUrl, bytes, resigned, null)).as("upper-case hex; " + where)
                    .isEqualTo(SignatureVerdict.BODY_HASH_MISMATCH);

            String flipped = flip(signature, gen);
            assertThat(oracle.validateJson(url, body, flipped)).as(where).isFalse();
            assertThat(ours.verifyJson(url, bytes, flipped, null)).as(where)
                    .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);

            String noHash = base + fragment;
            String signedNoHash = oracle.sign(noHash, Map.of());
            assertThat(oracle.validateJson(noHash, body, signedNoHash)).as(where).isFalse();
            assertThat(ours.verifyJson(noHash, bytes, signedNoHash, null)).as(where)
                    .isEqualTo(SignatureVerdict.MISSING_BODY_HASH);
        }
    }

    /**
     * twilio-java 13.0.1 has no HMAC-SHA256 (Webhooks Rule) variant, so the signatures here are computed directly
     * with {@code javax.crypto} over a string built independently (a {@link TreeMap} in natural order), over the
     * oracle's port forms of the URL.
     */
    @Test
    void sharedKeyHmacSha256MatchesADirectComputation() throws Exception {
        RandomTwilioRequests gen = new RandomTwilioRequests(SEED + 2);
        for (int i = 0; i < REQUESTS; i++) {
            String token = gen.token();
            String sharedKey = gen.token();
            String url = gen.url(true);
            LinkedHashMap<String, String> params = gen.parameters();
            String where = "seed " + (SEED + 2) + " (-Dvoxbridge.seed is SEED+2 here), case " + i + ": " + url + " "
                    + params;
            TwilioJavaOracle oracle = new TwilioJavaOracle(token);
            TwilioSignatureVerifier ours = TwilioSignatureVerifier.forAuthToken(token).withSharedKey(sharedKey);
            String settings = "key=KS" + i + ",algorithm=HMAC_SHA256";
            for (String form : List.of(url, oracle.addPort(url), oracle.removePort(url))) {
                StringBuilder signed = new StringBuilder(form);
                new TreeMap<>(params).forEach((name, value) -> signed.append(name).append(value));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(sharedKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                String signature = Base64.getEncoder().encodeToString(
                        mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
                Map<String, List<String>> multi = RandomTwilioRequests.asMultiMap(params);
                assertThat(ours.verifyForm(url, multi, signature, settings)).as("signed %s; %s", form, where)
                        .isEqualTo(SignatureVerdict.VALID);
                assertThat(ours.verifyForm(url, multi, signature, null)).as("no settings header; %s", where)
                        .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
                assertThat(ours.verifyForm(url + "x", multi, signature, settings)).as(where)
                        .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
                assertThat(ours.verifyForm(url, multi, flip(signature, gen), settings)).as(where)
                        .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
            }
            String tokenSigned = oracle.sign(url, params);
            assertThat(ours.verifyForm(url, RandomTwilioRequests.asMultiMap(params), tokenSigned, settings))
                    .as("auth-token signature under a settings header; %s", where)
                    .isEqualTo(SignatureVerdict.SIGNATURE_MISMATCH);
        }
    }

    /** Twilio's documented example and the rules' edges, in every run. */
    private static List<Case> edgeCases() {
        LinkedHashMap<String, String> twilioExample = new LinkedHashMap<>();
        // Twilio's request-validation example (token 12345; its signature is RSOYDt4T1cUTdK1PDd93/VVr8B8=).
        twilioExample.put("CallSid", "CA1234567890ABCDE");
        twilioExample.put("Caller", "+14158675309");
        twilioExample.put("Digits", "1234");
        twilioExample.put("From", "+14158675309");
        twilioExample.put("To", "+18005551212");
        LinkedHashMap<String, String> orderTraps = new LinkedHashMap<>();
        orderTraps.put("b", "1");
        orderTraps.put("B", "2");
        orderTraps.put("a", "3");
        orderTraps.put("A", "4");
        orderTraps.put("\uFFFD", "code unit FFFD sorts after the surrogates of U+1F600");
        orderTraps.put("😀", "code point 1F600 sorts after U+FFFD");
        orderTraps.put("", "empty name");
        orderTraps.put("empty", "");
        List<Case> cases = new ArrayList<>();
        String token = "12345";
        for (String url : List.of("https://mycompany.com/myapp.php?foo=1&bar=2",
                "https://mycompany.com:443/myapp.php?foo=1&bar=2", "http://mycompany.com/myapp.php?foo=1&bar=2",
                "http://mycompany.com:80/myapp.php", "https://example.org:8443/twilio/voice",
                "https://example.org", "https://example.org/", "https://[::1]:443/a", "https://bücher.example/a",
                "https://example.org/a%2Fb?x=%26&y=a+b", "https://example.org/ä ö?x=|", "https://example.org/a#f",
                "http://example.org:443/", "https://example.org:80/")) {
            cases.add(new Case(token, url, twilioExample));
            cases.add(new Case(token, url, orderTraps));
            cases.add(new Case(token, url, new LinkedHashMap<>()));
        }
        return cases;
    }

    private static List<Tampered> tamperings(Case c, String signature, RandomTwilioRequests gen) {
        List<Tampered> out = new ArrayList<>();
        out.add(new Tampered("url + x", c.url + "x", c.params, signature, true));
        out.add(new Tampered("scheme swapped", c.url.startsWith("https") ? "http" + c.url.substring(5)
                : "https" + c.url.substring(4), c.params, signature, false));
        int slash = c.url.indexOf("://") + 3;
        out.add(new Tampered("host prefixed", c.url.substring(0, slash) + "w" + c.url.substring(slash), c.params,
                signature, true));
        out.add(new Tampered("url with :8443", c.url.substring(0, slash) + hostOf(c.url) + ":8443"
                + c.url.substring(slash + hostAndPortOf(c.url).length()), c.params, signature, false));
        LinkedHashMap<String, String> added = new LinkedHashMap<>(c.params);
        added.put("Extra", "1");
        out.add(new Tampered("parameter added", c.url, added, signature, true));
        LinkedHashMap<String, String> emptyAdded = new LinkedHashMap<>(c.params);
        emptyAdded.putIfAbsent("", "");
        // Adds nothing to the signed string when absent before: both must accept, which the comparison checks.
        out.add(new Tampered("empty name and value added", c.url, emptyAdded, signature, false));
        if (!c.params.isEmpty()) {
            List<String> names = new ArrayList<>(c.params.keySet());
            String name = names.get(gen.random().nextInt(names.size()));
            LinkedHashMap<String, String> changed = new LinkedHashMap<>(c.params);
            changed.put(name, c.params.get(name) + "1");
            out.add(new Tampered("value of " + name + " changed", c.url, changed, signature, true));
            LinkedHashMap<String, String> removed = new LinkedHashMap<>(c.params);
            removed.remove(name);
            out.add(new Tampered("parameter " + name + " removed", c.url, removed, signature,
                    !(name + c.params.get(name)).isEmpty()));
            LinkedHashMap<String, String> renamed = new LinkedHashMap<>(c.params);
            String value = renamed.remove(name);
            renamed.put(name + "_", value);
            out.add(new Tampered("parameter " + name + " renamed", c.url, renamed, signature, false));
        }
        out.add(new Tampered("signature char flipped", c.url, c.params, flip(signature, gen), true));
        out.add(new Tampered("signature padding cut", c.url, c.params, signature.substring(0,
                signature.length() - 1), true));
        out.add(new Tampered("signature lower-cased", c.url, c.params, signature.toLowerCase(),
                !signature.toLowerCase().equals(signature)));
        out.add(new Tampered("signature with a space", c.url, c.params, signature + " ", true));
        out.add(new Tampered("empty signature", c.url, c.params, "", true));
        out.add(new Tampered("no signature", c.url, c.params, null, true));
        return out;
    }

    private static String hostAndPortOf(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return url.substring(start, end);
    }

    private static String hostOf(String url) {
        String hostAndPort = hostAndPortOf(url);
        int colon = hostAndPort.lastIndexOf(':');
        return colon > hostAndPort.lastIndexOf(']') ? hostAndPort.substring(0, colon) : hostAndPort;
    }

    static String flip(String signature, RandomTwilioRequests gen) {
        int at = gen.random().nextInt(signature.length() - 1); // not the padding '='
        char c = signature.charAt(at);
        char replacement = c == 'A' ? 'B' : 'A';
        return signature.substring(0, at) + replacement + signature.substring(at + 1);
    }

    private record Case(String token, String url, LinkedHashMap<String, String> params) {
        @Override
        public String toString() {
            return "url " + url + ", params " + params + ", token of " + token.length() + " chars";
        }
    }

    private record Tampered(String what, String url, LinkedHashMap<String, String> params, String signature,
            boolean mustFail) {
        @Override
        public String toString() {
            return what + " (url " + url + ", params " + params + ", signature " + signature + ")";
        }
    }
}
