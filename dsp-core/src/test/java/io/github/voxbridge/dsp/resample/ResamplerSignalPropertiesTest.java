package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a linear, time-invariant, linear-phase low-pass with unit DC gain must do to a signal, checked on whole
 * streams (process then flush) for every named pair and preset ({@link RatePair#NAMED}) and a few drawn ones.
 *
 * <p>Float error bound used below: with {@code u = 2^-24}, a float dot product of {@code taps} terms summed in a
 * few independent partial sums with FMA is within {@code (taps / 4 + 8) u sum|x c|} of the exact sum (the partial
 * sums are at most {@code taps / 4} long; the 8 covers the final additions, the interpolation between two rows and
 * the rounding to float); in double-precision presets only the final rounding to float counts, {@code 2 u}.
 * {@code sum|x c| <= G max|x|} with G the largest row sum of |c| of the bank ({@link RatePair#largestRowGain}).
 */
class ResamplerSignalPropertiesTest {

    private static final double U = Math.ulp(1f) / 2;

    /** A named pair with a preset, and a few drawn pairs of common rates (every preset of each). */
    record PairCase(RatePair pair, ResamplerQuality quality) {
        @Override
        public String toString() {
            return pair + " " + quality;
        }
    }

    static Stream<PairCase> pairsAndPresets() {
        SplittableRandom random = new SplittableRandom(0xDC0L);
        Stream.Builder<PairCase> cases = Stream.builder();
        List<RatePair> pairs = new ArrayList<>(RatePair.NAMED);
        for (int i = 0; i < 4; i++) {
            pairs.add(new RatePair(RatePair.COMMON_RATES[random.nextInt(RatePair.COMMON_RATES.length)],
                    RatePair.COMMON_RATES[random.nextInt(RatePair.COMMON_RATES.length)]));
        }
        for (RatePair pair : pairs) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                cases.add(new PairCase(pair, quality));
            }
        }
        return cases.build();
    }

    /** Relative error of one output: the bound above divided by {@code G max|x|}. */
    private static double outputErrorPerUnit(RatePair pair, ResamplerQuality quality) {
        FilterBank bank = pair.bank(quality);
        if (bank == null) {
            return 0;
        }
        return (quality.doublePrecision() ? 2 : bank.taps / 4.0 + 8) * U;
    }

    /** One linearity check: pair, preset, the factor a, the length, and the seed of x and y (uniform in [-1, 1]). */
    record LinearCase(RatePair pair, ResamplerQuality quality, float a, int length, long seed) {
        @Override
        public String toString() {
            return pair + " " + quality + ", a = " + a + ", " + length + " samples, seed " + seed;
        }
    }

    /**
     * Every named pair with every preset, a cycling through 0, ±1, ±4, a subnormal and 0.5 and the length through
     * 0, 1, 17, 4,096 and 4,000; then 80 drawn cases, a in [-4, 4] and up to 4,000 samples.
     */
    static Stream<LinearCase> linearCases() {
        SplittableRandom random = new SplittableRandom(0x11EA7L);
        float[] factors = {0f, 1f, -1f, 4f, -4f, Float.MIN_VALUE, 0.5f};
        int[] lengths = {0, 1, 17, 4_096, 4_000};
        Stream.Builder<LinearCase> cases = Stream.builder();
        int edge = 0;
        for (RatePair pair : RatePair.NAMED) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                cases.add(new LinearCase(pair, quality, factors[edge % factors.length], lengths[edge % lengths.length],
                        random.nextLong()));
                edge++;
            }
        }
        ResamplerQuality[] qualities = ResamplerQuality.values();
        for (int i = 0; i < 80; i++) {
            cases.add(new LinearCase(RatePair.draw(random), qualities[random.nextInt(qualities.length)],
                    (float) (8 * random.nextDouble() - 4), random.nextInt(4_001), random.nextLong()));
        }
        return cases.build();
    }

    /**
     * r(a x + y) = a r(x) + r(y) up to rounding. x and y are in [-1, 1]; the three outputs each carry the dot-product
     * error, r(a x + y) on an input of magnitude up to |a| + 1 and the two others on |a| and 1, and forming
     * {@code a x + y} in float (two roundings) adds up to 2 u (|a| + 1) per input sample:
     * {@code |r(a x + y) - a r(x) - r(y)| <= (2 e + 2 u) G (|a| + 1)} with e the per-unit error above.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("linearCases")
    void resamplingIsLinear(LinearCase linear) {
        RatePair pair = linear.pair();
        ResamplerQuality quality = linear.quality();
        float a = linear.a();
        int length = linear.length();
        SplittableRandom random = new SplittableRandom(linear.seed());
        float[] x = new float[length];
        float[] y = new float[length];
        float[] mixed = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
            y[i] = (float) (2 * random.nextDouble() - 1);
            mixed[i] = a * x[i] + y[i];
        }
        float[] rx = StreamFeed.of(x).processAndFlush(pair.create(quality), length);
        float[] ry = StreamFeed.of(y).processAndFlush(pair.create(quality), length);
        float[] rMixed = StreamFeed.of(mixed).processAndFlush(pair.create(quality), length);
        double tolerance = (2 * outputErrorPerUnit(pair, quality) + 2 * U) * pair.largestRowGain(quality)
                * (Math.abs(a) + 1);
        for (int k = 0; k < rMixed.length; k++) {
            double expected = (double) a * rx[k] + ry[k];
            assertThat((double) rMixed[k]).as("%s, output %d", linear, k).isCloseTo(expected, within(tolerance));
        }
    }

    /**
     * A constant in gives the same constant out, within 1e-4 relative, once the filter has filled: outputs from
     * index {@code ceil(delaySamples()) + 1} on, up to the last one {@code process} released (those before the
     * flush only ever see input samples). Half a second covers every phase of every pair (L <= 160 in exact mode).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pairsAndPresets")
    void dcPassesWithUnitGainAfterTheTransient(PairCase c) {
        RatePair pair = c.pair();
        ResamplerQuality quality = c.quality();
        for (float level : new float[] {0.6f, -1f, 1e-3f}) {
            float[] input = new float[pair.input() / 2];
            Arrays.fill(input, level);
            PolyphaseResampler r = pair.create(quality);
            float[] out = StreamFeed.of(input).process(r, input.length);
            int settled = (int) Math.ceil(r.delaySamples()) + 1;
            assertThat(out.length - settled).as("%s %s: settled outputs", pair, quality)
                    .isGreaterThan(pair.output() / 4);
            for (int k = settled; k < out.length; k++) {
                assertThat((double) out[k] / level).as("%s %s, level %s, output %d", pair, quality, level, k)
                        .isCloseTo(1, within(1e-4));
            }
        }
    }

    /** All-zero input, as floats and as 16-bit samples, gives outputs that are exactly +0.0f, flush included. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pairsAndPresets")
    void silenceInGivesExactSilenceOut(PairCase c) {
        RatePair pair = c.pair();
        ResamplerQuality quality = c.quality();
        int length = 5_000;
        float[] fromFloats = StreamFeed.of(new float[length])
                .processAndFlush(pair.create(quality), 1_000, 0, 3_999, 1);
        float[] fromShorts = StreamFeed.of(new short[length])
                .processAndFlush(pair.create(quality), 1, 4_999);
        assertThat(fromFloats).hasSize((int) pair.outputSamplesForStream(length));
        for (float[] out : new float[][] {fromFloats, fromShorts}) {
            for (int k = 0; k < out.length; k++) {
                assertThat(Float.floatToRawIntBits(out[k])).as("%s %s output %d = %s", pair, quality, k,
                        out[k]).isZero();
            }
        }
    }

    /**
     * Full-scale input (square waves of several periods, from ±1.0 floats and from -32768/32767 shorts, and
     * ±1 random signs) never gives NaN or infinity, and no output exceeds G (the largest row sum of |c|, the
     * most any input of magnitude 1 can give) by more than the rounding bound.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pairsAndPresets")
    void fullScaleInputGivesFiniteBoundedOutput(PairCase c) {
        RatePair pair = c.pair();
        ResamplerQuality quality = c.quality();
        int length = 6_000;
        SplittableRandom random = new SplittableRandom(20_260_401);
        double limit = pair.largestRowGain(quality) * (1 + outputErrorPerUnit(pair, quality));
        for (int period : new int[] {0, 2, 3, 7, 48, 1_000}) {
            float[] floats = new float[length];
            short[] shorts = new short[length];
            for (int i = 0; i < length; i++) {
                boolean high = period == 0 ? random.nextBoolean() : (i % period) < period / 2;
                floats[i] = high ? 1f : -1f;
                shorts[i] = high ? Short.MAX_VALUE : Short.MIN_VALUE;
            }
            float[] fromFloats = StreamFeed.of(floats).processAndFlush(pair.create(quality), 777, 5_223);
            float[] fromShorts = StreamFeed.of(shorts).processAndFlush(pair.create(quality), length);
            for (float[] out : new float[][] {fromFloats, fromShorts}) {
                for (int k = 0; k < out.length; k++) {
                    assertThat(Float.isFinite(out[k])).as("%s %s period %d output %d = %s", pair, quality,
                            period, k, out[k]).isTrue();
                    assertThat((double) Math.abs(out[k])).as("%s %s period %d output %d", pair, quality,
                            period, k).isLessThanOrEqualTo(limit);
                }
            }
        }
    }

    /**
     * A unit impulse at input index n0 = M m (so it falls exactly on output k0 = n0 L / M) gives an output that
     * peaks at k0 (the delay is compensated), is symmetric about k0 (linear phase: the prototype is symmetric and
     * symmetric output pairs use the same row), and is exactly zero once |k - k0| M exceeds the prototype's
     * half-length in 1/L input samples, and not before. Symmetry tolerance: one float rounding of the peak,
     * {@code 2^-24 y[k0]}; each output is one coefficient times 1.0, so the two sides differ only if the design did.
     */
    @Test
    void impulseResponseIsSymmetricAndCentredForIntegerRatios() {
        RatePair[] pairs = {new RatePair(24_000, 8_000), new RatePair(48_000, 8_000), new RatePair(16_000, 8_000),
            new RatePair(8_000, 16_000), new RatePair(8_000, 24_000)};
        for (RatePair pair : pairs) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                if (pair.create(quality).stageBanks().length == 2) {
                    assertChainImpulseResponse(pair, quality);
                    continue;
                }
                FilterBank bank = pair.bank(quality);
                int up = bank.up;
                int down = bank.down;
                int n0 = down * 1_000;
                float[] input = new float[2 * n0];
                input[n0] = 1;
                float[] out = StreamFeed.of(input).processAndFlush(pair.create(quality), n0 - 1, 2, n0 - 1);
                int k0 = n0 / down * up;
                float peak = out[k0];
                assertThat(peak).as("%s %s peak", pair, quality).isPositive();
                int halfWidth = bank.prototypeDelay / down;
                double tolerance = U * peak;
                for (int d = 1; d < k0; d++) {
                    String where = pair + " " + quality + " d = " + d;
                    assertThat(Math.abs(out[k0 + d])).as(where).isLessThan(peak);
                    assertThat((double) out[k0 + d]).as(where)
                            .isCloseTo(out[k0 - d], within(tolerance));
                    if (d > halfWidth) {
                        assertThat(out[k0 + d]).as(where).isZero();
                        assertThat(out[k0 - d]).as(where).isZero();
                    }
                }
                // The outermost prototype taps reach the output: the response is not cut short.
                assertThat(out[k0 + halfWidth]).as("%s %s last tap after the peak", pair, quality).isNotZero();
                assertThat(out[k0 - halfWidth]).as("%s %s first tap before the peak", pair, quality).isNotZero();
            }
        }
    }

    /**
     * The same for a pair resampled in two stages (48 kHz to 8 kHz: by 3, then by 2): both stages are linear phase
     * and centred, so the whole response peaks at k0 and is symmetric, within the float rounding of two sums
     * ({@code (taps / 4 + 8) 2^-24} of the peak per stage, as {@link ResamplerReferenceTest} bounds them), and it is
     * exactly zero beyond both stages' half-lengths together (in output samples), and not everywhere before.
     */
    private static void assertChainImpulseResponse(RatePair pair, ResamplerQuality quality) {
        FilterBank[] banks = pair.create(quality).stageBanks();
        FilterBank front = banks[0];
        FilterBank last = banks[1];
        int down = pair.input() / pair.output();
        int n0 = down * 1_000;
        float[] input = new float[2 * n0];
        input[n0] = 1;
        float[] out = StreamFeed.of(input).processAndFlush(pair.create(quality), n0 - 1, 2, n0 - 1);
        int k0 = n0 / down;
        float peak = out[k0];
        assertThat(peak).as("%s %s peak", pair, quality).isPositive();
        // Half-lengths in input samples: the front stage's prototype runs at the input rate (L = 1), the final
        // stage's at the intermediate one (front.down input samples each).
        double halfInput = front.prototypeDelay + (double) last.prototypeDelay / last.phases * front.down;
        int zeroFrom = (int) Math.ceil(halfInput / down) + 1;
        double tolerance = ((front.taps + last.taps) / 4.0 + 16) * U * peak;
        for (int d = 1; d < k0; d++) {
            String where = pair + " " + quality + " d = " + d;
            assertThat(Math.abs(out[k0 + d])).as(where).isLessThan(peak);
            assertThat((double) out[k0 + d]).as(where).isCloseTo(out[k0 - d], within(tolerance));
            if (d >= zeroFrom) {
                assertThat(out[k0 + d]).as(where).isZero();
                assertThat(out[k0 - d]).as(where).isZero();
            }
        }
        int finalHalf = last.prototypeDelay / last.down;
        assertThat(out[k0 + finalHalf]).as("%s %s beyond the final stage's half-length", pair, quality)
                .isNotZero();
    }
}
