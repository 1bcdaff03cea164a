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
        float[] c = new float[taps];
        for (int k = 0; k < taps; k++) {
            c[k] = (float) random.nextGaussian();
        }
        float[] x = new float[xOff + Math.max(0, count - 1) * stride + taps + 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
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
}
