package io.github.voxbridge.bench;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.github.voxbridge.bench.baseline.SoxrResampler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Checks, run by {@link SoxrResampleBench#setUp()} before anything is measured, that the libsoxr baseline is called
 * right: a wrong struct layout, recipe, sample type or rate would still run and still take time, and only a check of
 * what comes out shows it. Each check uses a resampler of its own and throws {@link IllegalStateException} with the
 * figures when it fails.
 */
final class SoxrCallCheck {

    /** Test tone: well inside the pass band of every pair (libsoxr's HQ pass band ends at 0.913 * 4 kHz). */
    static final double TONE_HZ = 1000;
    static final double TONE_AMPLITUDE = 0.5;
    /**
     * Largest gain error accepted at {@link #TONE_HZ}, dB. libsoxr's HQ and VHQ recipes roll off by at most 0.01 dB in
     * the pass band (soxr.h, {@code SOXR_ROLLOFF_SMALL}; measured: under 0.00001 dB at 1 kHz); a wrong scale or
     * sample type is off by far more.
     */
    static final double MAX_GAIN_ERROR_DB = 0.01;
    /**
     * Largest residual after removing the fitted tone, dB below the tone. Measured with libsoxr 0.1.3: -134 to -136 dB
     * for HQ, -157 to -161 dB for VHQ at every pair; libsoxr told an input rate 1 Hz off leaves -19 to -28 dB, a
     * garbled stream about 0 dB.
     */
    static final double MAX_RESIDUAL_DB = -120;
    /** Seconds fed to each check: several times libsoxr's longest delay (VHQ, about 150 ms at 8 kHz out). */
    static final int SECONDS = 5;

    private SoxrCallCheck() {
    }

    /**
     * Feeds {@link #SECONDS} s of a {@link #TONE_HZ} sine in 20 ms chunks and fits a sine of that frequency to the
     * last second of output: its amplitude must be within {@link #MAX_GAIN_ERROR_DB} of the input's and what the fit
     * leaves must be below {@link #MAX_RESIDUAL_DB}.
     */
    static void sineKeepsAmplitudeAndFrequency(int inRate, int outRate, long recipe) {
        sineKeepsAmplitudeAndFrequency(inRate, outRate, recipe, inRate);
    }

    /**
     * As {@link #sineKeepsAmplitudeAndFrequency(int, int, long)}, with libsoxr told that the input comes at
     * {@code createdInRate} Hz (the tests' way to show that the check notices a wrong call).
     */
    static void sineKeepsAmplitudeAndFrequency(int inRate, int outRate, long recipe, int createdInRate) {
        int chunk = inRate / 50;
        float[] tone = new float[SECONDS * inRate];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (TONE_AMPLITUDE * Math.sin(2 * Math.PI * TONE_HZ * i / inRate));
        }
        float[] out = new float[SECONDS * outRate + 1024];
        int produced = 0;
        try (SoxrResampler soxr = SoxrResampler.create(createdInRate, outRate, recipe); Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocate(JAVA_FLOAT, chunk);
            MemorySegment output = arena.allocate(JAVA_FLOAT, outputCapacity(chunk, inRate, outRate));
            for (int at = 0; at + chunk <= tone.length; at += chunk) {
                MemorySegment.copy(tone, at, input, JAVA_FLOAT, 0, chunk);
                int n = soxr.process(input, chunk, output);
                if (produced + n > out.length) {
                    throw new IllegalStateException("libsoxr check: more than " + out.length + " output samples for "
                            + SECONDS + " s at " + inRate + " Hz -> " + outRate + " Hz");
                }
                MemorySegment.copy(output, JAVA_FLOAT, 0, out, produced, n);
                produced += n;
            }
        }
        // The last second: a whole number of periods of the tone at the output rate.
        int from = produced - outRate;
        if (from < outRate) {
            throw new IllegalStateException("libsoxr check: " + produced + " output samples for " + SECONDS
                    + " s of input at " + inRate + " Hz -> " + outRate + " Hz; expected about " + SECONDS * outRate);
        }
        double c = 0;
        double s = 0;
        for (int i = from; i < produced; i++) {
            c += out[i] * Math.cos(2 * Math.PI * TONE_HZ * i / outRate);
            s += out[i] * Math.sin(2 * Math.PI * TONE_HZ * i / outRate);
        }
        c *= 2.0 / outRate;
        s *= 2.0 / outRate;
        double residual = 0;
        for (int i = from; i < produced; i++) {
            double fit = c * Math.cos(2 * Math.PI * TONE_HZ * i / outRate) + s * Math.sin(2 * Math.PI * TONE_HZ * i / outRate);
            residual += (out[i] - fit) * (out[i] - fit);
        }
        double amplitude = Math.hypot(c, s);
        double gainDb = 20 * Math.log10(amplitude / TONE_AMPLITUDE);
        // Residual RMS against the tone's RMS (amplitude / sqrt 2).
        double residualDb = 10 * Math.log10(residual / outRate / (amplitude * amplitude / 2));
        if (!(Math.abs(gainDb) <= MAX_GAIN_ERROR_DB && residualDb <= MAX_RESIDUAL_DB)) {
            throw new IllegalStateException(String.format(
                    "libsoxr check: a %.0f Hz sine of amplitude %.2f at %d Hz -> %d Hz came out with gain %.4f dB"
                            + " (limit ±%.2f) and residual %.1f dB (limit %.0f): libsoxr is not called right",
                    TONE_HZ, TONE_AMPLITUDE, inRate, outRate, gainDb, MAX_GAIN_ERROR_DB, residualDb, MAX_RESIDUAL_DB));
        }
    }

    /**
     * Feeds {@link #SECONDS} s of {@code signal} in chunks of {@code chunk} samples, cycling through it as the
     * benchmark does. libsoxr hands its output out in blocks (at 48 kHz -> 8 kHz HQ: about 1,160 samples every
     * seventh chunk, nothing in between), so single chunks cannot be held to {@code chunk * outRate / inRate}; the
     * total after its delay is filled (the first second) can: the output of the remaining seconds must match
     * {@code outRate} samples a second to within the largest block seen.
     */
    static void outputPerChunkSettles(int inRate, int outRate, long recipe, float[] signal, int chunk) {
        outputPerChunkSettles(inRate, outRate, recipe, signal, chunk, inRate);
    }

    /**
     * As {@link #outputPerChunkSettles(int, int, long, float[], int)}, with libsoxr told that the input comes at
     * {@code createdInRate} Hz.
     */
    static void outputPerChunkSettles(int inRate, int outRate, long recipe, float[] signal, int chunk,
            int createdInRate) {
        int chunksPerSecond = inRate / chunk;
        int[] perChunk = new int[SECONDS * chunksPerSecond];
        try (SoxrResampler soxr = SoxrResampler.create(createdInRate, outRate, recipe); Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocate(JAVA_FLOAT, chunk);
            MemorySegment output = arena.allocate(JAVA_FLOAT, outputCapacity(chunk, inRate, outRate));
            int at = 0;
            for (int k = 0; k < perChunk.length; k++) {
                MemorySegment.copy(signal, at, input, JAVA_FLOAT, 0, chunk);
                perChunk[k] = soxr.process(input, chunk, output);
                at += chunk;
                if (at + chunk > signal.length) {
                    at = 0;
                }
            }
        }
        long sum = 0;
        int largest = 0;
        for (int k = chunksPerSecond; k < perChunk.length; k++) {
            sum += perChunk[k];
            largest = Math.max(largest, perChunk[k]);
        }
        long expected = (long) (SECONDS - 1) * outRate;
        if (largest == 0 || Math.abs(sum - expected) > largest) {
            throw new IllegalStateException("libsoxr check: seconds 1 to " + SECONDS + " of " + inRate + " Hz -> "
                    + outRate + " Hz brought " + sum + " output samples, expected " + expected + " ± " + largest
                    + " (largest block); per chunk: " + Arrays.toString(perChunk));
        }
    }

    /**
     * Output room for one call, samples: libsoxr may hand out a block of several chunks' output at once (up to about
     * 150 ms at 8 kHz), so room for 16 chunks' worth plus a margin.
     */
    static int outputCapacity(int chunk, int inRate, int outRate) {
        return 16 * (int) ((long) chunk * outRate / inRate) + 1024;
    }
}
