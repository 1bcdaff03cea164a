package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole streams against the definition, computed here in double without any streaming state: output k sits at
 * time {@code t = k M + D} in 1/L input samples, where D is the prototype's delay ({@code prototypeDelay}; in
 * interpolated mode rounded to the 1/L grid, as the class documents). With {@code n = t / L} and phase
 * {@code p = t mod L}, {@code y[k] = sum_j x[n - j] row_p[taps - 1 - j]}, x being 0 before the stream and after it
 * (the flush). In interpolated mode the row position is {@code p * phases / L} and y is the linear interpolation of
 * the two rows around it. This checks the history buffer, its compaction, the phase clock and the delay alignment
 * against a formula with none of them.
 *
 * <p>Tolerance: the float error bound of {@link ResamplerSignalPropertiesTest}, {@code (taps / 4 + 8) 2^-24} times
 * {@code sum |x c|} (over both rows in interpolated mode); {@code 2 * 2^-24} of it for the double presets.
 */
class ResamplerReferenceTest {

    /**
     * Exact mode with small and large L, the interpolated bank (L = 44,101), the extremes of the rate range, and the
     * widened pairs ({@link RatePair#WIDENED}): four of them batched with a stride M above 8.
     */
    private static final List<RatePair> PAIRS = Stream.concat(Stream.of(
            new RatePair(22_050, 8_000),
            new RatePair(8_000, 16_000),
            new RatePair(24_000, 16_000),
            new RatePair(16_000, 24_000),
            new RatePair(48_000, 8_000),
            new RatePair(48_000, 44_101),
            new RatePair(1_000, 384_000),
            new RatePair(383_999, 384_000)), RatePair.WIDENED.stream()).toList();

    /** One whole stream: the pair, the preset, and the seed of its noise and of its random splitting. */
    record StreamCase(RatePair pair, ResamplerQuality quality, long seed) {
        @Override
        public String toString() {
            return pair + " " + quality + ", seed " + seed;
        }
    }

    static Stream<StreamCase> streams() {
        SplittableRandom random = new SplittableRandom(1974);
        Stream.Builder<StreamCase> cases = Stream.builder();
        for (RatePair pair : PAIRS) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                cases.add(new StreamCase(pair, quality, random.nextLong()));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void wholeStreamsMatchTheDefinition(StreamCase stream) {
        RatePair pair = stream.pair();
        SplittableRandom random = new SplittableRandom(stream.seed());
        int length = pair.input() == 1_000 ? 300 : 12_000;
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (0.5 * Math.sin(0.05 * i) + 0.3 * random.nextGaussian());
        }
        float[] out = StreamFeed.of(x).processAndFlush(pair.create(stream.quality()),
                StreamFeed.randomPieces(length, random));
        assertThat((long) out.length).as("%s: output samples", stream).isEqualTo(pair.outputSamplesForStream(length));
        assertMatchesDefinition(stream, x, out);
    }

    /** The batched pairs with M > 8 above really take the batch path in every float preset: this test covers it. */
    @Test
    void theWidenedPairsWithAStrideAbove8AreBatched() {
        for (RatePair pair : RatePair.WIDENED.subList(0, 4)) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                FilterBank bank = pair.bank(quality);
                assertThat(bank.down).as("%s M", pair).isGreaterThan(8);
                assertThat(pair.batched(quality)).as("%s %s batched", pair, quality)
                        .isEqualTo(!quality.doublePrecision());
            }
        }
    }

    private static void assertMatchesDefinition(StreamCase stream, float[] x, float[] out) {
        RatePair pair = stream.pair();
        ResamplerQuality quality = stream.quality();
        FilterBank bank = pair.bank(quality);
        long up = bank.up;
        long delay = bank.interpolated
                ? Math.round((double) bank.prototypeDelay * up / bank.phases)
                : bank.prototypeDelay;
        double errorPerUnit = (quality.doublePrecision() ? 2 : bank.taps / 4.0 + 8) * Math.ulp(1f) / 2;
        for (int k = 0; k < out.length; k++) {
            long t = k * (long) bank.down + delay;
            long n = t / up;
            int p = (int) (t % up);
            double expected;
            double magnitude;
            if (!bank.interpolated) {
                expected = dot(bank, x, n, p);
                magnitude = magnitude(bank, x, n, p);
            } else {
                long position = p * (long) bank.phases;
                int row = (int) (position / up);
                double fraction = (double) (position % up) / up;
                expected = (1 - fraction) * dot(bank, x, n, row) + fraction * dot(bank, x, n, row + 1);
                magnitude = magnitude(bank, x, n, row) + magnitude(bank, x, n, row + 1);
            }
            assertThat((double) out[k]).as("%s, output %d", stream, k)
                    .isCloseTo(expected, within(errorPerUnit * magnitude + 1e-30));
        }
    }

    private static double coefficient(FilterBank bank, int row, int j) {
        int i = row * bank.taps + bank.taps - 1 - j;
        return bank.coefficients != null ? bank.coefficients[i] : bank.coefficientsDouble[i];
    }

    private static double sample(float[] x, long i) {
        return i >= 0 && i < x.length ? x[(int) i] : 0;
    }

    private static double dot(FilterBank bank, float[] x, long n, int row) {
        double sum = 0;
        for (int j = 0; j < bank.taps; j++) {
            sum += sample(x, n - j) * coefficient(bank, row, j);
        }
        return sum;
    }

    private static double magnitude(FilterBank bank, float[] x, long n, int row) {
        double sum = 0;
        for (int j = 0; j < bank.taps; j++) {
            sum += Math.abs(sample(x, n - j) * coefficient(bank, row, j));
        }
        return sum;
    }
}
