package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The fused path gives exactly the bytes of resampling then encoding, whatever the chunking. */
class TelephonyEncoderTest {

    private static short[] speechLike(int n, long seed) {
        Random random = new Random(seed);
        short[] x = new short[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double f0 = 120 + 40 * Math.sin(i / 3000.0);
            phase += 2 * Math.PI * f0 / 24000;
            double envelope = 0.5 + 0.5 * Math.sin(i / 1700.0);
            double v = envelope * (0.4 * Math.sin(phase) + 0.2 * Math.sin(3 * phase) + 0.1 * Math.sin(7 * phase))
                    + 0.02 * random.nextGaussian();
            x[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
        }
        return x;
    }

    @Property(tries = 40)
    void chunkedEncodingEqualsResampleThenEncode(@ForAll("rates") int rate, @ForAll boolean muLaw,
                                                @ForAll @IntRange(min = 1, max = 2000) int maxChunk,
                                                @ForAll long seed) {
        short[] pcm = speechLike(rate / 2 + 17, seed);

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
        assertThat(n).isEqualTo((int) Math.ceil(pcm.length * 8000.0 / rate));

        TelephonyEncoder encoder = muLaw ? TelephonyEncoder.muLaw(rate) : TelephonyEncoder.aLaw(rate);
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        Random split = new Random(seed);
        byte[] buffer = new byte[8192];
        for (int off = 0; off < pcm.length; ) {
            int len = Math.min(pcm.length - off, split.nextInt(maxChunk + 1));
            int predicted = encoder.outputBytesFor(len);
            int written = encoder.encode(pcm, off, len, buffer, 0);
            assertThat(written).isEqualTo(predicted);
            actual.write(buffer, 0, written);
            off += len;
        }
        int tail = encoder.flushBytes();
        assertThat(encoder.flush(buffer, 0)).isEqualTo(tail);
        actual.write(buffer, 0, tail);
        assertThat(actual.toByteArray()).isEqualTo(expected);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> rates() {
        return net.jqwik.api.Arbitraries.of(16000, 22050, 24000, 44100, 48000, 8000);
    }

    @net.jqwik.api.Example
    void aTooSmallOutputIsRefusedBeforeAnythingIsConsumed() {
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(24000);
        short[] pcm = speechLike(4800, 1);
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
