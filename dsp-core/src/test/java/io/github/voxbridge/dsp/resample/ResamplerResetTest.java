package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After {@code reset()} a resampler behaves exactly like a new one: the next stream gives bit-identical output and
 * the same counts, whatever came before (nothing, part of a stream, a whole flushed stream, a stream flushed
 * into a buffer too small for its tail).
 */
class ResamplerResetTest {

    /**
     * What the reused resampler saw before its reset ({@code earlierLength} samples in random pieces, flushed or
     * not) and the stream that follows ({@code length} samples, floats or 16-bit), all drawn from {@code seed}.
     */
    record ResetCase(RatePair pair, ResamplerQuality quality, int earlierLength, boolean flushEarlierStream,
                     int length, boolean shorts, long seed) {
        @Override
        public String toString() {
            return pair + " " + quality + ", after " + earlierLength + " samples" + (flushEarlierStream ? " and a flush"
                    : "") + ", then " + length + (shorts ? " shorts" : " floats") + ", seed " + seed;
        }
    }

    /** (earlier length, flushed, next length) at the edges: nothing, one sample, the 4096-sample block. */
    private static final int[][] EDGES = {{0, 0, 0}, {0, 1, 1}, {1, 0, 4_096}, {6_000, 1, 3_000}, {4_097, 0, 17},
        {4_096, 1, 4_095}};

    /**
     * Every named pair with every preset, the histories cycling through the edges; then 150 drawn cases: pairs,
     * presets, up to 6,000 samples before and 3,000 after.
     */
    static Stream<ResetCase> cases() {
        SplittableRandom random = new SplittableRandom(0x4E5E7L);
        Stream.Builder<ResetCase> cases = Stream.builder();
        int edge = 0;
        for (RatePair pair : RatePair.NAMED) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                int[] e = EDGES[edge % EDGES.length];
                cases.add(new ResetCase(pair, quality, e[0], e[1] == 1, e[2], edge % 2 == 1, random.nextLong()));
                edge++;
            }
        }
        ResamplerQuality[] qualities = ResamplerQuality.values();
        for (int i = 0; i < 150; i++) {
            cases.add(new ResetCase(RatePair.draw(random), qualities[random.nextInt(qualities.length)],
                    random.nextInt(6_001), random.nextBoolean(), random.nextInt(3_001), random.nextBoolean(),
                    random.nextLong()));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aResetResamplerMatchesAFreshOne(ResetCase reset) {
        SplittableRandom random = new SplittableRandom(reset.seed());
        int earlierLength = reset.earlierLength();
        int length = reset.length();
        float[] earlier = new float[earlierLength];
        for (int i = 0; i < earlierLength; i++) {
            earlier[i] = (float) (2 * random.nextDouble() - 1);
        }
        StreamFeed next;
        if (reset.shorts()) {
            short[] samples = new short[length];
            for (int i = 0; i < length; i++) {
                samples[i] = (short) random.nextInt(1 << 16);
            }
            next = StreamFeed.of(samples);
        } else {
            float[] samples = new float[length];
            for (int i = 0; i < length; i++) {
                samples[i] = (float) (2 * random.nextDouble() - 1);
            }
            next = StreamFeed.of(samples);
        }

        RatePair pair = reset.pair();
        PolyphaseResampler reused = pair.create(reset.quality());
        StreamFeed.of(earlier).process(reused, StreamFeed.randomPieces(earlierLength, random));
        if (reset.flushEarlierStream()) {
            StreamFeed.flush(reused);
        }
        reused.reset();
        assertThat(reused.flushSamples()).as("owed after reset").isZero();

        float[] expected = next.processAndFlush(pair.create(reset.quality()), StreamFeed.whole(length));
        float[] actual = next.processAndFlush(reused, StreamFeed.whole(length));
        assertThat(actual).as("%s", reset).isEqualTo(expected);
    }
}
