package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import io.github.voxbridge.dsp.EdgeValues;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resampling kernels this JVM chose must agree with the scalar kernels, and both with the exact dot product,
 * for every tap count the filter banks use (multiples of 16 up to 1024), every offset from 0 to 40 into both
 * arrays and random data, float and double coefficients. They sum in different orders, so agreement is stated
 * relative to {@code sum |x c|}: 1e-6 for float (about 17 float ulps; random data stays near 1e-7) and 1e-12 for
 * the double-accumulating variant. In the vector run this compares the Vector API kernels with the scalar ones.
 */
class ResampleKernelAgreementTest {

    private static final ResampleKernels CHOSEN = VectorizationProvider.getInstance().resample();
    private static final ResampleKernels SCALAR = ScalarResampleKernels.INSTANCE;

    private static final double FLOAT_RELATIVE = 1e-6;
    private static final double DOUBLE_RELATIVE = 1e-12;

    @Test
    void theResampleKernelsAreThoseOfTheChosenProvider() {
        VectorizationProvider provider = VectorizationProvider.getInstance();
        if (provider.name().equals("panama")) {
            assertThat(CHOSEN.getClass().getSimpleName()).isEqualTo("PanamaResampleKernels");
        } else {
            assertThat(CHOSEN).isSameAs(SCALAR);
        }
    }

    @Test
    void everyMultipleOf16UpTo1024AtOffsets0To40() {
        Random random = new Random(44_101);
        for (int taps = 16; taps <= 1_024; taps += 16) {
            for (int xOff = 0; xOff <= 40; xOff++) {
                int cOff = (xOff * 17 + taps) % 41;
                assertAgreement(random, taps, xOff, cOff, 1, "");
            }
        }
    }

    /** One dot product: {@code taps} (a multiple of 16), the two offsets, the spread in decades and the data seed. */
    record DotCase(int taps, int xOff, int cOff, int decades, long seed) {
        @Override
        public String toString() {
            return taps + " taps, xOff " + xOff + ", cOff " + cOff + ", spread 1e" + decades + ", data seed " + seed;
        }
    }

    /**
     * Tap counts at and between the lane multiples (16 .. 1024) at edge offsets and both ends of the spread, then
     * 300 drawn cases (taps 16..1024 in 16s, offsets 0..40, 0..6 decades).
     */
    static Stream<DotCase> dots() {
        SplittableRandom random = new SplittableRandom(16_1024L);
        Stream.Builder<DotCase> cases = Stream.builder();
        for (int taps : new int[] {16, 32, 48, 64, 512, 1024}) {
            for (int[] offsets : new int[][] {{0, 0}, {1, 0}, {0, 1}, {7, 9}, {15, 16}, {40, 40}}) {
                for (int decades : new int[] {0, 6}) {
                    cases.add(new DotCase(taps, offsets[0], offsets[1], decades, random.nextLong()));
                }
            }
        }
        for (int i = 0; i < 300; i++) {
            cases.add(new DotCase(16 * (1 + random.nextInt(64)), random.nextInt(41), random.nextInt(41),
                    random.nextInt(7), random.nextLong()));
        }
        return cases.build();
    }

