package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.EdgeValues;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels this JVM chose must be bit-identical to the scalar kernels for every length (not only multiples
 * of the lane count), every offset, both laws, both directions, 16-bit and float samples. In the vector run this
 * holds the Vector API kernels against the tables; {@link KernelSelectionTest} proves which kernels ran.
 */
class KernelAgreementTest {

    private static final G711Kernels CHOSEN = VectorizationProvider.getInstance().g711();
    private static final G711Kernels SCALAR = ScalarG711Kernels.INSTANCE;

    /** Floats that exercise rounding ties, clipping, NaN and subnormals, mixed with speech-range values. */
    private static final float[] SPECIAL = EdgeValues.SPECIAL_FLOATS;
    /** 0, ±1, the ends of the range and both sides of every G.711 segment boundary. */
    private static final short[] EDGE_SHORTS = EdgeValues.g711EdgeShorts();

    @Test
    void everyLengthFrom0To300AtSeveralOffsets() {
        Random random = new Random(711);
        for (int length = 0; length <= 300; length++) {
            for (int offset : new int[] {0, 1, 3, 7, 16, 17}) {
                assertAgreement(random, length, offset, (offset * 5 + 3) % 23, "");
            }
        }
    }

    /**
     * One call of every kernel on one generated block. The data comes from {@code seed} (shorts over the whole
     * range, floats mixing {@link EdgeValues#SPECIAL_FLOATS} into speech-range values, any codes).
     */
    record BlockCase(int length, int srcOff, int dstOff, long seed) {
        @Override
        public String toString() {
            return "length " + length + ", srcOff " + srcOff + ", dstOff " + dstOff + ", data seed " + seed;
        }
    }

    /**
     * The lengths around the lane multiples at offsets 0, 1 and the far ends, then 400 drawn cases: lengths
     * 0..300, offsets 0..64 (the ranges the earlier random property drew from).
     */
    static Stream<BlockCase> blocks() {
        SplittableRandom random = new SplittableRandom(0x711_0400L);
        Stream.Builder<BlockCase> cases = Stream.builder();
        for (int length : EdgeValues.lengthsAroundLanes(300)) {
            for (int[] offsets : new int[][] {{0, 0}, {1, 3}, {64, 0}, {17, 64}}) {
                cases.add(new BlockCase(length, offsets[0], offsets[1], random.nextLong()));
            }
        }
        for (int i = 0; i < 400; i++) {
            cases.add(new BlockCase(random.nextInt(301), random.nextInt(65), random.nextInt(65), random.nextLong()));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void generatedLengthsAndOffsets(BlockCase block) {
        assertAgreement(new Random(block.seed()), block.length(), block.srcOff(), block.dstOff(),
                ", data seed " + block.seed());
    }

    @Test
    void everyInputInOneCall() {
        short[] all = new short[1 << 16];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        byte[] expected = new byte[all.length];
        byte[] actual = new byte[all.length];
        SCALAR.muLawEncode(all, 0, expected, 0, all.length);
        CHOSEN.muLawEncode(all, 0, actual, 0, all.length);
        assertThat(actual).isEqualTo(expected);
        SCALAR.aLawEncode(all, 0, expected, 0, all.length);
        CHOSEN.aLawEncode(all, 0, actual, 0, all.length);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void scalarArithmeticAgreesWithTheTables() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            assertThat((byte) ScalarG711Kernels.muLawEncode(x)).isEqualTo(ScalarG711Kernels.muLawEncodeByTable((short) x));
            assertThat((byte) ScalarG711Kernels.aLawEncode(x)).isEqualTo(ScalarG711Kernels.aLawEncodeByTable((short) x));
        }
    }

    private static void assertAgreement(Random random, int length, int srcOff, int dstOff, String seed) {
        short[] shorts = new short[srcOff + length + 5];
        float[] floats = new float[srcOff + length + 5];
        byte[] codes = new byte[srcOff + length + 5];
        for (int i = 0; i < shorts.length; i++) {
            shorts[i] = random.nextInt(8) == 0 ? EDGE_SHORTS[random.nextInt(EDGE_SHORTS.length)]
                    : (short) random.nextInt(1 << 16);
            floats[i] = random.nextInt(8) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : (float) (random.nextGaussian() * 0.3);
            codes[i] = (byte) random.nextInt(256);
        }
        String where = "length " + length + ", srcOff " + srcOff + ", dstOff " + dstOff + seed;

        byte[] expectedCodes = filled(new byte[dstOff + length + 5]);
        byte[] actualCodes = filled(new byte[dstOff + length + 5]);
        SCALAR.muLawEncode(shorts, srcOff, expectedCodes, dstOff, length);
        CHOSEN.muLawEncode(shorts, srcOff, actualCodes, dstOff, length);
        assertThat(actualCodes).as("mu-law short " + where).isEqualTo(expectedCodes);
        SCALAR.muLawEncode(floats, srcOff, expectedCodes, dstOff, length);
        CHOSEN.muLawEncode(floats, srcOff, actualCodes, dstOff, length);
        assertThat(actualCodes).as("mu-law float " + where).isEqualTo(expectedCodes);
        SCALAR.aLawEncode(shorts, srcOff, expectedCodes, dstOff, length);
        CHOSEN.aLawEncode(shorts, srcOff, actualCodes, dstOff, length);
        assertThat(actualCodes).as("A-law short " + where).isEqualTo(expectedCodes);
        SCALAR.aLawEncode(floats, srcOff, expectedCodes, dstOff, length);
        CHOSEN.aLawEncode(floats, srcOff, actualCodes, dstOff, length);
        assertThat(actualCodes).as("A-law float " + where).isEqualTo(expectedCodes);

        short[] expectedShorts = new short[dstOff + length + 5];
        short[] actualShorts = new short[dstOff + length + 5];
        float[] expectedFloats = new float[dstOff + length + 5];
        float[] actualFloats = new float[dstOff + length + 5];
        SCALAR.muLawDecode(codes, srcOff, expectedShorts, dstOff, length);
        CHOSEN.muLawDecode(codes, srcOff, actualShorts, dstOff, length);
        assertThat(actualShorts).as("mu-law decode " + where).isEqualTo(expectedShorts);
        SCALAR.muLawDecode(codes, srcOff, expectedFloats, dstOff, length);
        CHOSEN.muLawDecode(codes, srcOff, actualFloats, dstOff, length);
        assertThat(actualFloats).as("mu-law decode float " + where).isEqualTo(expectedFloats);
        SCALAR.aLawDecode(codes, srcOff, expectedShorts, dstOff, length);
        CHOSEN.aLawDecode(codes, srcOff, actualShorts, dstOff, length);
        assertThat(actualShorts).as("A-law decode " + where).isEqualTo(expectedShorts);
        SCALAR.aLawDecode(codes, srcOff, expectedFloats, dstOff, length);
        CHOSEN.aLawDecode(codes, srcOff, actualFloats, dstOff, length);
        assertThat(actualFloats).as("A-law decode float " + where).isEqualTo(expectedFloats);
    }

    /** A sentinel outside the written range shows a kernel writing past its count. */
    private static byte[] filled(byte[] array) {
        java.util.Arrays.fill(array, (byte) 0x5A);
        return array;
    }
}
