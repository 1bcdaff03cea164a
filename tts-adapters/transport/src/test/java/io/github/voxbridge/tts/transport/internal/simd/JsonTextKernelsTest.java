package io.github.voxbridge.tts.transport.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Which {@link JsonTextKernels} this JVM got, and that it decodes exactly what {@link Base64#getDecoder()} does. Each
 * surefire execution states what it must get in {@code voxbridge.test.expectedJsonKernels}: {@code scalar} (run
 * without the incubator module), or {@code host}: the Vector API blocks when the JIT's vectors have at least
 * {@link JsonTextKernels#MIN_CHAR_LANES} 16-bit lanes ({@code MaxVectorSize}, the host's widest), scalar below.
 * json.Base64CharsTest runs in both executions, through whichever was chosen.
 */
class JsonTextKernelsTest {

    private static final long SEED = 0xB10C_64L;

    @Test
    void theExpectedImplementationWasChosen() {
        String expected = System.getProperty("voxbridge.test.expectedJsonKernels");
        assertThat(expected).as("voxbridge.test.expectedJsonKernels (set by the surefire execution)")
                .isIn("scalar", "host");
        boolean vectorModule = ModuleLayer.boot().findModule(JsonTextKernels.VECTOR_MODULE).isPresent();
        if (expected.equals("scalar")) {
            assertThat(vectorModule).as("this execution runs without " + JsonTextKernels.VECTOR_MODULE).isFalse();
            assertThat(JsonTextKernels.get().name()).as(JsonTextKernels.get().reason()).isEqualTo("scalar");
            return;
        }
        assertThat(vectorModule).as("this execution runs with " + JsonTextKernels.VECTOR_MODULE).isTrue();
        int charLanes = 8 * Integer.parseInt(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("MaxVectorSize").getValue()) / Character.SIZE;
        assertThat(JsonTextKernels.get().name()).as("%s with %d char lanes", JsonTextKernels.get(), charLanes)
                .isEqualTo(charLanes >= JsonTextKernels.MIN_CHAR_LANES ? "panama" : "scalar");
    }

    /**
     * The chosen plain-run scan on every position of a long string: the first quote, backslash or control char
     * (above U+00FF too: U+0122, U+015C and U+0110 have such low bytes and are plain), or the end.
     */
    @Test
    void plainRunFindsTheFirstCharThatEndsIt() {
        JsonTextKernels kernels = JsonTextKernels.get();
        String plain = "ABCabc012+/ \u0122\u015C\u0110\u00FF\uFFFF\u8000!#";
        char[] text = plain.repeat(8).toCharArray();
        if (kernels.name().equals("scalar")) {
            assertThat(kernels.plainRun(text, 0, text.length)).isEqualTo(JsonTextKernels.NOT_SCANNED);
            return;
        }
        for (int from = 0; from < 40; from += 3) {
            assertThat(kernels.plainRun(text, from, text.length)).as("from %d", from).isEqualTo(text.length);
            for (int at = from; at < text.length; at++) {
                for (char end : new char[] {'"', '\\', '\u0000', '\n', '\u001F'}) {
                    char kept = text[at];
                    text[at] = end;
                    assertThat(kernels.plainRun(text, from, text.length)).as("U+%04X at %d from %d", (int) end, at,
                            from).isEqualTo(at);
                    assertThat(kernels.plainRun(text, from, at)).as("up to %d", at).isEqualTo(at);
                    text[at] = kept;
                }
            }
        }
    }

    /**
     * The chosen blocks on their own: every length 0..400 of random bytes, at offsets, with a char outside the
     * alphabet (or above U+00FF, whose low byte is in it) at a random place: the blocks before that char are
     * decoded as the JDK decodes them, none after it (all whole units when it is not among them), and nothing is written before the output offset or from the
     * limit on (between the decoded bytes and the limit, a block's full-width store may leave bytes that the scalar
     * loops rewrite).
     */
    @Test
    void blocksDecodeAsTheJdkDoesAndStopAtTheFirstStrangeChar() {
        JsonTextKernels blocks = JsonTextKernels.get();
        String strange = "=\n -_\"\\\u0000\u00C1\u0141\u0161\u012F\uFF21";
        for (int length = 0; length <= 400; length++) {
            SplittableRandom random = new SplittableRandom(SEED + length);
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String text = Base64.getEncoder().withoutPadding().encodeToString(bytes);
            char[] chars = ("xyz" + text).toCharArray();
            int bad = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
            if (bad < text.length()) {
                chars[3 + bad] = strange.charAt(random.nextInt(strange.length()));
            }
            byte[] out = new byte[5 + length + 80];
            Arrays.fill(out, (byte) 0xA5);
            int limit = 5 + text.length() / 4 * 3;
            int n = blocks.decodeBase64Blocks(chars, 3, chars.length, out, 5, limit);
            String seed = "seed " + (SEED + length) + ", " + blocks;
            assertThat(n % 4).as(seed).isZero();
            assertThat(n).as(seed).isLessThanOrEqualTo(bad / 4 * 4);
            if (blocks.name().equals("panama")) {
                int lanes = PanamaJsonTextKernels.preferredCharLanes();
                // At least every block before the strange char; with none among the whole units, all of them (the
                // last, partial block by one step over the block that ends with them, when there are enough).
                int whole = text.length() / 4 * 4;
                assertThat(n).as("%s: chars decoded, strange char at %d", seed, bad)
                        .isGreaterThanOrEqualTo(bad >= whole ? (whole >= lanes ? whole : 0) : bad / lanes * lanes);
            }
            byte[] expected = Base64.getDecoder().decode(text.substring(0, n));
            assertThat(Arrays.copyOfRange(out, 5, 5 + expected.length)).as(seed).isEqualTo(expected);
            for (int k = 0; k < out.length; k++) {
                if (k < 5 || k >= limit) {
                    assertThat(out[k]).as("%s: byte %d untouched", seed, k).isEqualTo((byte) 0xA5);
                }
            }
        }
    }
}
