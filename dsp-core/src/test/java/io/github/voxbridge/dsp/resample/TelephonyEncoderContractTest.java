package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link TelephonyEncoder}'s contract besides the bytes of the 16-bit path (TelephonyEncoderTest): the float path,
 * the sizes, flush and reset, and which error a bad call gets, always before anything is consumed.
 */
class TelephonyEncoderContractTest {

    private static short[] tone(int n, int rate) {
        short[] x = new short[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) Math.round(12_000 * Math.sin(2 * Math.PI * 440 * i / rate)
                    + 6_000 * Math.sin(2 * Math.PI * 1_250 * i / rate));
        }
        return x;
    }

    /** The same samples as floats: the resampler takes 16-bit samples as {@code s / 32768}. */
    private static float[] asFloats(short[] pcm) {
        float[] f = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            f[i] = pcm[i] / 32768f;
        }
        return f;
    }

    /** A whole stream through the 16-bit path in chunks of {@code chunk}, then flushed. */
    private static byte[] encodeShorts(TelephonyEncoder encoder, short[] pcm, int chunk) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] out = new byte[encoder.maxOutputBytesFor(chunk) + encoder.flushBytesBound()];
        for (int off = 0; off < pcm.length; off += chunk) {
            int n = encoder.encode(pcm, off, Math.min(chunk, pcm.length - off), out, 0);
            bytes.write(out, 0, n);
        }
        bytes.write(out, 0, encoder.flush(out, 0));
        return bytes.toByteArray();
    }

    /**
     * Floats give the bytes their 16-bit originals give, each call exactly {@code outputBytesFor} of them, in
     * chunks below and above the internal slice of 2,048 samples; mu-law and A-law, down- and upsampling.
     */
    @Test
    void theFloatPathGivesTheBytesOfThe16BitPath() {
        for (int rate : new int[] {24_000, 44_100, 4_000}) {
            for (boolean muLaw : new boolean[] {true, false}) {
                short[] pcm = tone(rate / 2 + 123, rate); // more than one slice of 2,048 at every rate
                float[] floats = asFloats(pcm);
                for (int chunk : new int[] {160, 5_000}) {
                    byte[] expected = encodeShorts(encoder(rate, muLaw), pcm, chunk);
                    TelephonyEncoder encoder = encoder(rate, muLaw);
                    ByteArrayOutputStream actual = new ByteArrayOutputStream();
                    byte[] out = new byte[encoder.maxOutputBytesFor(chunk)];
                    for (int off = 0; off < floats.length; off += chunk) {
                        int len = Math.min(chunk, floats.length - off);
                        int predicted = encoder.outputBytesFor(len);
                        int n = encoder.encode(floats, off, len, out, 0);
                        assertThat(n).as("%d Hz, chunk %d at %d", rate, chunk, off).isEqualTo(predicted);
                        actual.write(out, 0, n);
                    }
                    byte[] tail = new byte[encoder.flushBytesBound()];
                    actual.write(tail, 0, encoder.flush(tail, 0));
                    assertThat(actual.toByteArray()).as("%d Hz %s, chunks of %d", rate, muLaw ? "mu" : "A", chunk)
                            .hasSize((int) Math.ceil(pcm.length * 8000.0 / rate)).isEqualTo(expected);
                }
            }
        }
    }

    private static TelephonyEncoder encoder(int rate, boolean muLaw) {
        return muLaw ? TelephonyEncoder.muLaw(rate) : TelephonyEncoder.aLaw(rate);
    }

    /** The resampler inside: the input rate to 8 kHz with the chosen preset (telephony unless one is chosen). */
    @Test
    void theResamplerInsideHasTheRatesAndPreset() {
        PolyphaseResampler mu = TelephonyEncoder.muLaw(24_000).resampler();
        assertThat(mu.inputRate()).isEqualTo(24_000);
        assertThat(mu.outputRate()).isEqualTo(TelephonyEncoder.RATE);
        assertThat(mu.quality()).isEqualTo(ResamplerQuality.TELEPHONY);
        assertThat(TelephonyEncoder.aLaw(16_000, ResamplerQuality.HQ).resampler().quality())
                .isEqualTo(ResamplerQuality.HQ);
        assertThat(TelephonyEncoder.muLaw(48_000, ResamplerQuality.FAST).resampler().quality())
                .isEqualTo(ResamplerQuality.FAST);
    }

    /** 160 bytes for a 20 ms chunk at 24 kHz, and the flush bound is the resampler's. */
    @Test
    void theSizesAreTheResamplersOneBytePerSample() {
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(24_000);
        assertThat(encoder.maxOutputBytesFor(480)).isEqualTo(160);
        assertThat(encoder.maxOutputBytesFor(481)).isEqualTo(161);
        assertThat(encoder.maxOutputBytesFor(0)).isZero();
        assertThat(encoder.flushBytesBound()).isEqualTo(encoder.resampler().flushSamplesBound());
        assertThat(TelephonyEncoder.aLaw(44_100).maxOutputBytesFor(882)).isEqualTo(160);
    }

    /** A flush that does not fit is refused with the size it needs and leaves the stream as it was. */
    @Test
    void aTooSmallFlushOutputIsRefusedAndTheStreamKept() {
        short[] pcm = tone(4_800, 24_000);
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(24_000);
        byte[] out = new byte[encoder.maxOutputBytesFor(pcm.length)];
        int written = encoder.encode(pcm, 0, pcm.length, out, 0);
        int owed = encoder.flushBytes();
        assertThat(owed).isPositive();
        assertThatThrownBy(() -> encoder.flush(new byte[owed - 1], 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("output range [0, 0 + " + owed + ") does not fit an array of length " + (owed - 1)
                        + " (this call writes " + owed + " bytes)");
        assertThatThrownBy(() -> encoder.flush(new byte[owed], 1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("this call writes " + owed + " bytes");
        assertThat(encoder.flushBytes()).isEqualTo(owed);
        byte[] tail = new byte[owed];
        assertThat(encoder.flush(tail, 0)).isEqualTo(owed);

        byte[] whole = new byte[written + owed];
        System.arraycopy(out, 0, whole, 0, written);
        System.arraycopy(tail, 0, whole, written, owed);
        assertThat(whole).isEqualTo(encodeShorts(TelephonyEncoder.muLaw(24_000), pcm, pcm.length));
    }

    @Test
    void aTooSmallOutputForFloatsIsRefusedBeforeAnythingIsConsumed() {
        float[] floats = asFloats(tone(4_800, 24_000));
        TelephonyEncoder encoder = TelephonyEncoder.aLaw(24_000);
        int needed = encoder.outputBytesFor(floats.length);
        assertThatThrownBy(() -> encoder.encode(floats, 0, floats.length, new byte[needed + 10], 11))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("output range [11, 11 + " + needed + ") does not fit an array of length " + (needed + 10)
                        + " (this call writes " + needed + " bytes)");
        assertThat(encoder.flushBytes()).as("nothing consumed").isZero();
        assertThat(encoder.outputBytesFor(floats.length)).isEqualTo(needed);
    }

    /** After {@code reset()} the encoder gives a new stream exactly the bytes a fresh encoder gives. */
    @Test
    void resetStartsANewStream() {
        short[] first = tone(3_001, 24_000);
        short[] second = tone(5_000, 24_000);
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(24_000);
        encodeShorts(encoder, first, 480);
        encoder.reset();
        assertThat(encoder.flushBytes()).isZero();
        assertThat(encodeShorts(encoder, second, 480))
                .isEqualTo(encodeShorts(TelephonyEncoder.muLaw(24_000), second, 480));
    }

    /** A negative count is reported as such, even with a bad offset; the resampler checks in the same order. */
    @Test
    void aNegativeCountIsNamed() {
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(16_000);
        byte[] out = new byte[100];
        assertThatThrownBy(() -> encoder.encode(new short[10], 0, -5, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative sample count -5");
        assertThatThrownBy(() -> encoder.encode(new short[10], -1, -5, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative sample count -5");
        assertThatThrownBy(() -> encoder.encode(new float[10], -1, -5, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative sample count -5");
    }

    /**
     * A bad input range is reported as the input's, before the output is looked at, and before any slice of the
     * input is resampled: the encoder afterwards gives the bytes of one that never saw the call.
     */
    @Test
    void aBadInputRangeIsNamedBeforeTheOutputAndConsumesNothing() {
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(16_000);
        byte[] none = new byte[0];
        // Counts long enough that the output, too, would be too small.
        assertThat(encoder.outputBytesFor(600)).isPositive();
        assertThatThrownBy(() -> encoder.encode(new short[1_000], -1, 600, none, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("input range [-1, -1 + 600) is out of bounds for an array of length 1000");
        assertThatThrownBy(() -> encoder.encode(new float[1_000], 500, 600, none, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("input range [500, 500 + 600) is out of bounds for an array of length 1000");
        assertThatThrownBy(() -> encoder.encode(new short[1_000], 500, 600, none, 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("input range [500, ");
        assertThatThrownBy(() -> encoder.encode(new float[1_000], -1, 600, none, 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("input range [-1, ");

        short[] pcm = tone(5_000, 16_000);
        byte[] out = new byte[4_000];
        // 4,500 samples from 1,000 run past the end; the first 2,048 of them exist.
        assertThatThrownBy(() -> encoder.encode(pcm, 1_000, 4_500, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("input range [1000, 1000 + 4500) is out of bounds for an array of length 5000");
        assertThatThrownBy(() -> encoder.encode(asFloats(pcm), 1_000, 4_500, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("input range [1000, ");
        assertThat(encoder.flushBytes()).as("nothing consumed").isZero();
        assertThat(encodeShorts(encoder, pcm, 1_000)).isEqualTo(encodeShorts(TelephonyEncoder.muLaw(16_000), pcm, 1_000));
    }
}
