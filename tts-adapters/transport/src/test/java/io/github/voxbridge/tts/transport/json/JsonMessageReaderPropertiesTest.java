package io.github.voxbridge.tts.transport.json;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JsonMessageReader} against Jackson ({@link JacksonOracle}) on generated texts: each case is a well-formed
 * text written from a random tree, then five damaged copies of it. One reader serves every case, so that a state
 * left over from a previous message would show. A case's name is its seed: {@code new SplittableRandom(seed)}
 * reproduces it. The hand-picked edge texts run first.
 */
class JsonMessageReaderPropertiesTest {

    private static final long MASTER_SEED = 0x1E1E_7AB5L;
    private static final int CASES = 1_000;

    private final JsonMessageReader reader = new JsonMessageReader(JacksonOracle.MAX_MEMBERS, JacksonOracle.MAX_DEPTH);

    static Stream<String> edgeTexts() {
        return Stream.of("", " ", "\t\n\r ", "{}", " {} ", "{", "}", "{}}", "{} {}", "[]", "\"x\"", "1", "-0", "01",
                "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "1.5e3", "true", "tru", "True", "null", "nul", "NaN",
                "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1}x",
                "{\"a\":1}//", "{\"a\":01}", "{\"a\":-01}", "{\"a\":1.e5}", "{\"a\":[1,]}", "{\"a\":[,1]}",
                "{\"a\":\"\u0001\"}", "{\"a\":\"\u001F\"}", "{\"a\":\"\u007F\"}", "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\uD83D\\uDE00\"}", "{\"a\":\"\\uD800\"}",
                "{\"a\":\"\uD800\"}", "{\"\\u0061\":1,\"a\":2}", "{\"a\":1,\"a\":true}", "\uFEFF{}", "{}\u0000",
                "{\"a\":\"A/B=\"}", "{\"a\":\"A\\/B=\"}", "{\"a\":\"AA\\n==\"}", "{\"a\":\"QUJD\"}",
                "{\"a\":[[[[[[[[[[1]]]]]]]]]]}", "[".repeat(101) + "]".repeat(101), "{\"a\":1}\n",
                "{\"a\":1e400,\"b\":-1e-400}", "{\"\":\"\"}", "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("edgeTexts")
    void edgeTextsAreReadAsJacksonReadsThem(String text) {
        JacksonOracle.check(reader, text);
    }

    static Stream<Long> seeds() {
        SplittableRandom master = new SplittableRandom(MASTER_SEED);
        return IntStream.range(0, CASES).mapToObj(i -> master.nextLong());
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void generatedTextsAreReadAsJacksonReadsThem(long seed) {
        RandomJsonText texts = new RandomJsonText(new SplittableRandom(seed));
        String text = texts.wellFormed(4);
        JacksonOracle.check(reader, text);
        for (int i = 0; i < 5; i++) {
            JacksonOracle.check(reader, texts.damaged(text));
        }
    }
}
