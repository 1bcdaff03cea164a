package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 383,875 to 1,000 Hz reduces to L/M = 8/3071: the largest stride a bank computed in batches of one row (float,
 * exact, L <= 8) can have within the supported rates. A history block of 4,096 samples then holds a single window
 * per row, so every batch is at most one output per row. The stream must still have exactly
 * {@code ceil(n * out / in)} samples, be the same however it is split, and pass DC with unit gain.
 */
class ResamplerExtremeRatioTest {

    private static final int IN = 383_875;
    private static final int OUT = 1_000;

    /**
     * Chunkings that cross the 4,096-sample block in every way: one sample at a time at the start (the kernel then
     * runs once per output), a stride's worth, a block, a block and one, and 20 ms calls for the rest.
     */
    private static int[] pieces(int length) {
        int[] head = {1, 1, 7, 3_071, 4_096, 4_097, 3_072, 0, 1};
        int twentyMs = IN / 50;
        int left = length - Arrays.stream(head).sum();
        int[] pieces = Arrays.copyOf(head, head.length + (left + twentyMs - 1) / twentyMs);
        for (int i = head.length; i < pieces.length; i++) {
            pieces[i] = Math.min(twentyMs, left);
            left -= pieces[i];
        }
        return pieces;
    }

    @Test
    void theLargestBatchedStrideStreamsLikeAnyOther() {
        RatePair pair = new RatePair(IN, OUT);
        ResamplerQuality quality = ResamplerQuality.FAST;
        assertThat(pair.batched(quality)).as("computed in batches of one row").isTrue();
        SplittableRandom random = new SplittableRandom(83_071L);
        int length = IN + random.nextInt(IN / 4);
        float[] in = new float[length];
        for (int i = 0; i < length; i++) {
            in[i] = 0.5f + (float) (0.01 * (2 * random.nextDouble() - 1));
        }
        StreamFeed feed = StreamFeed.of(in);
        float[] whole = feed.processAndFlush(pair.create(quality), StreamFeed.whole(length));
        assertThat((long) whole.length).as("samples in the whole stream").isEqualTo(pair.outputSamplesForStream(length));
        assertThat(feed.processAndFlush(pair.create(quality), pieces(length))).as("in pieces").isEqualTo(whole);

        // Away from the ends (where the stream starts and ends in silence) the output is the input's DC level:
        // the noise is far above the cut-off and every row sums to 1.
        int settled = (int) Math.ceil(pair.create(quality).delaySamples()) + 1;
        double worst = 0;
        for (int i = settled; i < whole.length - settled; i++) {
            worst = Math.max(worst, Math.abs(whole[i] - 0.5));
        }
        assertThat(whole.length).isGreaterThan(2 * settled + 900);
        assertThat(worst).as("largest distance from the DC level 0.5").isLessThan(2e-3);
    }
}
