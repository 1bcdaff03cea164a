package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The decimation kernel this JVM chose against the definition {@code sum_k c[k] x[off + j M + k]}, computed in double
 * here: strides up to 12 (the vector kernel splits the input with permutes up to 8, with a copy above), rows of
 * any length (not symmetric: polyphase rows of L > 1 are not), any count (partial blocks, where lanes past the
 * count must not be stored) and offset.
 */
class DecimateKernelAgreementTest {

    private static final ResampleKernels CHOSEN = VectorizationProvider.getInstance().resample();

    @Property(tries = 300)
    void matchesTheDefinition(@ForAll @IntRange(min = 1, max = 12) int stride,
                              @ForAll @IntRange(min = 1, max = 400) int taps,
                              @ForAll @IntRange(min = 0, max = 250) int count,
                              @ForAll @IntRange(min = 0, max = 40) int xOff,
                              @ForAll long seed) {
        Random random = new Random(seed);
        float[] c = new float[taps];
        for (int k = 0; k < taps; k++) {
            c[k] = (float) random.nextGaussian();
        }
        float[] x = new float[xOff + Math.max(0, count - 1) * stride + taps + 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = new float[count + 3];
        java.util.Arrays.fill(out, 12345f);
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
            assertThat((double) out[1 + j]).as("output %d of %d, stride %d, taps %d", j, count, stride, taps)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-6 * magnitude + 1e-30));
        }
    }
}