    /** Data spread over up to six decades so that cancellation is common. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dots")
    void generatedTapsOffsetsAndScales(DotCase dot) {
        assertAgreement(new Random(dot.seed()), dot.taps(), dot.xOff(), dot.cOff(), Math.pow(10, dot.decades()),
                ", data seed " + dot.seed());
    }

    /**
     * The chosen {@code dot} has exactly the bits of its documented order of operations, computed here lane by lane
     * in plain Java: for the Vector API kernels, FMA chains in two accumulators of {@code lanes} lanes, then the
     * pairwise fold (lane i += lane i + s, s = lanes / 2 .. 1); for the scalar kernels, four FMA chains (taps
     * k mod 4) summed as {@code (s0 + s1) + (s2 + s3)}. Plain Java has one result in every JIT tier, so this holds
     * the vector kernel to one result too (its horizontal sum once used {@code reduceLanes}, whose order the JIT is
     * free to change).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dots")
    void dotHasTheBitsOfItsDocumentedOrder(DotCase dot) {
        Random random = new Random(dot.seed());
        int taps = dot.taps();
        float[] x = new float[dot.xOff() + taps];
        float[] c = new float[dot.cOff() + taps];
        double[] cd = new double[c.length];
        double spread = Math.pow(10, dot.decades());
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * Math.pow(spread, random.nextDouble() - 0.5));
        }
        for (int i = 0; i < c.length; i++) {
            cd[i] = random.nextGaussian() / taps;
            c[i] = (float) cd[i];
        }
        VectorizationProvider provider = VectorizationProvider.getInstance();
        float expected;
        double expectedDouble;
        if (provider.name().equals("panama")) {
            int lanes = PanamaVectorizationProvider.preferredFloatLanes();
            expected = laneOrder(x, dot.xOff(), c, dot.cOff(), taps, lanes);
            // Double vectors have the same width: half as many lanes.
            expectedDouble = laneOrder(x, dot.xOff(), cd, dot.cOff(), taps, lanes / 2);
        } else {
            expected = scalarOrder(x, dot.xOff(), c, dot.cOff(), taps);
            expectedDouble = scalarOrder(x, dot.xOff(), cd, dot.cOff(), taps);
        }
        assertThat(Float.floatToRawIntBits(CHOSEN.dot(x, dot.xOff(), c, dot.cOff(), taps))).as("float dot, %s", dot)
                .isEqualTo(Float.floatToRawIntBits(expected));
        assertThat(Double.doubleToRawLongBits(CHOSEN.dot(x, dot.xOff(), cd, dot.cOff(), taps)))
                .as("double dot, %s", dot).isEqualTo(Double.doubleToRawLongBits(expectedDouble));
    }

    /** The vector kernel's float order, lane by lane; every step rounds to float as the vector lanes do. */
    private static float laneOrder(float[] x, int xOff, float[] c, int cOff, int taps, int lanes) {
        float[] a0 = new float[lanes];
        float[] a1 = new float[lanes];
        int k = 0;
        for (int bound = taps - 2 * lanes; k <= bound; k += 2 * lanes) {
            for (int j = 0; j < lanes; j++) {
                a0[j] = Math.fma(x[xOff + k + j], c[cOff + k + j], a0[j]);
                a1[j] = Math.fma(x[xOff + k + lanes + j], c[cOff + k + lanes + j], a1[j]);
            }
        }
        for (; k < taps; k += lanes) {
            for (int j = 0; j < lanes; j++) {
                a0[j] = Math.fma(x[xOff + k + j], c[cOff + k + j], a0[j]);
            }
        }
        float[] v = new float[lanes];
        for (int j = 0; j < lanes; j++) {
            v[j] = a0[j] + a1[j];
        }
        for (int s = lanes / 2; s > 0; s /= 2) {
            float[] folded = new float[lanes];
            for (int i = 0; i < lanes; i++) {
                folded[i] = v[i] + v[(i + s) % lanes];
            }
            v = folded;
        }
        return v[0];
    }

    /** The vector kernel's double-coefficient order: inputs widened exactly, FMA and sums in double. */
    private static double laneOrder(float[] x, int xOff, double[] c, int cOff, int taps, int lanes) {
        double[] a0 = new double[lanes];
        double[] a1 = new double[lanes];
        int k = 0;
        for (int bound = taps - 2 * lanes; k <= bound; k += 2 * lanes) {
            for (int j = 0; j < lanes; j++) {
                a0[j] = Math.fma(x[xOff + k + j], c[cOff + k + j], a0[j]);
                a1[j] = Math.fma(x[xOff + k + lanes + j], c[cOff + k + lanes + j], a1[j]);
            }
        }
        for (; k < taps; k += lanes) {
            for (int j = 0; j < lanes; j++) {
                a0[j] = Math.fma(x[xOff + k + j], c[cOff + k + j], a0[j]);
            }
        }
        double[] v = new double[lanes];
        for (int j = 0; j < lanes; j++) {
            v[j] = a0[j] + a1[j];
        }
        for (int s = lanes / 2; s > 0; s /= 2) {
            double[] folded = new double[lanes];
            for (int i = 0; i < lanes; i++) {
                folded[i] = v[i] + v[(i + s) % lanes];
            }
            v = folded;
        }
        return v[0];
    }

    /** The scalar kernel's order: four FMA chains over taps k = 0, 1, 2, 3 (mod 4), summed in pairs. */
    private static float scalarOrder(float[] x, int xOff, float[] c, int cOff, int taps) {
        float[] s = new float[4];
        for (int k = 0; k < taps; k++) {
            s[k % 4] = Math.fma(x[xOff + k], c[cOff + k], s[k % 4]);
        }
        return (s[0] + s[1]) + (s[2] + s[3]);
    }

