package io.github.voxbridge.dsp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.pcm.Pcm16;
import org.junit.jupiter.api.Test;

/**
 * Both laws against the G.191 reference for every 16-bit input and every code, through every public entry
 * point (single sample, bulk 16-bit, bulk float, buffers). Runs with whichever kernels this JVM chose; the build
 * runs it once with the vector kernels and once with the scalar ones.
 */
class G711ExactnessTest {

    private static final int ALL = 1 << 16;

    /** Every 16-bit input, ascending from -32768. */
    private static short[] allInputs() {
        short[] inputs = new short[ALL];
        for (int i = 0; i < ALL; i++) {
            inputs[i] = (short) (i - 32768);
        }
        return inputs;
    }

    private static byte[] allCodes() {
        byte[] codes = new byte[256];
        for (int c = 0; c < 256; c++) {
            codes[c] = (byte) c;
        }
        return codes;
    }

    @Test
    void muLawEncodesEveryInputLikeG191() {
        short[] inputs = allInputs();
        float[] floats = new float[ALL];
        for (int i = 0; i < ALL; i++) {
            floats[i] = inputs[i] / 32768f; // exact: every 16-bit value is a float
        }
        byte[] bulk = new byte[ALL];
        byte[] bulkFloat = new byte[ALL];
        MuLaw.encode(inputs, 0, bulk, 0, ALL);
        MuLaw.encode(floats, 0, bulkFloat, 0, ALL);
        int mismatches = 0;
        for (int i = 0; i < ALL; i++) {
            int expected = G191Reference.ulawCompress(inputs[i]);
            if ((MuLaw.encode(inputs[i]) & 0xFF) != expected || (bulk[i] & 0xFF) != expected
                    || (bulkFloat[i] & 0xFF) != expected || (MuLaw.encode(floats[i]) & 0xFF) != expected) {
                mismatches++;
            }
        }
        assertThat(mismatches).as("inputs whose mu-law code differs from G.191").isZero();
    }

    @Test
    void aLawEncodesEveryInputLikeG191() {
        short[] inputs = allInputs();
        float[] floats = new float[ALL];
        for (int i = 0; i < ALL; i++) {
            floats[i] = inputs[i] / 32768f;
        }
        byte[] bulk = new byte[ALL];
        byte[] bulkFloat = new byte[ALL];
        ALaw.encode(inputs, 0, bulk, 0, ALL);
        ALaw.encode(floats, 0, bulkFloat, 0, ALL);
        int mismatches = 0;
        for (int i = 0; i < ALL; i++) {
            int expected = G191Reference.alawCompress(inputs[i]);
            if ((ALaw.encode(inputs[i]) & 0xFF) != expected || (bulk[i] & 0xFF) != expected
                    || (bulkFloat[i] & 0xFF) != expected || (ALaw.encode(floats[i]) & 0xFF) != expected) {
                mismatches++;
            }
        }
        assertThat(mismatches).as("inputs whose A-law code differs from G.191").isZero();
    }

    @Test
    void bothLawsDecodeEveryCodeLikeG191() {
        byte[] codes = allCodes();
        short[] mu = new short[256];
        short[] a = new short[256];
        float[] muF = new float[256];
        float[] aF = new float[256];
        MuLaw.decode(codes, 0, mu, 0, 256);
        ALaw.decode(codes, 0, a, 0, 256);
        MuLaw.decode(codes, 0, muF, 0, 256);
        ALaw.decode(codes, 0, aF, 0, 256);
        for (int c = 0; c < 256; c++) {
            short expectedMu = G191Reference.ulawExpand(c);
            short expectedA = G191Reference.alawExpand(c);
            assertThat(MuLaw.decode((byte) c)).as("mu-law code %d", c).isEqualTo(expectedMu);
            assertThat(mu[c]).as("mu-law bulk code %d", c).isEqualTo(expectedMu);
            assertThat(muF[c]).as("mu-law float code %d", c).isEqualTo(expectedMu / 32768f);
            assertThat(ALaw.decode((byte) c)).as("A-law code %d", c).isEqualTo(expectedA);
            assertThat(a[c]).as("A-law bulk code %d", c).isEqualTo(expectedA);
            assertThat(aF[c]).as("A-law float code %d", c).isEqualTo(expectedA / 32768f);
        }
    }

