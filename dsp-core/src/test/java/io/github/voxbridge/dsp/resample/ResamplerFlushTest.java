package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A flush writes what is still owed and nothing more, once: afterwards nothing is owed and a second flush writes
 * nothing, until {@code reset()} starts a new stream. The whole stream then has exactly {@code ceil(n * out / in)}
 * samples.
 */
class ResamplerFlushTest {

    @Test
    void afterAFlushNothingIsOwedAndASecondFlushWritesNothing() {
        SplittableRandom random = new SplittableRandom(0xF1A5L);
        for (RatePair pair : RatePair.NAMED) {
            for (int length : new int[] {0, 1, 4_097, 1_000 + random.nextInt(2_000)}) {
                PolyphaseResampler r = pair.create(ResamplerQuality.TELEPHONY);
                float[] in = new float[length];
                for (int i = 0; i < length; i++) {
                    in[i] = (float) (2 * random.nextDouble() - 1);
                }
                float[] body = StreamFeed.of(in).process(r, StreamFeed.randomPieces(length, random));
                int owed = r.flushSamples();
                float[] tail = StreamFeed.flush(r);
                assertThat((long) body.length + tail.length).as("%s, %d samples: the whole stream", pair, length)
                        .isEqualTo(pair.outputSamplesForStream(length));
                assertThat(tail).hasSize(owed);
                assertThat(r.flushSamples()).as("%s, %d samples: owed after the flush", pair, length).isZero();
                assertThat(r.flush(new float[0], 0)).as("%s, %d samples: a second flush", pair, length).isZero();
                assertThat(r.flushSamples()).as("%s, %d samples: owed after a second flush", pair, length).isZero();

                r.reset();
                float[] again = StreamFeed.of(in).processAndFlush(r, StreamFeed.whole(length));
                assertThat(again).as("%s, %d samples: the stream again after reset", pair, length)
                        .isEqualTo(StreamFeed.concat(body, tail));
            }
        }
    }
}
