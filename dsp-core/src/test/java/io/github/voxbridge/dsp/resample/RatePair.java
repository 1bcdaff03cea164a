package io.github.voxbridge.dsp.resample;

import java.math.BigInteger;
import java.util.List;

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
