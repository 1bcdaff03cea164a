package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    /**
     * Twilio's published example (its "Webhooks security" page; the same vector is in twilio-php's and
     * twilio-csharp's RequestValidatorTest): auth token 12345, this URL and these form parameters.
     */
    @Test
    void twiliosPublishedVector() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("To", "+18005551212");       // deliberately not in name order: the signer sorts
        params.put("CallSid", "CA1234567890ABCDE");
        params.put("From", "+14158675309");
        params.put("Digits", "1234");
        params.put("Caller", "+14158675309");
        assertThat(new TwilioSignature("12345").sign("https://mycompany.com/myapp.php?foo=1&bar=2", params))
                .isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    /** Against HMAC-SHA1 computed here from the documented string, on random names, values and URLs. */
    @Test
    void agreesWithAnIndependentHmacOnRandomRequests() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            String token = word(random, 1 + random.nextInt(40));
            String url = "https://" + word(random, 1 + random.nextInt(10)) + ".example/" + word(random, random.nextInt(20));
            Map<String, String> params = new LinkedHashMap<>();
            int n = i == 0 ? 0 : random.nextInt(12);
            for (int k = 0; k < n; k++) {
                params.put(word(random, 1 + random.nextInt(8)), word(random, random.nextInt(30)));
            }
            StringBuilder data = new StringBuilder(url);
            params.keySet().stream().sorted().forEach(name -> data.append(name).append(params.get(name)));
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String expected = Base64.getEncoder().encodeToString(
                    mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
            assertThat(new TwilioSignature(token).sign(url, params)).as("seed %d, case %d", seed, i)
                    .isEqualTo(expected).hasSize(28);
        }
    }

    @Test
    void withoutParametersTheUrlAloneIsSigned() {
        TwilioSignature signer = new TwilioSignature("tok");
        assertThat(signer.sign("wss://example.org/media")).isEqualTo(signer.sign("wss://example.org/media", Map.of()))
                .isNotEqualTo(signer.sign("wss://example.org/media/"));
    }

    @Test
    void emptyTokenIsRefused() {
        assertThatThrownBy(() -> new TwilioSignature("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty auth token");
        assertThat(new TwilioSignature("secret").toString()).doesNotContain("secret");
    }

    /** Letters, digits, '+', spaces and some non-ASCII (UTF-8 in the HMAC input). */
    private static String word(Random random, int length) {
        String alphabet = "abcXYZ019+ _-éü€";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
