package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A stream must resample to the same bits however it arrives: one sample per call, random pieces with empty
 * calls among them, or one block; every call writes exactly what {@code outputSamplesFor} promised, and a
 * flushed stream of n samples gives exactly {@code ceil(n * out / in)} samples.
 */
class ResamplerChunkingPropertiesTest {

    @Provide
    Arbitrary<RatePair> pairs() {
        return Arbitraries.of(RatePair.TELEPHONY);
    }

    @Property(tries = 200)
    void floatOutputIsBitIdenticalHoweverTheInputIsSplit(@ForAll("pairs") RatePair pair,
                                                          @ForAll ResamplerQuality quality,
                                                          @ForAll @IntRange(min = 0, max = 9_000) int length,
                                                          @ForAll long seed) {
        Random random = new Random(seed);
        float[] input = new float[length];
        for (int i = 0; i < length; i++) {
            input[i] = 2 * random.nextFloat() - 1;
        }
        assertSameOutputForEverySplit(pair, quality, StreamFeed.of(input), random);
    }

    @Property(tries = 100)
    void shortOutputIsBitIdenticalHoweverTheInputIsSplit(@ForAll("pairs") RatePair pair,
                                                          @ForAll ResamplerQuality quality,
                                                          @ForAll @IntRange(min = 0, max = 9_000) int length,
                                                          @ForAll long seed) {
        Random random = new Random(seed);
        short[] input = new short[length];
        for (int i = 0; i < length; i++) {
            input[i] = (short) random.nextInt(1 << 16);
        }
        assertSameOutputForEverySplit(pair, quality, StreamFeed.of(input), random);
    }

    private static void assertSameOutputForEverySplit(RatePair pair, ResamplerQuality quality, StreamFeed feed,
                                                      Random random) {
        int length = feed.length();
        float[] whole = feed.processAndFlush(pair.create(quality), StreamFeed.whole(length));
        assertThat((long) whole.length).as("output samples of %s for %d input samples", pair, length)
                .isEqualTo(pair.outputSamplesForStream(length));

        float[] ones = feed.processAndFlush(pair.create(quality), StreamFeed.ones(length));
        assertThat(ones).as("one sample per call").isEqualTo(whole);

        for (int split = 0; split < 3; split++) {
            int[] pieces = StreamFeed.randomPieces(length, random);
            float[] pieced = feed.processAndFlush(pair.create(quality), pieces);
            assertThat(pieced).as("random pieces %s", Arrays.toString(pieces)).isEqualTo(whole);
        }
    }

    /**
     * Whole seconds of input in 20 ms pieces plus one odd sample, for every pair: the integer clock must give the
     * exact count after many calls, with no drift.
     */
    @Test
    void secondsOfInputInTwentyMillisecondPiecesGiveTheExactCount() {
        for (RatePair pair : RatePair.TELEPHONY) {
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