    @Test
    void landmarksFromTheStandard() {
        assertThat(MuLaw.encode((short) 0)).isEqualTo((byte) 0xFF).isEqualTo(MuLaw.SILENCE);
        for (short x = -4; x <= -1; x++) {
            assertThat(MuLaw.encode(x)).as("mu-law encode(%d)", x).isEqualTo((byte) 0x7F);
        }
        assertThat(MuLaw.decode((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(MuLaw.decode((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(ALaw.encode((short) 0)).isEqualTo((byte) 0xD5).isEqualTo(ALaw.SILENCE);
        assertThat(ALaw.decode((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(ALaw.decode((byte) 0x2A)).isEqualTo((short) -32256);
        for (int c = 0; c < 256; c++) {
            assertThat(ALaw.decode((byte) c)).as("A-law has no zero; code %d", c).isNotZero();
        }
    }

    /**
     * The popular "BIAS 0x84, CLIP 32635" encoder (Sun g711.c, many voice stacks) is not G.191, and the reference
     * must tell the two apart on exactly the inputs where they differ, derived here rather than counted.
     *
     * <p>Both encoders quantise a biased magnitude {@code v} (bias 132 = 33 in G.191's 14-bit units) into 128
     * cells: segment e (0..7) covers {@code [2^(e+7), 2^(e+8))} in 16 steps of {@code 2^(e+3)}. For a positive
     * input both use {@code v = x + 132}. For a negative input G.191 takes the one's complement,
     * {@code ~x = -x - 1}, so its {@code v} is one less than the popular encoder's {@code -x + 132}. The two
     * therefore disagree exactly where {@code -x + 132} is the lower edge of a cell, a decision threshold
     * {@code t = 2^(e+7) + k 2^(e+3)}, and there G.191 picks the cell below (one code higher, mu-law codes being
     * complemented). The lowest edge, 128, is below every {@code -x + 132 >= 133}; the other 8 * 16 - 1 = 127
     * thresholds (136 .. 31,744) are all reached, by {@code x = 132 - t}. Clipping agrees: both clip from
     * {@code -x >= 32636}.
     */
    @Test
    void differsFromThePopularBias84EncoderExactlyAtTheNegativeDecisionThresholds() {
        java.util.Set<Integer> expected = new java.util.TreeSet<>();
        for (int e = 0; e < 8; e++) {
            for (int k = 0; k < 16; k++) {
                int threshold = (1 << (e + 7)) + k * (1 << (e + 3));
                if (threshold > 128) {
                    expected.add(132 - threshold);
                }
            }
        }
        assertThat(expected).hasSize(127);

        java.util.Set<Integer> differing = new java.util.TreeSet<>();
        for (int i = 0; i < ALL; i++) {
            short x = (short) (i - 32768);
            int ours = MuLaw.encode(x) & 0xFF;
            int popular = bias84Encode(x);
            if (ours != popular) {
                differing.add((int) x);
                assertThat(ours).as("G.191 code at x = %d: the cell below the popular encoder's", x)
                        .isEqualTo(popular + 1);
                assertThat(ours).as("G.191 reference at x = %d", x).isEqualTo(G191Reference.ulawCompress(x));
            }
        }
        assertThat(differing).isEqualTo(expected);
    }

    /**
     * The widespread encoder with {@code BIAS 0x84} and {@code CLIP 32635}; its 256-entry exponent table is
     * written here as the highest set bit of {@code (sample >> 7) & 0xFF}, which is what the table holds.
     */
    private static int bias84Encode(short input) {
        int sample = input;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        if (sample > 32635) {
            sample = 32635;
        }
        sample += 0x84;
        int exponent = 31 - Integer.numberOfLeadingZeros(Math.max(1, (sample >> 7) & 0xFF));
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return ~(sign | (exponent << 4) | mantissa) & 0xFF;
    }

    @Test
    void floatInputIsScaledRoundedClippedAndNaNIsSilence() {
        float[] in = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 2.5f, -7f,
            0.5f / 32768f, 1.5f / 32768f, -0.5f / 32768f, 1e-30f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE};
        short[] expected16 = {0, 32767, -32768, 32767, -32768, 32767, -32768, 0, 2, 0, 0, 0, 32767, -32768};
        for (int i = 0; i < in.length; i++) {
            assertThat(Pcm16.fromFloat(in[i])).as("Pcm16.fromFloat(%s)", in[i]).isEqualTo(expected16[i]);
        }
        // Long enough that the vector kernels see these values in full vectors, not only in the scalar tail.
        int n = in.length * 8;
        float[] repeated = new float[n];
        for (int i = 0; i < n; i++) {
            repeated[i] = in[i % in.length];
        }
        byte[] mu = new byte[n];
        byte[] a = new byte[n];
        MuLaw.encode(repeated, 0, mu, 0, n);
        ALaw.encode(repeated, 0, a, 0, n);
        for (int i = 0; i < n; i++) {
            short x = expected16[i % in.length];
            assertThat(mu[i]).as("mu-law of %s", repeated[i]).isEqualTo(MuLaw.encode(x));
            assertThat(a[i]).as("A-law of %s", repeated[i]).isEqualTo(ALaw.encode(x));
        }
        assertThat(mu[0]).as("NaN").isEqualTo(MuLaw.SILENCE);
        assertThat(a[0]).as("NaN").isEqualTo(ALaw.SILENCE);
    }
}
