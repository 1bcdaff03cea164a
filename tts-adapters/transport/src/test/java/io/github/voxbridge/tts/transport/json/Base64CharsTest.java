package io.github.voxbridge.tts.transport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Base64Chars} against {@link Base64#getDecoder()}: the same bytes for everything the JDK accepts, a rejection
 * for everything it rejects. Every length of random bytes 0..300 (each with its own seed, {@code SEED + length}),
 * padded and unpadded, at offsets, and damaged copies; plus hand-picked endings.
 */
class Base64CharsTest {

    private static final long SEED = 0xBA5E_64L;
    private static final byte UNTOUCHED = (byte) 0xA5;
    /** Chars that a damaged base64 text may hold: padding, whitespace, the URL-safe alphabet, non-ASCII. */
    private static final String DAMAGE = "=\n\r\t -_.\\\"A/+\u0000\u007F\u0080\u00FF\u0100\u00E9\uD800\uFF21";

    static IntStream lengths() {
        return IntStream.rangeClosed(0, 300);
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("lengths")
    void everyLengthDecodesAsTheJdkDoes(int length) {
        SplittableRandom random = new SplittableRandom(SEED + length);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        String padded = Base64.getEncoder().encodeToString(bytes);
        assertAgrees(padded);
        assertAgrees(padded.replace("=", ""));
        assertThat(decode("xy" + padded + "z", 2, 2 + padded.length(), 5)).as("at offsets").isEqualTo(bytes);
        for (int i = 0; i < 20 && !padded.isEmpty(); i++) {
            int at = random.nextInt(padded.length());
            char c = DAMAGE.charAt(random.nextInt(DAMAGE.length()));
            assertAgrees(padded.substring(0, at) + c + padded.substring(at + 1));
            assertAgrees(padded.substring(0, at) + c + padded.substring(at));
            assertAgrees(padded.substring(0, at));
            assertAgrees(padded + c);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "A", "AA", "AAA", "AAAA", "AA=", "AA==", "AAA=", "AAA==", "A=", "A==", "A===", "=",
        "==", "AAAA=", "AAAA==", "AA==A", "AA==AAAA", "AAA=AAAA", "AB==", "AB", "ABC=", "ABD=", "QUJD", "QUJ D",
        "QUJD\n", " QUJD", "QU\rJD", "QUJ-", "QUJ_", "QU=D", "Q===", "QUJDRA", "QUJDRA=", "QUJDRA==", "QUJDRA===",
        "\u00C1UJD", "////", "++++", "+/+/AA=="})
    void endingsDecodeAsTheJdkDoes(String text) {
        assertAgrees(text);
    }

    @org.junit.jupiter.api.Test
    void rejectionsSayWhatAndWhere() {
        assertThatThrownBy(() -> decode("QUJ D", 0, 5, 0)).hasMessageContaining("character (U+0020)")
                .hasMessageContaining("at 3 of 5");
        assertThatThrownBy(() -> decode("QUJDRA=", 0, 7, 0)).hasMessageContaining("needs \"==\"");
        assertThatThrownBy(() -> decode("QUJDR", 0, 5, 0)).hasMessageContaining("one character left over");
        assertThatThrownBy(() -> decode("QUJD=", 0, 5, 0)).hasMessageContaining("padding '=' at 4 of 5");
        assertThatThrownBy(() -> decode("QQ==QUJD", 0, 8, 0)).hasMessageContaining("continues after its padding");
        char[] chars = "QUJD".toCharArray();
        assertThatThrownBy(() -> Base64Chars.decode(chars, 0, 4, new byte[4], 2))
                .hasMessageContaining("decodes to 3 bytes, but the output has room for 2");
    }

    /** The JDK's verdict on {@code text}, and ours: equal bytes, or both reject. */
    private static void assertAgrees(String text) {
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            expected = null;
        }
        if (expected == null) {
            assertThatThrownBy(() -> decode(text, 0, text.length(), 1)).as("\"%s\"", text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
        } else {
            assertThat(Base64Chars.decodedLength(text.toCharArray(), 0, text.length())).as("\"%s\"", text)
                    .isEqualTo(expected.length);
            assertThat(decode(text, 0, text.length(), 1)).as("\"%s\"", text).isEqualTo(expected);
        }
    }

    /**
     * Decodes {@code text[from .. to)} into a buffer of exactly {@link Base64Chars#decodedLength} from {@code off},
     * and again into a larger one, whose bytes before {@code off} and after the decoded ones must stay untouched (the
     * decoder writes eight bytes at a time inside the output).
     */
    private static byte[] decode(String text, int from, int to, int off) {
        char[] chars = text.toCharArray();
        int needed = Base64Chars.decodedLength(chars, from, to);
        byte[] out = new byte[off + needed];
        int n = Base64Chars.decode(chars, from, to, out, off);
        byte[] roomy = new byte[off + needed + 16];
        Arrays.fill(roomy, UNTOUCHED);
        assertThat(Base64Chars.decode(chars, from, to, roomy, off)).isEqualTo(n);
        for (int k = 0; k < roomy.length; k++) {
            if (k < off || k >= off + n) {
                assertThat(roomy[k]).as("byte %d of %d, decoded %d from %d", k, roomy.length, n, off)
                        .isEqualTo(UNTOUCHED);
            }
        }
        return Arrays.copyOfRange(out, off, off + n);
    }
}