    /** The scalar kernel's double-coefficient order: the same four chains in double. */
    private static double scalarOrder(float[] x, int xOff, double[] c, int cOff, int taps) {
        double[] s = new double[4];
        for (int k = 0; k < taps; k++) {
            s[k % 4] = Math.fma(x[xOff + k], c[cOff + k], s[k % 4]);
        }
        return (s[0] + s[1]) + (s[2] + s[3]);
    }

    /**
     * A group of {@code count} outputs: taps, count, and the seed of the data, the window starts and the rows;
     * with {@code special} the input also carries {@link EdgeValues#SPECIAL_FLOATS} (NaN, infinities,
     * subnormals), which must come out of {@code dots} exactly as out of {@code dot}.
     */
    record GroupCase(int taps, int count, boolean special, long seed) {
        @Override
        public String toString() {
            return taps + " taps, " + count + " outputs" + (special ? ", special values" : "") + ", data seed "
                    + seed;
        }
    }

    /**
     * Every group size 0..23 at 16, 32, 48, 64 and 640 taps (each width of the transposing tree, and the general
     * path), with and without special values, then 200 drawn cases.
     */
    static Stream<GroupCase> groups() {
        SplittableRandom random = new SplittableRandom(4_023L);
        Stream.Builder<GroupCase> cases = Stream.builder();
        for (int taps : new int[] {16, 32, 48, 64, 640}) {
            for (int count = 0; count <= 23; count++) {
                cases.add(new GroupCase(taps, count, count % 3 == 0, random.nextLong()));
            }
        }
        for (int i = 0; i < 200; i++) {
            // Half of them short rows (16 to 64 taps) in groups of up to 40 outputs: the kernel takes 16 (or 8) of
            // those at a time through its transposing tree (one to four vectors of taps), the rest as below.
            boolean shortRows = i % 2 == 0;
            int taps = 16 * (1 + random.nextInt(shortRows ? 4 : 40));
            cases.add(new GroupCase(taps, random.nextInt(shortRows ? 41 : 24), random.nextInt(4) == 0,
                    random.nextLong()));
        }
        return cases.build();
    }

    /**
     * {@code dots} is {@code dot} for each output, to the bit, whatever the group size (the kernel takes short rows
     * 16 or 8 outputs at a time through its transposing tree, interleaves four outputs, and finishes the rest one by
     * one): a resampler's stream must not depend on how its outputs fall into groups. NaNs are compared as NaN (any
     * payload), everything else bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void groupedDotsAreTheDotsBitForBit(GroupCase group) {
        Random random = new Random(group.seed());
        int taps = group.taps();
        int count = group.count();
        float[] x = new float[taps + 300];
        for (int i = 0; i < x.length; i++) {
            x[i] = group.special() && random.nextInt(16) == 0
                    ? EdgeValues.SPECIAL_FLOATS[random.nextInt(EdgeValues.SPECIAL_FLOATS.length)]
                    : (float) random.nextGaussian();
        }
        // The schedule is read from index `from` on, and its starts are relative to xOff; the rows follow each
        // other from cOff on (the schedule-ordered table).
        int from = random.nextInt(5);
        int xOff = random.nextInt(8);
        int[] starts = new int[from + count];
        for (int i = 0; i < from + count; i++) {
            starts[i] = random.nextInt(300 - 8);
        }
        float[] c = new float[taps * count + 40];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) random.nextGaussian();
        }
        int cOff = random.nextInt(c.length - taps * count + 1);
        for (ResampleKernels kernels : new ResampleKernels[] {CHOSEN, SCALAR}) {
            float[] out = new float[count + 2];
            Arrays.fill(out, 777f);
            kernels.dots(x, xOff, starts, from, c, cOff, taps, out, 1, count);
            assertThat(out[0]).isEqualTo(777f);
            assertThat(out[count + 1]).isEqualTo(777f);
            for (int i = 0; i < count; i++) {
                float expected = kernels.dot(x, xOff + starts[from + i], c, cOff + i * taps, taps);
                assertThat(Float.floatToIntBits(out[1 + i]))
                        .as("%s output %d of %s", kernels.getClass().getSimpleName(), i, group)
                        .isEqualTo(Float.floatToIntBits(expected));
            }
        }
    }

    /**
     * {@code interleave} puts element a of row r at output {@code r + a * rows}, bit for bit (NaN payloads, -0.0 and
     * subnormals included: it only moves data), for 1 to 7 rows (the upsamplers' L: 2 for 8 -> 16 kHz, the vector
     * path, 3 and 6 for 24 and 48 kHz), every count from 0 to 200 (whole vector pairs and every tail) and row strides
     * at and above the count's share, at output offsets 0 to 2; nothing outside the outputs is written.
     */
    @Test
    void interleavePutsEachRowsElementsAtTheirOutputs() {
        SplittableRandom random = new SplittableRandom(8_016L);
        for (int rows = 1; rows <= 7; rows++) {
            for (int count = 0; count <= 200; count++) {
                int share = (count + rows - 1) / rows;
                int rowStride = share + random.nextInt(3);
                int outOff = count % 3;
                float[] in = new float[rows * rowStride + 1];
                for (int i = 0; i < in.length; i++) {
                    in[i] = i % 11 == 5 ? Float.intBitsToFloat(0x7fc0_0000 | i) // a NaN with a payload
                            : i % 13 == 7 ? -0.0f : i % 17 == 3 ? Float.MIN_VALUE * i : (float) random.nextGaussian();
                }
                float[] out = new float[outOff + count + 40];
                Arrays.fill(out, 7.5f);
                CHOSEN.interleave(in, rowStride, rows, out, outOff, count);
                for (int j = 0; j < count; j++) {
                    assertThat(Float.floatToRawIntBits(out[outOff + j]))
                            .as("%d rows, count %d, stride %d: output %d", rows, count, rowStride, j)
                            .isEqualTo(Float.floatToRawIntBits(in[(j % rows) * rowStride + j / rows]));
                }
                for (int k = 0; k < out.length; k++) {
                    if (k < outOff || k >= outOff + count) {
                        assertThat(out[k]).as("%d rows, count %d: untouched %d", rows, count, k).isEqualTo(7.5f);
                    }
                }
            }
        }
    }

