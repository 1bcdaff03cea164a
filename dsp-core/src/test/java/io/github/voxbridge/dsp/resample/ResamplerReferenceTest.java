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
 * against a formula with none of them. A pair resampled in two stages (22.05 kHz to 8 kHz: to 16 kHz, then halved)
 * is the definition applied twice, the front stage's over the input continued with silence, the final stage's over
 * the front stage's output.
 *
 * <p>Tolerance: the float error bound of {@link ResamplerSignalPropertiesTest}, {@code (taps / 4 + 8) 2^-24} times
 * {@code sum |x c|} (over both rows in interpolated mode); {@code 2 * 2^-24} of it for the double presets. Through
 * two stages, the final stage's bound plus the front stage's bounds times its {@code |c|}.
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

    /**
     * The batched pairs with M > 8 above (72 and 36 kHz to 8 kHz, 88 to 64 kHz) really take the batch path in one
     * stage in every float preset: this test covers it. (96 kHz to 8 kHz, 1/12, now runs in two stages, by 6 and
     * by 2.)
     */
    @Test
    void theWidenedPairsWithAStrideAbove8AreBatched() {
        for (RatePair pair : RatePair.WIDENED.subList(1, 4)) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                assertThat(pair.create(quality).stageBanks()).as("%s %s stages", pair, quality).hasSize(1);
                FilterBank bank = pair.bank(quality);
                assertThat(bank.down).as("%s M", pair).isGreaterThan(8);
                assertThat(pair.batched(quality)).as("%s %s batched", pair, quality)
                        .isEqualTo(!quality.doublePrecision());
            }
        }
    }

    private static void assertMatchesDefinition(StreamCase stream, float[] x, float[] out) {
        FilterBank[] banks = stream.pair().create(stream.quality()).stageBanks();
        double[] input = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            input[i] = x[i];
        }
        Stage stage = new Stage(input, new double[x.length]);
        if (banks.length == 2) {
            // Two stages (a chain): the front stage's definition over as many intermediate samples as the final
            // stage's last window reaches (the input continued with silence, as a flush does), then the final
            // stage's over those, with the front stage's error bounds carried through the final stage's taps.
            FilterBank last = banks[1];
            long lastWindow = ((long) Math.max(0, out.length - 1) * last.down + delayOf(last)) / last.up;
            stage = stage.through(banks[0], (int) lastWindow + 1);
        }
        stage = stage.through(banks[banks.length - 1], out.length);
        for (int k = 0; k < out.length; k++) {
            assertThat((double) out[k]).as("%s, output %d", stream, k)
                    .isCloseTo(stage.values[k], within(stage.bounds[k]));
        }
    }

    /**
     * One stream through the definition of one stage: the values in double, and for each a bound on how far a
     * float computation may be from it (the stage's own float error, plus the input's bounds times |c|).
     */
    private record Stage(double[] values, double[] bounds) {

        Stage through(FilterBank bank, int count) {
            long up = bank.up;
            long delay = delayOf(bank);
            double errorPerUnit = (bank.quality.doublePrecision() ? 2 : bank.taps / 4.0 + 8) * Math.ulp(1f) / 2;
            double[] y = new double[count];
            double[] b = new double[count];
            for (int k = 0; k < count; k++) {
                long t = k * (long) bank.down + delay;
                long n = t / up;
                int p = (int) (t % up);
                if (!bank.interpolated) {
                    y[k] = dot(bank, values, n, p);
                    b[k] = errorPerUnit * magnitude(bank, values, n, p) + carried(bank, bounds, n, p);
                } else {
                    long position = p * (long) bank.phases;
                    int row = (int) (position / up);
                    double fraction = (double) (position % up) / up;
                    y[k] = (1 - fraction) * dot(bank, values, n, row) + fraction * dot(bank, values, n, row + 1);
                    b[k] = errorPerUnit * (magnitude(bank, values, n, row) + magnitude(bank, values, n, row + 1))
                            + carried(bank, bounds, n, row) + carried(bank, bounds, n, row + 1);
                }
                b[k] += 1e-30;
            }
            return new Stage(y, b);
        }
    }

    /** The delay of a bank in 1/L input samples; in interpolated mode rounded to the 1/L grid. */
    private static long delayOf(FilterBank bank) {
        return bank.interpolated
                ? Math.round((double) bank.prototypeDelay * bank.up / bank.phases)
                : bank.prototypeDelay;
    }

    private static double coefficient(FilterBank bank, int row, int j) {
        int i = bank.rowOffset(row) + bank.taps - 1 - j;
        return bank.coefficients != null ? bank.coefficients[i] : bank.coefficientsDouble[i];
    }

    private static double sample(double[] x, long i) {
        return i >= 0 && i < x.length ? x[(int) i] : 0;
    }

    private static double dot(FilterBank bank, double[] x, long n, int row) {
        double sum = 0;
        for (int j = 0; j < bank.taps; j++) {
            sum += sample(x, n - j) * coefficient(bank, row, j);
        }
        return sum;
    }

    private static double magnitude(FilterBank bank, double[] x, long n, int row) {
        double sum = 0;
        for (int j = 0; j < bank.taps; j++) {
            sum += Math.abs(sample(x, n - j) * coefficient(bank, row, j));
        }
        return sum;
    }

    /** How far the input's own errors (bounds per sample) can move this output: {@code sum |c| bound}. */
    private static double carried(FilterBank bank, double[] bounds, long n, int row) {
        double sum = 0;
        for (int j = 0; j < bank.taps; j++) {
            sum += Math.abs(coefficient(bank, row, j)) * sample(bounds, n - j);
        }
        return sum;
    }
}
