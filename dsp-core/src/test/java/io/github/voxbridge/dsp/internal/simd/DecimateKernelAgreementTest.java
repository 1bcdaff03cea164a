package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.EdgeValues;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decimation kernel this JVM chose against the definition {@code sum_k c[k] x[off + j M + k]}, computed in double
 * here: strides up to 12 (the vector kernel splits the input with permutes up to 8, with a copy above), rows of
 * any length (not symmetric: polyphase rows of L > 1 are not), any count (partial blocks, where lanes past the
 * count must not be stored) and offset.
 */
class DecimateKernelAgreementTest {

    private static final ResampleKernels CHOSEN = VectorizationProvider.getInstance().resample();

    /** One kernel call: stride M, row length, output count, input offset, and the seed of the row and input. */
    record DecimateCase(int stride, int taps, int count, int xOff, long seed) {
        @Override
        public String toString() {
            return "stride " + stride + ", " + taps + " taps, " + count + " outputs, xOff " + xOff + ", data seed "
                    + seed;
        }
    }

    /**
     * Every stride 1..12 with every output count around the lane multiples (0..3, 7..9, 15..17, ... 250: partial
     * blocks), row lengths cycling through 1, 16, 17, 65 and 400 taps and offsets through 0, 1 and 40; then 300
     * drawn cases: stride 1..12, 1..400 taps, 0..250 outputs, offset 0..40.
     */
    static Stream<DecimateCase> cases() {
        SplittableRandom random = new SplittableRandom(12_400_250L);
        Stream.Builder<DecimateCase> cases = Stream.builder();
        int[] rowLengths = {1, 16, 17, 65, 400};
        int[] offsets = {0, 1, 40};
        int edge = 0;
        for (int stride = 1; stride <= 12; stride++) {
            for (int count : EdgeValues.lengthsAroundLanes(250)) {
                cases.add(new DecimateCase(stride, rowLengths[edge % rowLengths.length], count,
                        offsets[edge % offsets.length], random.nextLong()));
                edge++;
            }
        }
        for (int i = 0; i < 300; i++) {
            cases.add(new DecimateCase(1 + random.nextInt(12), 1 + random.nextInt(400), random.nextInt(251),
                    random.nextInt(41), random.nextLong()));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheDefinition(DecimateCase decimate) {
        Random random = new Random(decimate.seed());
        int stride = decimate.stride();
        int taps = decimate.taps();
        int count = decimate.count();
        int xOff = decimate.xOff();
        float[] c = gaussian(random, taps);
        float[] x = gaussian(random, xOff + Math.max(0, count - 1) * stride + taps + 7);
        float[] out = new float[count + 3];
        Arrays.fill(out, 12345f);
        float[] scratch = new float[CHOSEN.decimateScratch(taps, stride, count)];
        CHOSEN.decimate(x, xOff, stride, c, taps, out, 1, count, scratch);
        assertThat(out[0]).as("untouched before the range").isEqualTo(12345f);
        assertThat(out[count + 1]).as("untouched after the range").isEqualTo(12345f);
        for (int j = 0; j < count; j++) {
            double exact = 0;
            double magnitude = 0;
            for (int k = 0; k < taps; k++) {
                double p = (double) c[k] * x[xOff + j * stride + k];
                exact += p;
                magnitude += Math.abs(p);
            }
            assertThat((double) out[1 + j]).as("output %d of %s", j, decimate)
                    .isCloseTo(exact, Offset.offset(1e-6 * magnitude + 1e-30));
        }
    }

    /**
     * Rows whose columns (taps of one stream LANES apart) hold one to eight taps: telephony and hq banks and their
     * neighbours at 16 and 8 lanes, strides 1 to 4, so every grouping of a column's taps the kernel has (and both
     * sizes of its output blocks) is met.
     */
    static Stream<DecimateCase> batchCases() {
        SplittableRandom random = new SplittableRandom(20_261_204L);
        Stream.Builder<DecimateCase> cases = Stream.builder();
        int[][] strideAndTaps = {{1, 42}, {1, 91}, {2, 79}, {2, 130}, {2, 167}, {2, 200}, {3, 117}, {3, 190},
                                 {3, 251}, {3, 290}, {4, 157}, {4, 335}, {1, 128}, {2, 256}};
        for (int[] st : strideAndTaps) {
            cases.add(new DecimateCase(st[0], st[1], 250, random.nextInt(41), random.nextLong()));
        }
        return cases.build();
    }

    /**
     * Each output's bits do not depend on the batch it is computed in (its count and its place in it): the whole
     * stream of 250 outputs against the same outputs computed in batches of 1 to 200 from other starts. A resampler
     * calls the kernel with whatever count its input allows, so this is what keeps its output the same however the
     * input is chunked.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("batchCases")
    void anOutputHasTheSameBitsInEveryBatch(DecimateCase decimate) {
        int stride = decimate.stride();
        int taps = decimate.taps();
        int count = decimate.count();
        int xOff = decimate.xOff();
        Random random = new Random(decimate.seed());
        float[] c = gaussian(random, taps);
        float[] x = gaussian(random, xOff + (count - 1) * stride + taps);
        float[] whole = new float[count];
        CHOSEN.decimate(x, xOff, stride, c, taps, whole, 0, count, new float[CHOSEN.decimateScratch(taps, stride,
                count)]);
        float[] scratch = new float[CHOSEN.decimateScratch(taps, stride, count)];
        // Batches of one, of partial and whole blocks of five and ten vectors (16 lanes), from various starts.
        int[][] splits = {{1, 7, 16, 17, 79, 80, 50}, {3, 160, 87}, {90, 160}, {161, 89}};
        for (int[] batches : splits) {
            int start = 0;
            for (int n : batches) {
                float[] part = new float[n];
                CHOSEN.decimate(x, xOff + start * stride, stride, c, taps, part, 0, n, scratch);
                for (int j = 0; j < n; j++) {
                    assertThat(Float.floatToRawIntBits(part[j]))
                            .as("output %d of %s, computed in a batch of %d from %d", start + j, decimate, n, start)
                            .isEqualTo(Float.floatToRawIntBits(whole[start + j]));
                }
                start += n;
            }
            assertThat(start).isEqualTo(count);
        }
    }

    /**
     * Every stride 1..12 with output counts around the lane multiples, row lengths 1, 16, 17, 65, 117, 167 and 400,
     * window starts 0, 1, 2 and 40; then the banks' own rows (16, 24, 32 kHz to 8 kHz).
     */
    static Stream<DecimateCase> splitCases() {
        SplittableRandom random = new SplittableRandom(4_812_036L);
        Stream.Builder<DecimateCase> cases = Stream.builder();
        int[] rowLengths = {1, 16, 17, 65, 117, 167, 400};
        int[] firsts = {0, 1, 2, 40};
        int edge = 0;
        for (int stride = 1; stride <= 12; stride++) {
            for (int count : EdgeValues.lengthsAroundLanes(250)) {
                cases.add(new DecimateCase(stride, rowLengths[edge % rowLengths.length], count,
                        firsts[edge % firsts.length], random.nextLong()));
                edge++;
            }
        }
        int[][] banks = {{2, 79}, {2, 167}, {3, 117}, {3, 251}, {4, 157}, {4, 335}};
        for (int[] bank : banks) {
            cases.add(new DecimateCase(bank[0], bank[1], 160, random.nextInt(41), random.nextLong()));
            cases.add(new DecimateCase(bank[0], bank[1], 1366, random.nextInt(41), random.nextLong()));
        }
        return cases.build();
    }

    /**
     * A history dealt into streams in pieces of 0 to 100 samples ({@code deal}), then decimated from the streams
     * ({@code decimateSplit}): bit for bit what {@code decimate} gives on the same samples in one array, for the
     * kernels this JVM chose and for the scalar ones. The streams' slack is NaN, so a lane read past the history
     * and stored would show; nothing outside the output range is written.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("splitCases")
    void decimatingDealtStreamsGivesTheBitsOfTheContiguousHistory(DecimateCase decimate) {
        int stride = decimate.stride();
        int taps = decimate.taps();
        int count = decimate.count();
        int first = decimate.xOff();
        Random random = new Random(decimate.seed());
        float[] c = gaussian(random, taps);
        float[] x = gaussian(random, first + Math.max(0, count - 1) * stride + taps);
        for (ResampleKernels kernels : new ResampleKernels[] {CHOSEN, ScalarResampleKernels.INSTANCE}) {
            float[] expected = new float[count];
            kernels.decimate(x, first, stride, c, taps, expected, 0, count,
                    new float[kernels.decimateScratch(taps, stride, count)]);
            int perStream = (x.length + stride - 1) / stride + ResampleKernels.STREAM_SLACK;
            float[] streams = new float[stride * perStream];
            Arrays.fill(streams, Float.NaN);
            // The input array longer than the piece, with samples that are not the piece's on both sides.
            float[] piece = new float[160];
            for (int at = 0; at < x.length; ) {
                int n = Math.min(random.nextInt(101), x.length - at);
                int off = random.nextInt(piece.length - n + 1);
                Arrays.fill(piece, 1e30f);
                System.arraycopy(x, at, piece, off, n);
                kernels.deal(piece, off, n, stride, streams, perStream, at);
                at += n;
            }
            float[] out = new float[count + 2];
            Arrays.fill(out, 12345f);
            kernels.decimateSplit(streams, perStream, stride, first, c, taps, out, 1, count,
                    new float[kernels.decimateSplitScratch(taps, stride, count)]);
            assertThat(out[0]).as("untouched before the range").isEqualTo(12345f);
            assertThat(out[count + 1]).as("untouched after the range").isEqualTo(12345f);
            for (int j = 0; j < count; j++) {
                assertThat(Float.floatToRawIntBits(out[1 + j]))
                        .as("output %d of %s, %s", j, decimate, kernels.getClass().getSimpleName())
                        .isEqualTo(Float.floatToRawIntBits(expected[j]));
            }
        }
    }

    /** {@code n} draws of a standard normal, as floats: a row of taps or a signal. */
    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
