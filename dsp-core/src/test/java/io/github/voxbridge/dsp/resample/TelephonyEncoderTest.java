package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fused path gives exactly the bytes of resampling then encoding, whatever the chunking. */
class TelephonyEncoderTest {

    private static short[] speechLike(int n, long seed, int rate) {
        SplittableRandom random = new SplittableRandom(seed);
        short[] x = new short[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double f0 = 120 + 40 * Math.sin(i / 3000.0);
            phase += 2 * Math.PI * f0 / rate;
            double envelope = 0.5 + 0.5 * Math.sin(i / 1700.0);
            double v = envelope * (0.4 * Math.sin(phase) + 0.2 * Math.sin(3 * phase) + 0.1 * Math.sin(7 * phase))
                    + 0.02 * random.nextGaussian();
            x[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
        }
        return x;
    }

    /** Input rates: the TTS rates, 8 kHz (pass-through), and the widened ones (96, 72, 32 and 11.025 kHz). */
    static final int[] RATES = {16_000, 22_050, 24_000, 44_100, 48_000, 8_000, 96_000, 72_000, 32_000, 11_025};

    /**
     * Half a second plus 17 samples of speech-like 16-bit input at {@code rate}, encoded in chunks of 0 to
     * {@code maxChunk} samples drawn from {@code seed} (which also seeds the signal's noise).
     */
    record EncodeCase(int rate, boolean muLaw, int maxChunk, long seed) {
        @Override
        public String toString() {
            return rate + " Hz, " + (muLaw ? "mu-law" : "A-law") + ", chunks of 0.." + maxChunk + ", seed " + seed;
        }
    }

    /**
     * Every rate with both laws, chunks of at most 1 sample (every call 0 or 1), one 20 ms frame at 8 kHz (160), and
     * 2,000; then 40 drawn cases, chunks of at most 1..2,000.
     */
    static Stream<EncodeCase> cases() {
        SplittableRandom random = new SplittableRandom(0x7E1EL);
        Stream.Builder<EncodeCase> cases = Stream.builder();
        for (int rate : RATES) {
            for (boolean muLaw : new boolean[] {true, false}) {
                for (int maxChunk : new int[] {1, 160, 2_000}) {
                    cases.add(new EncodeCase(rate, muLaw, maxChunk, random.nextLong()));
                }
            }
        }
        for (int i = 0; i < 40; i++) {
            cases.add(new EncodeCase(RATES[random.nextInt(RATES.length)], random.nextBoolean(),
                    1 + random.nextInt(2_000), random.nextLong()));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chunkedEncodingEqualsResampleThenEncode(EncodeCase encode) {
        int rate = encode.rate();
        boolean muLaw = encode.muLaw();
        short[] pcm = speechLike(rate / 2 + 17, encode.seed(), rate);

        PolyphaseResampler reference = PolyphaseResampler.create(rate, 8000, ResamplerQuality.TELEPHONY);
        float[] resampled = new float[reference.outputSamplesFor(pcm.length) + reference.flushSamplesBound()];
        int n = reference.process(pcm, 0, pcm.length, resampled, 0);
        n += reference.flush(resampled, n);
        byte[] expected = new byte[n];
        if (muLaw) {
            MuLaw.encode(resampled, 0, expected, 0, n);
        } else {
            ALaw.encode(resampled, 0, expected, 0, n);
        }
        assertThat(n).as("%s: resampled length", encode).isEqualTo((int) Math.ceil(pcm.length * 8000.0 / rate));

        TelephonyEncoder encoder = muLaw ? TelephonyEncoder.muLaw(rate) : TelephonyEncoder.aLaw(rate);
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        SplittableRandom split = new SplittableRandom(~encode.seed());
        byte[] buffer = new byte[8192];
        for (int off = 0; off < pcm.length; ) {
            int len = Math.min(pcm.length - off, split.nextInt(encode.maxChunk() + 1));
            int predicted = encoder.outputBytesFor(len);
            int written = encoder.encode(pcm, off, len, buffer, 0);
            assertThat(written).as("%s: bytes for %d samples at %d", encode, len, off).isEqualTo(predicted);
            actual.write(buffer, 0, written);
            off += len;
        }
        int tail = encoder.flushBytes();
        assertThat(encoder.flush(buffer, 0)).as("%s: flushed bytes", encode).isEqualTo(tail);
        actual.write(buffer, 0, tail);
        assertThat(actual.toByteArray()).as("%s", encode).isEqualTo(expected);
    }

    @Test
    void aTooSmallOutputIsRefusedBeforeAnythingIsConsumed() {
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(24000);
        short[] pcm = speechLike(4800, 1, 24_000);
        int needed = encoder.outputBytesFor(4800);
        assertThatThrownBy(() -> encoder.encode(pcm, 0, 4800, new byte[needed - 1], 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("this call writes " + needed + " bytes");
        assertThat(encoder.outputBytesFor(4800)).isEqualTo(needed);
        TelephonyEncoder fresh = TelephonyEncoder.muLaw(24000);
        byte[] a = new byte[needed];
        byte[] b = new byte[needed];
        encoder.encode(pcm, 0, 4800, a, 0);
        fresh.encode(pcm, 0, 4800, b, 0);
        assertThat(a).isEqualTo(b);
    }
}
