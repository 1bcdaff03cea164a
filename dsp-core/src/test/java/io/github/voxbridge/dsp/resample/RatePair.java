package io.github.voxbridge.dsp.resample;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** An input and an output rate in Hz, as the tests name them. */
record RatePair(int input, int output) {

    /**
     * The pairs the behaviour tests cover: integer decimation (24k, 48k, 16k to 8k), the two CD-rate ratios with
     * L = 160 and L = 80 phases, integer interpolation, the small ratios 2/3 and 3/2 (computed in batches per row),
     * a pair whose L = 44,101 forces the interpolated bank, and equal rates (pass-through).
     */
    static final List<RatePair> TELEPHONY = List.of(
            new RatePair(24_000, 8_000),
            new RatePair(22_050, 8_000),
            new RatePair(44_100, 8_000),
            new RatePair(48_000, 8_000),
            new RatePair(16_000, 8_000),
            new RatePair(8_000, 16_000),
            new RatePair(24_000, 16_000),
            new RatePair(16_000, 24_000),
            new RatePair(48_000, 44_101),
            new RatePair(8_000, 8_000));

    /**
     * Pairs the review found missing: 96 kHz (L/M = 1/12), 72 kHz (1/9) and 36 kHz (2/9) to 8 kHz and 88 to 64 kHz
     * (8/11), the last three computed in batches of one row (float presets, L <= 8) with a stride M above 8, where
     * the decimation kernel copies instead of permuting (96 kHz runs in two stages, by 6 and by 2, since issue 14); 11.025 kHz (320/441) and 32 kHz (1/4) to 8 kHz;
     * 44.1 to 48 kHz (160/147), the usual music-to-video step; and (issue 14) 8 kHz up to 24 and 48 kHz
     * (L/M = 3/1 and 6/1), the integer interpolations above 2.
     * {@code ResamplerReferenceTest} relies on the first four being the batched ones with M above 8: add at the end.
     */
    static final List<RatePair> WIDENED = List.of(
            new RatePair(96_000, 8_000),
            new RatePair(72_000, 8_000),
            new RatePair(36_000, 8_000),
            new RatePair(88_000, 64_000),
            new RatePair(11_025, 8_000),
            new RatePair(32_000, 8_000),
            new RatePair(44_100, 48_000),
            new RatePair(8_000, 24_000),
            new RatePair(8_000, 48_000));

    /** {@link #TELEPHONY} and {@link #WIDENED}: every pair a property names. */
    static final List<RatePair> NAMED = Stream.concat(TELEPHONY.stream(), WIDENED.stream()).toList();

    /** Rates in common use, from which {@link #draw} makes pairs nobody named. */
    static final int[] COMMON_RATES = {8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000,
        88_200, 96_000};

    /** A pair for a generated case: three times in four a named pair, otherwise two common rates. */
    static RatePair draw(SplittableRandom random) {
        if (random.nextInt(4) != 0) {
            return NAMED.get(random.nextInt(NAMED.size()));
        }
        return new RatePair(COMMON_RATES[random.nextInt(COMMON_RATES.length)],
                COMMON_RATES[random.nextInt(COMMON_RATES.length)]);
    }

    /** Whether the resampler computes this pair's outputs in batches of one row (float bank, exact, L <= 8). */
    boolean batched(ResamplerQuality quality) {
        FilterBank bank = bank(quality);
        return bank != null && bank.batchRows != null;
    }

    /** Samples a whole stream of {@code inputSamples} must give: {@code ceil(inputSamples * output / input)}. */
    long outputSamplesForStream(long inputSamples) {
        return (inputSamples * output + input - 1) / input;
    }

    /** The bank a resampler for this pair and preset uses; {@code null} for equal rates. */
    FilterBank bank(ResamplerQuality quality) {
        int g = BigInteger.valueOf(input).gcd(BigInteger.valueOf(output)).intValue();
        return input == output ? null : FilterBank.of(output / g, input / g, quality);
    }

    /**
     * The largest sum of |coefficient| over the rows of the bank: no output can exceed it times the largest input
     * magnitude (an interpolated output is a convex combination of two rows). 1 for equal rates.
     */
    double largestRowGain(ResamplerQuality quality) {
        FilterBank bank = bank(quality);
        if (bank == null) {
            return 1;
        }
        int rows = bank.interpolated ? bank.phases + 1 : bank.phases;
        double largest = 0;
        for (int row = 0; row < rows; row++) {
            double sum = 0;
            for (int k = 0; k < bank.taps; k++) {
                int i = row * bank.taps + k;
                sum += Math.abs(bank.coefficients != null ? bank.coefficients[i] : bank.coefficientsDouble[i]);
            }
            largest = Math.max(largest, sum);
        }
        return largest;
    }

    PolyphaseResampler create(ResamplerQuality quality) {
        return PolyphaseResampler.create(input, output, quality);
    }

    @Override
    public String toString() {
        return input + "->" + output;
    }
}
