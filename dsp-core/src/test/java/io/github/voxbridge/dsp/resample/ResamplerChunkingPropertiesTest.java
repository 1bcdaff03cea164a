package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.EdgeValues;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream must resample to the same bits however it arrives: one sample per call, random pieces with empty
 * calls among them, or one block; every call writes exactly what {@code outputSamplesFor} promised, and a
 * flushed stream of n samples gives exactly {@code ceil(n * out / in)} samples.
 */
class ResamplerChunkingPropertiesTest {

    /** Lengths at the edges: nothing, one sample, the lane multiples, and the resampler's 4096-sample block. */
    static final int[] EDGE_LENGTHS = {0, 1, 2, 15, 16, 17, 63, 64, 65, 4_095, 4_096, 4_097, 9_000};

    /**
     * What the input holds. {@code SPECIAL} mixes {@link EdgeValues#SPECIAL_FLOATS} (NaN, infinities, subnormals)
     * into a uniform signal (floats only: shorts have no such values, and take the full range instead).
     */
    enum Signal { UNIFORM, FULL_SCALE, SPECIAL }

    /** One stream: the pair, the preset, its length in samples, what it holds, and the seed of samples and splits. */
    record ChunkCase(RatePair pair, ResamplerQuality quality, int length, Signal signal, long seed) {

        float[] floats() {
            SplittableRandom random = new SplittableRandom(seed);
            float[] x = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = switch (signal) {
                    case UNIFORM -> 2 * (float) random.nextDouble() - 1;
                    case FULL_SCALE -> random.nextBoolean() ? 1f : -1f;
                    case SPECIAL -> random.nextInt(64) == 0
                            ? EdgeValues.SPECIAL_FLOATS[random.nextInt(EdgeValues.SPECIAL_FLOATS.length)]
                            : 2 * (float) random.nextDouble() - 1;
                };
            }
            return x;
        }

        short[] shorts() {
            SplittableRandom random = new SplittableRandom(seed);
            short[] x = new short[length];
            for (int i = 0; i < length; i++) {
                x[i] = signal == Signal.FULL_SCALE
                        ? (random.nextBoolean() ? Short.MAX_VALUE : Short.MIN_VALUE)
                        : (short) random.nextInt(1 << 16);
            }
            return x;
        }

        /** Three random splittings of the stream, drawn from the seed. */
        int[][] randomSplits() {
            SplittableRandom random = new SplittableRandom(~seed);
            return new int[][] {StreamFeed.randomPieces(length, random), StreamFeed.randomPieces(length, random),
                StreamFeed.randomPieces(length, random)};
        }

        @Override
        public String toString() {
            return pair + " " + quality + ", " + length + " samples, " + signal + ", seed " + seed;
        }
    }

    /**
     * Every named pair with every preset, the lengths and signals cycling through the edges; then {@code drawn}
     * cases of 0..9,000 samples over drawn pairs and presets.
     */
    private static Stream<ChunkCase> cases(long seed, int drawn, boolean floats) {
        SplittableRandom random = new SplittableRandom(seed);
        Signal[] signals = floats ? Signal.values() : new Signal[] {Signal.UNIFORM, Signal.FULL_SCALE};
        Stream.Builder<ChunkCase> cases = Stream.builder();
        int edge = 0;
        for (RatePair pair : RatePair.NAMED) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                cases.add(new ChunkCase(pair, quality, EDGE_LENGTHS[edge % EDGE_LENGTHS.length],
                        signals[edge % signals.length], random.nextLong()));
                edge++;
            }
        }
        ResamplerQuality[] qualities = ResamplerQuality.values();
        for (int i = 0; i < drawn; i++) {
            cases.add(new ChunkCase(RatePair.draw(random), qualities[random.nextInt(qualities.length)],
                    random.nextInt(9_001), signals[random.nextInt(signals.length)], random.nextLong()));
        }
        return cases.build();
    }

    static Stream<ChunkCase> floatCases() {
        return cases(0xF10A7L, 200, true);
    }

    static Stream<ChunkCase> shortCases() {
        return cases(0x5B0A7L, 100, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatCases")
    void floatOutputIsBitIdenticalHoweverTheInputIsSplit(ChunkCase stream) {
        assertSameOutputForEverySplit(stream, StreamFeed.of(stream.floats()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shortCases")
    void shortOutputIsBitIdenticalHoweverTheInputIsSplit(ChunkCase stream) {
        assertSameOutputForEverySplit(stream, StreamFeed.of(stream.shorts()));
    }

    private static void assertSameOutputForEverySplit(ChunkCase stream, StreamFeed feed) {
        RatePair pair = stream.pair();
        int length = feed.length();
        float[] whole = feed.processAndFlush(pair.create(stream.quality()), StreamFeed.whole(length));
        assertThat((long) whole.length).as("%s: output samples", stream)
                .isEqualTo(pair.outputSamplesForStream(length));

        float[] ones = feed.processAndFlush(pair.create(stream.quality()), StreamFeed.ones(length));
        assertThat(ones).as("%s: one sample per call", stream).isEqualTo(whole);

        for (int[] pieces : stream.randomSplits()) {
            float[] pieced = feed.processAndFlush(pair.create(stream.quality()), pieces);
            assertThat(pieced).as("%s: random pieces %s", stream, Arrays.toString(pieces)).isEqualTo(whole);
        }
    }

    /**
     * Whole seconds of input in 20 ms pieces plus one odd sample, for every named pair: the integer clock must give
     * the exact count after many calls, with no drift.
     */
    @Test
    void secondsOfInputInTwentyMillisecondPiecesGiveTheExactCount() {
        for (RatePair pair : RatePair.NAMED) {
            int piece = pair.input() / 50;
            int length = 3 * pair.input() + 1;
            int[] pieces = new int[length / piece + 1];
            Arrays.fill(pieces, piece);
            pieces[pieces.length - 1] = length % piece;
            PolyphaseResampler r = pair.create(ResamplerQuality.FAST);
            float[] out = StreamFeed.of(new float[length]).processAndFlush(r, pieces);
            assertThat((long) out.length).as("%s", pair).isEqualTo(pair.outputSamplesForStream(length));
        }
    }
}
