package io.github.voxbridge.twilio.server.signature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

/**
 * Random requests as Twilio might sign them, drawn from a seeded {@link Random}: URLs over http and https with and
 * without ports, odd paths (percent-encoding, {@code %2F}, Unicode, sub-delimiters), query strings (repeated names,
 * empty values), now and then a character a URI may not hold; form parameters with empty, Unicode and look-alike
 * names (case, U+FFFD against a supplementary character, which sort differently by code unit and by code point).
 */
final class RandomTwilioRequests {

    private static final String[] HOSTS = {"example.org", "api.example.co.uk", "127.0.0.1", "[::1]", "localhost",
        "bücher.example", "a-b.example", "x"};
    private static final String[] PATH_PIECES = {"a", "twilio", "voice", "media", "0", "-", "_", "~", ".", "..",
        "%20", "%2F", "%25", "é", "日本", "😀", "+", ":", "@", "!", "$", "'", "(", ")", "*", ",", ";", "="};
    private static final String[] QUERY_PIECES = {"a", "b", "From", "x", "%26", "%3D", "+", "é", "%2B", "1", "",
        "😀", "/", "?"};
    private static final String[] NAMES = {"CallSid", "AccountSid", "From", "To", "Caller", "Digits", "a", "A", "b",
        "B", "", "é", "\uFFFD", "😀", "Z", "z1", "name with space", "x&y=z", "日本"};
    private static final String[] VALUE_PIECES = {"", "+15551234567", "CA0123456789abcdef0123456789abcdef", " ",
        "&", "=", "%20", "é", "😀", "\u0000", "\n", "<tag>", "\"", "'", "日本語", "\uFFFD", "a", "Z"};

    private final Random random;

    RandomTwilioRequests(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String token() {
        if (random.nextInt(10) == 0) {
            return "tök€n-" + random.nextInt(1000) + "-" + pick(VALUE_PIECES).strip() + "x";
        }
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    /** A URL with scheme http or https (lower case, the schemes whose default ports both sides agree on). */
    String url(boolean allowUnparsable) {
        boolean https = random.nextInt(10) < 6;
        StringBuilder url = new StringBuilder(https ? "https://" : "http://").append(pick(HOSTS));
        switch (random.nextInt(10)) {
            case 0, 1 -> url.append(https ? ":443" : ":80");
            case 2 -> url.append(https ? ":80" : ":443");
            case 3 -> url.append(':').append(pick(new String[] {"8443", "8080", "1", "65535"}));
            default -> { }
        }
        switch (random.nextInt(6)) {
            case 0 -> { }
            case 1 -> url.append('/');
            case 2 -> url.append("/twilio/voice");
            default -> {
                int segments = 1 + random.nextInt(4);
                for (int s = 0; s < segments; s++) {
                    url.append('/');
                    int pieces = random.nextInt(4);
                    for (int p = 0; p < pieces; p++) {
                        url.append(pick(PATH_PIECES));
                    }
                }
            }
        }
        int query = random.nextInt(10);
        if (query == 0) {
            url.append('?');
        } else if (query >= 6) {
            url.append('?');
            int pairs = 1 + random.nextInt(4);
            for (int p = 0; p < pairs; p++) {
                if (p > 0) {
                    url.append('&');
                }
                url.append(pick(QUERY_PIECES)).append(pick(QUERY_PIECES));
                if (random.nextInt(5) > 0) {
                    url.append('=').append(pick(QUERY_PIECES)).append(pick(QUERY_PIECES));
                }
            }
        }
        if (random.nextInt(30) == 0) {
            url.append("#frag");
        }
        if (allowUnparsable && random.nextInt(25) == 0) {
            url.insert(url.length() - random.nextInt(3), pick(new String[] {" ", "|", "%", "^"}));
        }
        return url.toString();
    }

    /** Up to 8 distinct names, each with one value, in insertion (not sorted) order. */
    LinkedHashMap<String, String> parameters() {
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        int count = random.nextInt(9);
        for (int i = 0; i < count; i++) {
            String name = random.nextInt(4) == 0 ? pick(NAMES) + pick(NAMES) : pick(NAMES);
            params.put(name, value());
        }
        return params;
    }

    String value() {
        if (random.nextInt(20) == 0) {
            return "long-".repeat(60);
        }
        StringBuilder value = new StringBuilder();
        int pieces = random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            value.append(pick(VALUE_PIECES));
        }
        return value.toString();
    }

    /** The same parameters as our verifier takes them: each name with a one-element list. */
    static LinkedHashMap<String, List<String>> asMultiMap(LinkedHashMap<String, String> params) {
        LinkedHashMap<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((name, value) -> multi.put(name, new ArrayList<>(List.of(value))));
        return multi;
    }

    <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
