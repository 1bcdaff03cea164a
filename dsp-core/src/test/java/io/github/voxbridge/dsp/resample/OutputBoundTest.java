package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PolyphaseResampler#maxOutputSamplesFor} and {@link TelephonyEncoder#maxOutputBytesFor} bound what any call
 * writes, in whatever state earlier calls left the stream, and are tight: equal to {@code ceil(n * out / in)} and
 * reached by some call of a stream of equal chunks. The states are those generated streams pass through: the edge
 * chunk sizes (0, 1, lane multiples, 20 ms, the internal block sizes) first, then chunkings drawn from a fixed seed.
 */
class OutputBoundTest {

    /** Pairs with integer decimation, fractional L/M (small and large), upsampling, the interpolated bank, 1:1. */
    private static final int[][] PAIRS = {{24_000, 8_000}, {48_000, 8_000}, {96_000, 8_000}, {16_000, 8_000},
        {22_050, 8_000}, {44_100, 8_000}, {11_025, 8_000}, {32_000, 8_000}, {44_100, 48_000}, {8_000, 16_000},
        {8_000, 44_100}, {16_000, 24_000}, {48_000, 44_101}, {1_000, 384_000}, {8_000, 8_000}};

    /** Sizes where the vector blocks (8/16/32/64 lanes), 20 ms chunks and internal steps (2048, 4096) change. */
    private static final int[] EDGE_CHUNKS = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 159, 160, 161,
        479, 480, 481, 882, 883, 2047, 2048, 2049, 4095, 4096, 4097, 1, 0, 3};

    private static final int[] PROBES = {0, 1, 2, 3, 5, 8, 16, 159, 160, 441, 479, 480, 481, 882, 960, 4096, 4097};

    /** One stream: a rate pair, a preset, 16-bit or float input, and the chunk sizes it is fed in. */
    record Case(int input, int output, ResamplerQuality quality, boolean floats, int[] chunks, String origin) {
        @Override
        public String toString() {
            return input + "->" + output + " " + quality + (floats ? " float" : " s16") + ", " + origin + ", chunks "
                    + Arrays.toString(chunks);
        }
    }

    static Stream<Case> streams() {
        List<Case> cases = new ArrayList<>();
        ResamplerQuality[] presets = ResamplerQuality.values();
        for (int[] pair : PAIRS) {
            cases.add(new Case(pair[0], pair[1], ResamplerQuality.TELEPHONY, false, EDGE_CHUNKS, "edge sizes"));
            int twentyMs = pair[0] / 50;
            int[] steady = new int[12];
            Arrays.fill(steady, twentyMs);
            cases.add(new Case(pair[0], pair[1], ResamplerQuality.HQ, true, steady, "20 ms chunks"));
        }
        SplittableRandom random = new SplittableRandom(0x5EED_B0DL);
        for (int i = 0; i < 100; i++) {
            int[] pair = PAIRS[random.nextInt(PAIRS.length)];
            int[] chunks = new int[1 + random.nextInt(30)];
            // Mostly small pieces, sometimes large ones (fewer when upsampling a lot), so short and long histories
            // occur.
            int large = pair[1] > 4 * pair[0] ? 200 : 5_000;
            for (int c = 0; c < chunks.length; c++) {
                chunks[c] = random.nextInt(4) == 0 ? random.nextInt(large) : random.nextInt(600);
            }
            cases.add(new Case(pair[0], pair[1], presets[random.nextInt(presets.length)], random.nextBoolean(),
                    chunks, "drawn #" + i));
        }
        return cases.stream();
    }

    private static long ceilRatio(long n, int output, int input) {
        return (n * output + input - 1) / input;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void noCallWritesMoreThanTheBound(Case c) {
        PolyphaseResampler r = PolyphaseResampler.create(c.input(), c.output(), c.quality());
        int largest = Arrays.stream(c.chunks()).max().orElse(0);
        float[] out = new float[Math.max(r.maxOutputSamplesFor(largest), r.flushSamplesBound())];
        SplittableRandom samples = new SplittableRandom(c.chunks().length);
        for (int chunk : c.chunks()) {
            for (int probe : PROBES) {
                assertThat(r.outputSamplesFor(probe)).as("%s: outputSamplesFor(%d) now", c, probe)
                        .isLessThanOrEqualTo(r.maxOutputSamplesFor(probe));
            }
            assertThat((long) r.maxOutputSamplesFor(chunk)).as("%s: bound for %d", c, chunk)
                    .isEqualTo(ceilRatio(chunk, c.output(), c.input()));
            int written;
            if (c.floats()) {
                float[] in = new float[chunk];
                for (int i = 0; i < chunk; i++) {
                    in[i] = (float) (samples.nextDouble() * 2 - 1);
                }
                written = r.process(in, 0, chunk, out, 0);
            } else {
                short[] in = new short[chunk];
                for (int i = 0; i < chunk; i++) {
                    in[i] = (short) samples.nextInt(-32768, 32768);
                }
                written = r.process(in, 0, chunk, out, 0);
            }
            assertThat(written).as("%s: written for %d", c, chunk).isLessThanOrEqualTo(r.maxOutputSamplesFor(chunk));
        }
        assertThat(r.flush(out, 0)).as("%s: flush", c).isLessThanOrEqualTo(r.flushSamplesBound());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void theEncoderBoundHoldsToo(Case c) {
        if (c.output() != TelephonyEncoder.RATE) {
            // The encoder only makes 8 kHz; its bound for other pairs is the resampler's, checked above.
            c = new Case(c.input(), TelephonyEncoder.RATE, c.quality(), c.floats(), c.chunks(), c.origin());
        }
        TelephonyEncoder encoder = c.floats() ? TelephonyEncoder.aLaw(c.input(), c.quality())
                : TelephonyEncoder.muLaw(c.input(), c.quality());
        int largest = Arrays.stream(c.chunks()).max().orElse(0);
        byte[] out = new byte[Math.max(encoder.maxOutputBytesFor(largest), encoder.flushBytesBound())];
        for (int chunk : c.chunks()) {
            assertThat((long) encoder.maxOutputBytesFor(chunk)).as("%s: bound for %d", c, chunk)
                    .isEqualTo(ceilRatio(chunk, TelephonyEncoder.RATE, c.input()));
            int written = c.floats() ? encoder.encode(new float[chunk], 0, chunk, out, 0)
                    : encoder.encode(new short[chunk], 0, chunk, out, 0);
            assertThat(written).as("%s: written for %d", c, chunk).isLessThanOrEqualTo(encoder.maxOutputBytesFor(chunk));
        }
        assertThat(encoder.flush(out, 0)).as("%s: flush", c).isLessThanOrEqualTo(encoder.flushBytesBound());
    }

    /** A rate pair and a chunk size, fed in equal chunks long enough for the output phase to take every value. */
    record Steady(int input, int output, int chunk) {
        @Override
        public String toString() {
            return input + "->" + output + " in chunks of " + chunk;
        }
    }

    static Stream<Steady> steadyStreams() {
        return Stream.of(new Steady(24_000, 8_000, 480), new Steady(44_100, 8_000, 882),
                new Steady(22_050, 8_000, 441), new Steady(44_100, 8_000, 1), new Steady(44_100, 8_000, 100),
                new Steady(48_000, 8_000, 7), new Steady(16_000, 24_000, 5), new Steady(11_025, 8_000, 100),
                new Steady(96_000, 8_000, 1_000), new Steady(8_000, 44_100, 3), new Steady(8_000, 16_000, 160),
                new Steady(48_000, 44_101, 480), new Steady(8_000, 8_000, 17));
    }

    private static int gcd(long a, long b) {
        return b == 0 ? (int) a : gcd(b, a % b);
    }

    /**
     * Tight: with L/M the reduced ratio, the next output's distance past the next input sample, in 1/L samples,
     * steps through every multiple of g = gcd(n L, M) below M, and at the smallest one (below g) a chunk of n
     * samples completes exactly ceil(n L / M) outputs. So M / g calls after the filter's delay has filled reach it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("steadyStreams")
    void theBoundIsReachedInAStreamOfEqualChunks(Steady s) {
        PolyphaseResampler r = PolyphaseResampler.create(s.input(), s.output());
        int g = gcd(s.input(), s.output());
        long up = s.output() / g;
        long down = s.input() / g;
        // The filter's span in input samples: one stage's taps, or (two stages) twice the delay.
        long span = r.taps() + (long) Math.ceil(2 * r.delaySeconds() * s.input());
        long calls = down / gcd(s.chunk() * up, down) + (span + 2L * s.chunk()) / s.chunk() + 2;
        int bound = r.maxOutputSamplesFor(s.chunk());
        float[] in = new float[s.chunk()];
        float[] out = new float[bound];
        int most = 0;
        for (long i = 0; i < calls; i++) {
            most = Math.max(most, r.process(in, 0, s.chunk(), out, 0));
        }
        assertThat(most).as("%s: the most any of %d calls wrote", s, calls).isEqualTo(bound);
    }

    @Test
    void twentyMillisecondsAt24kHzIs160Samples() {
        assertThat(PolyphaseResampler.create(24_000, 8_000).maxOutputSamplesFor(480)).isEqualTo(160);
        assertThat(TelephonyEncoder.muLaw(44_100).maxOutputBytesFor(882)).isEqualTo(160);
        assertThat(PolyphaseResampler.create(8_000, 8_000).maxOutputSamplesFor(123)).isEqualTo(123);
    }

    @Test
    void negativeAndOversizedCountsAreRefused() {
        PolyphaseResampler r = PolyphaseResampler.create(1_000, 384_000);
        assertThatThrownBy(() -> r.maxOutputSamplesFor(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative sample count -1");
        assertThatThrownBy(() -> r.maxOutputSamplesFor(10_000_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10000000 input samples can give 3840000000 output samples");
        assertThat(r.maxOutputSamplesFor(5_000_000)).isEqualTo(1_920_000_000);
    }
}
