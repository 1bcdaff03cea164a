package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The kernels this JVM chose must be bit-identical to the scalar kernels for every length (not only multiples
 * of the lane count), every offset, both laws, both directions, 16-bit and float samples. In the vector run this
 * holds the Vector API kernels against the tables; {@link KernelSelectionTest} proves which kernels ran.
 */
class KernelAgreementTest {

    private static final G711Kernels CHOSEN = VectorizationProvider.getInstance().g711();
    private static final G711Kernels SCALAR = ScalarG711Kernels.INSTANCE;

    /** Floats that exercise rounding ties, clipping and NaN, mixed with ordinary speech-range values. */
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f,
        1.0001f, -1.5f, 0.5f / 32768f, 1.5f / 32768f, -2.5f / 32768f, -0f, 0f, 32767.5f / 32768f, Float.MIN_VALUE,
        -32768.5f / 32768f, 3.4e38f};

    @Test
    void everyLengthFrom0To300AtSeveralOffsets() {
        Random random = new Random(711);
        for (int length = 0; length <= 300; length++) {
            for (int offset : new int[] {0, 1, 3, 7, 16, 17}) {
                assertAgreement(random, length, offset, (offset * 5 + 3) % 23);
            }
        }
    }

    @Property(tries = 400)
    void randomLengthsAndOffsets(@ForAll @IntRange(min = 0, max = 300) int length,
                                 @ForAll @IntRange(min = 0, max = 64) int srcOff,
                                 @ForAll @IntRange(min = 0, max = 64) int dstOff,
                                 @ForAll long seed) {
        assertAgreement(new Random(seed), length, srcOff, dstOff);
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

    private static void assertAgreement(Random random, int length, int srcOff, int dstOff) {
        short[] shorts = new short[srcOff + length + 5];
        float[] floats = new float[srcOff + length + 5];
        byte[] codes = new byte[srcOff + length + 5];
        for (int i = 0; i < shorts.length; i++) {
            shorts[i] = (short) random.nextInt(1 << 16);
            floats[i] = random.nextInt(8) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : (float) (random.nextGaussian() * 0.3);
            codes[i] = (byte) random.nextInt(256);
        }
        String where = "length " + length + ", srcOff " + srcOff + ", dstOff " + dstOff;

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