    /** Exact zeros in, exact zero out, in both kernels (silence must stay silence). */
    @Test
    void zeroSamplesGiveZero() {
        float[] x = new float[1_100];
        float[] c = new float[1_100];
        double[] cd = new double[1_100];
        Arrays.fill(c, -0.37f);
        Arrays.fill(cd, -0.37);
        for (int taps = 16; taps <= 1_024; taps += 16) {
            assertThat(Float.floatToRawIntBits(CHOSEN.dot(x, 3, c, 5, taps))).isZero();
            assertThat(Double.doubleToRawLongBits(CHOSEN.dot(x, 3, cd, 5, taps))).isZero();
        }
    }

    private static void assertAgreement(Random random, int taps, int xOff, int cOff, double spread, String seed) {
        float[] x = new float[xOff + taps + 7];
        float[] c = new float[cOff + taps + 7];
        double[] cd = new double[c.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * Math.pow(spread, random.nextDouble() - 0.5));
        }
        for (int i = 0; i < c.length; i++) {
            cd[i] = random.nextGaussian() * Math.pow(spread, random.nextDouble() - 0.5) / taps;
            c[i] = (float) cd[i];
        }
        double exactFloat = 0;
        double exactDouble = 0;
        double magnitudeFloat = 0;
        double magnitudeDouble = 0;
        for (int k = 0; k < taps; k++) {
            // A float times a float is exact in double; the double products are within 2^-53 each.
            exactFloat += (double) x[xOff + k] * c[cOff + k];
            magnitudeFloat += Math.abs((double) x[xOff + k] * c[cOff + k]);
            exactDouble += x[xOff + k] * cd[cOff + k];
            magnitudeDouble += Math.abs(x[xOff + k] * cd[cOff + k]);
        }
        String where = taps + " taps, xOff " + xOff + ", cOff " + cOff + ", spread " + spread + seed;

        float chosen = CHOSEN.dot(x, xOff, c, cOff, taps);
        float scalar = SCALAR.dot(x, xOff, c, cOff, taps);
        assertThat((double) chosen).as("float, chosen vs scalar, " + where)
                .isCloseTo(scalar, within(FLOAT_RELATIVE * magnitudeFloat));
        assertThat((double) scalar).as("float, scalar vs exact, " + where)
                .isCloseTo(exactFloat, within(FLOAT_RELATIVE * magnitudeFloat));

        double chosenDouble = CHOSEN.dot(x, xOff, cd, cOff, taps);
        double scalarDouble = SCALAR.dot(x, xOff, cd, cOff, taps);
        assertThat(chosenDouble).as("double, chosen vs scalar, " + where)
                .isCloseTo(scalarDouble, within(DOUBLE_RELATIVE * magnitudeDouble));
        assertThat(scalarDouble).as("double, scalar vs exact, " + where)
                .isCloseTo(exactDouble, within(DOUBLE_RELATIVE * magnitudeDouble));
    }
}
