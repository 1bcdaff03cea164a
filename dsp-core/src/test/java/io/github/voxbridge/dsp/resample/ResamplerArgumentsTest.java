package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad arguments fail fast with the offending value in the message, and a call that fails consumes nothing: the
 * stream carries on as if the call had never been made.
 */
class ResamplerArgumentsTest {

    private static final int[] CHUNK = {480, 441, 1};

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 999, 384_001, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void ratesOutsideTheSupportedRangeAreRejectedByValue(int rate) {
        String value = "rate " + rate + " Hz";
        assertThatThrownBy(() -> PolyphaseResampler.create(rate, 8_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input " + value);
        assertThatThrownBy(() -> PolyphaseResampler.create(8_000, rate))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output " + value);
        assertThatThrownBy(() -> PolyphaseResampler.create(rate, 8_000, ResamplerQuality.HQ))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input " + value);
        assertThatThrownBy(() -> PolyphaseResampler.create(8_000, rate, ResamplerQuality.FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output " + value);
    }

    @Test
    void theEndsOfTheRangeAreAccepted() {
        assertThat(PolyphaseResampler.create(PolyphaseResampler.MIN_RATE, PolyphaseResampler.MAX_RATE).outputRate())
                .isEqualTo(384_000);
        assertThat(PolyphaseResampler.create(PolyphaseResampler.MAX_RATE, PolyphaseResampler.MIN_RATE).inputRate())
                .isEqualTo(384_000);
    }

    @Test
    void aNullQualityIsRejected() {
        assertThatThrownBy(() -> PolyphaseResampler.create(24_000, 8_000, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quality");
        assertThatThrownBy(() -> PolyphaseResampler.create(8_000, 8_000, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quality");
    }

    @Test
    void aNegativeCountIsRejectedByValue() {
        PolyphaseResampler r = PolyphaseResampler.create(24_000, 8_000);
        float[] out = new float[1_000];
        assertThatThrownBy(() -> r.process(new float[10], 0, -1, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> r.process(new short[10], 5, -3, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
        assertThatThrownBy(() -> r.outputSamplesFor(-7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-7");
    }

    /** A negative count is the error reported, whatever else is wrong with the call. */
    @Test
    void aNegativeCountIsReportedBeforeTheRange() {
        PolyphaseResampler r = PolyphaseResampler.create(24_000, 8_000);
        float[] out = new float[1_000];
        assertThatThrownBy(() -> r.process(new float[10], 20, -1, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative sample count -1");
        assertThatThrownBy(() -> r.process(new short[10], 20, -2, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative sample count -2");
    }

    @Test
    void inputRangesOutsideTheArrayAreRejectedWithTheRange() {
        PolyphaseResampler r = PolyphaseResampler.create(24_000, 8_000);
        float[] out = new float[1_000];
        assertThatThrownBy(() -> r.process(new float[12], 5, 10, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("input range [5, 5 + 10)").hasMessageContaining("length 12");
        assertThatThrownBy(() -> r.process(new short[12], -1, 2, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("input range [-1, -1 + 2)").hasMessageContaining("length 12");
        assertThatThrownBy(() -> r.process(new float[12], 13, 0, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("[13, 13 + 0)");
        assertThatThrownBy(() -> r.process(new float[12], Integer.MAX_VALUE, 2, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining(Integer.MAX_VALUE + " + 2");
        assertThat(r.process(new float[12], 12, 0, out, 0)).as("an empty range at the end is fine").isZero();
    }

    @Test
    void outputRangesOutsideTheArrayAreRejectedWithTheRange() {
        PolyphaseResampler r = PolyphaseResampler.create(8_000, 16_000);
        int needed = r.outputSamplesFor(1_000);
        assertThat(needed).isPositive();
        assertThatThrownBy(() -> r.process(new float[1_000], 0, 1_000, new float[needed + 3], 4))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("output range [4, 4 + " + needed + ")")
                .hasMessageContaining("length " + (needed + 3));
        assertThatThrownBy(() -> r.process(new short[1_000], 0, 1_000, new float[needed], -1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("output range [-1, -1 + " + needed + ")");
    }

    /**
     * A call whose output does not fit, or whose input range is bad, must leave the state untouched: the same
     * stream fed again with correct arguments gives what a resampler that never saw the failed call gives.
     */
    @Test
    void aFailedCallConsumesNothing() {
        for (RatePair pair : RatePair.TELEPHONY) {
            for (boolean shorts : new boolean[] {false, true}) {
                Random random = new Random(pair.input() + pair.output());
                float[] floats = new float[CHUNK[0] + CHUNK[1] + CHUNK[2]];
                short[] shortSamples = new short[floats.length];
                for (int i = 0; i < floats.length; i++) {
                    shortSamples[i] = (short) random.nextInt(1 << 16);
                    floats[i] = shortSamples[i] / 32768f;
                }
                StreamFeed feed = shorts ? StreamFeed.of(shortSamples) : StreamFeed.of(floats);
                float[] expected = feed.processAndFlush(pair.create(ResamplerQuality.TELEPHONY), CHUNK);

                PolyphaseResampler r = pair.create(ResamplerQuality.TELEPHONY);
                float[] out = new float[expected.length];
                int written = 0;
                int offset = 0;
                for (int piece : CHUNK) {
                    int needed = r.outputSamplesFor(piece);
                    if (needed > 0) {
                        float[] tooSmall = new float[needed - 1];
                        int at = offset;
                        assertThatThrownBy(() -> callProcess(r, shorts, floats, shortSamples, at, piece, tooSmall, 0))
                                .isInstanceOf(IndexOutOfBoundsException.class);
                    }
                    int pastTheEnd = offset + 1;
                    assertThatThrownBy(() -> callProcess(r, shorts, floats, shortSamples, pastTheEnd, floats.length,
                            out, 0))
                            .isInstanceOf(IndexOutOfBoundsException.class);
                    assertThat(r.outputSamplesFor(piece)).as("%s: promise unchanged by failed calls", pair)
                            .isEqualTo(needed);
                    written += callProcess(r, shorts, floats, shortSamples, offset, piece, out, written);
                    offset += piece;
                }
                int owed = r.flushSamples();
                if (owed > 0) {
                    assertThatThrownBy(() -> r.flush(new float[owed], 1))
                            .isInstanceOf(IndexOutOfBoundsException.class)
                            .hasMessageContaining("output range [1, 1 + " + owed + ")");
                    assertThat(r.flushSamples()).as("%s: still owed after a failed flush", pair).isEqualTo(owed);
                }
                written += r.flush(out, written);
                assertThat(written).isEqualTo(expected.length);
                assertThat(out).as("%s, %s input", pair, shorts ? "short" : "float").isEqualTo(expected);
            }
        }
    }

    private static int callProcess(PolyphaseResampler r, boolean shorts, float[] floats, short[] shortSamples,
                                   int offset, int length, float[] out, int outOff) {
        return shorts ? r.process(shortSamples, offset, length, out, outOff)
                : r.process(floats, offset, length, out, outOff);
    }

    /**
     * Upsampling by 384 turns 5,592,406 input samples into more than {@code Integer.MAX_VALUE} outputs. The count
     * must not wrap to a negative promise that passes the output check and fails half-way through the call.
     */
    @Test
    void aCallThatWouldWriteMoreThanAnArrayHoldsIsRejectedBeforeConsuming() {
        PolyphaseResampler r = PolyphaseResampler.create(1_000, 384_000, ResamplerQuality.FAST);
        assertThatThrownBy(() -> r.outputSamplesFor(6_000_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6000000");
        assertThatThrownBy(() -> PolyphaseResampler.create(8_000, 16_000).outputSamplesFor(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(Integer.MAX_VALUE));
        assertThat(r.outputSamplesFor(Integer.MAX_VALUE / 384 - 100)).isPositive();

        float[] huge = new float[6_000_000];
        assertThatThrownBy(() -> r.process(huge, 0, huge.length, new float[1_000], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6000000");
        assertThat(r.flushSamples()).as("nothing consumed").isZero();
        float[] ramp = new float[2_000];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i / 2_000f;
        }
        float[] expected = StreamFeed.of(ramp).processAndFlush(
                PolyphaseResampler.create(1_000, 384_000, ResamplerQuality.FAST), ramp.length);
        assertThat(StreamFeed.of(ramp).processAndFlush(r, ramp.length)).isEqualTo(expected);
    }

    /**
     * The limit is exactly what an int counts: a call that writes {@code Integer.MAX_VALUE} samples is promised,
     * one more input sample is refused. 44.1 to 48 kHz (160/147) steps by one or two outputs per input sample, so
     * both counts hit {@code Integer.MAX_VALUE} exactly (n found by bisection on this design).
     */
    @Test
    void countsUpToIntegerMaxValueAreAcceptedAndNoMore() {
        PolyphaseResampler r = PolyphaseResampler.create(44_100, 48_000, ResamplerQuality.HQ);
        assertThat(r.maxOutputSamplesFor(1_973_000_600)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> r.maxOutputSamplesFor(1_973_000_601))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1973000601 input samples can give 2147483648 output samples");
        assertThat(r.outputSamplesFor(1_973_000_661)).as("the first call, shorter by the filter's delay")
                .isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> r.outputSamplesFor(1_973_000_662))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1973000662 input samples would give 2147483649 output samples");
    }

    @Test
    void processingAfterFlushNeedsReset() {
        PolyphaseResampler r = PolyphaseResampler.create(24_000, 8_000);
        float[] out = new float[1_000];
        r.process(new float[480], 0, 480, out, 0);
        r.flush(out, 0);
        assertThatThrownBy(() -> r.process(new float[480], 0, 480, out, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reset");
        assertThatThrownBy(() -> r.process(new short[480], 0, 0, out, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reset");
        r.reset();
        assertThat(r.process(new float[480], 0, 480, out, 0))
                .isEqualTo(PolyphaseResampler.create(24_000, 8_000).outputSamplesFor(480));
    }

    @Test
    void equalRatesPassFloatsThroughBitForBit() {
        for (ResamplerQuality quality : ResamplerQuality.values()) {
            PolyphaseResampler r = PolyphaseResampler.create(16_000, 16_000, quality);
            assertThat(r.taps()).isZero();
            assertThat(r.delaySamples()).isZero();
            assertThat(r.quality()).isNull();
            Random random = new Random(8_000);
            float[] in = new float[1_003];
            for (int i = 0; i < in.length; i++) {
                in[i] = Float.intBitsToFloat(random.nextInt());
            }
            in[0] = -0f;
            in[1] = Float.MIN_VALUE;
            float[] out = StreamFeed.of(in).processAndFlush(r, 1, 0, 500, 502);
            assertThat(out).hasSize(in.length);
            for (int i = 0; i < in.length; i++) {
                assertThat(Float.floatToRawIntBits(out[i])).as("sample %d", i)
                        .isEqualTo(Float.floatToRawIntBits(in[i]));
            }
        }
    }

    @Test
    void equalRatesConvertShortsByOneOver32768() {
        PolyphaseResampler r = PolyphaseResampler.create(8_000, 8_000);
        short[] in = new short[1 << 16];
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) i;
        }
        float[] out = StreamFeed.of(in).processAndFlush(r, 7, 65_529);
        for (int i = 0; i < in.length; i++) {
            assertThat(out[i]).as("sample %d", in[i]).isEqualTo(in[i] / 32768f);
        }
    }
}
