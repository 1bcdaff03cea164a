package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * After {@code reset()} a resampler behaves exactly like a new one: the next stream gives bit-identical output and
 * the same counts, whatever came before (nothing, part of a stream, a whole flushed stream, a stream flushed
 * into a buffer too small for its tail).
 */
class ResamplerResetTest {

    @Provide
    Arbitrary<RatePair> pairs() {
        return Arbitraries.of(RatePair.TELEPHONY);
    }

    @Property(tries = 150)
    void aResetResamplerMatchesAFreshOne(@ForAll("pairs") RatePair pair, @ForAll ResamplerQuality quality,
                                         @ForAll @IntRange(min = 0, max = 6_000) int earlierLength,
                                         @ForAll boolean flushEarlierStream,
                                         @ForAll @IntRange(min = 0, max = 3_000) int length,
                                         @ForAll boolean shorts, @ForAll long seed) {
        Random random = new Random(seed);
        float[] earlier = new float[earlierLength];
        for (int i = 0; i < earlierLength; i++) {
            earlier[i] = (float) random.nextGaussian();
        }
        StreamFeed next;
        if (shorts) {
            short[] samples = new short[length];
            for (int i = 0; i < length; i++) {
                samples[i] = (short) random.nextInt(1 << 16);
            }
            next = StreamFeed.of(samples);
        } else {
            float[] samples = new float[length];
            for (int i = 0; i < length; i++) {
                samples[i] = 2 * random.nextFloat() - 1;
            }
            next = StreamFeed.of(samples);
        }

        PolyphaseResampler reused = pair.create(quality);
        StreamFeed.of(earlier).process(reused, StreamFeed.randomPieces(earlierLength, random));
        if (flushEarlierStream) {
            StreamFeed.flush(reused);
        }
        reused.reset();
        assertThat(reused.flushSamples()).as("owed after reset").isZero();

        float[] expected = next.processAndFlush(pair.create(quality), StreamFeed.whole(length));
        float[] actual = next.processAndFlush(reused, StreamFeed.whole(length));
        assertThat(actual).as("%s %s after %d samples%s", pair, quality, earlierLength,
                flushEarlierStream ? " and a flush" : "").isEqualTo(expected);
    }
}
