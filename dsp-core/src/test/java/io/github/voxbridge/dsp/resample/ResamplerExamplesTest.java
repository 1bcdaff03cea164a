package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The examples in the Javadoc of {@link PolyphaseResampler} and {@link TelephonyEncoder}, run: each region between
 * {@code @start} and {@code @end} is the example's code, character for character (the documentation check in
 * twilio-frames compares them). Two seconds of 24 kHz audio in 20 ms chunks and a shorter last one, as a TTS engine
 * delivers it; the first chunk writes less than 160 (the filter's delay), which is what made the old examples,
 * sized by the first call, throw on the second.
 */
class ResamplerExamplesTest {

    private final List<Integer> delivered = new ArrayList<>();
    private int deliveredSamples;

    private static List<short[]> twoSecondsIn20msChunks() {
        SplittableRandom random = new SplittableRandom(24);
        short[] audio = new short[48_000 + 250];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (short) (8_000 * Math.sin(i * 2 * Math.PI * 440 / 24_000) + random.nextInt(-300, 300));
        }
        List<short[]> chunks = new ArrayList<>();
        for (int at = 0; at < audio.length; at += 480) {
            chunks.add(Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 480)));
        }
        return chunks;
    }

    /** Where the examples hand their output on. */
    private void deliver(float[] samples, int count) {
        assertThat(count).isLessThanOrEqualTo(samples.length);
        delivered.add(count);
        deliveredSamples += count;
    }

    private void deliver(byte[] codes, int count) {
        assertThat(count).isLessThanOrEqualTo(codes.length);
        delivered.add(count);
        deliveredSamples += count;
    }

    private void assertStreamed(int inputSamples) {
        assertThat(delivered.get(0)).as("the first chunk: less, the filter's delay").isLessThan(160);
        assertThat(delivered.subList(1, delivered.size() - 2)).as("every later whole chunk").containsOnly(160);
        assertThat(deliveredSamples).isEqualTo((inputSamples * 8_000 + 23_999) / 24_000);
    }

    @Test
    void polyphaseResamplerExample() {
        List<short[]> chunks = twoSecondsIn20msChunks();
        // @start region="polyphase-resampler-stream"
        PolyphaseResampler resampler = PolyphaseResampler.create(24_000, 8_000);    // telephony preset
        float[] out = new float[Math.max(resampler.maxOutputSamplesFor(480), resampler.flushSamplesBound())];
        for (short[] chunk : chunks) {                                  // 20 ms of 24 kHz audio, or less
            int n = resampler.process(chunk, 0, chunk.length, out, 0);  // fewer the first time, then 160
            deliver(out, n);
        }
        deliver(out, resampler.flush(out, 0));                          // end of the utterance: the rest
        resampler.reset();                                              // ready for the next one
        // @end region="polyphase-resampler-stream"
        assertStreamed(chunks.stream().mapToInt(c -> c.length).sum());
        assertThat(out).hasSize(160);
    }

    @Test
    void telephonyEncoderExample() {
        List<short[]> chunks = twoSecondsIn20msChunks();
        // @start region="telephony-encoder-stream"
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(24_000);      // telephony preset
        byte[] ulaw = new byte[Math.max(encoder.maxOutputBytesFor(480), encoder.flushBytesBound())];
        for (short[] chunk : chunks) {                                  // 20 ms of 24 kHz audio, or less
            int n = encoder.encode(chunk, 0, chunk.length, ulaw, 0);    // fewer the first time, then 160
            deliver(ulaw, n);
        }
        deliver(ulaw, encoder.flush(ulaw, 0));                          // end of the utterance: the rest
        encoder.reset();                                                // ready for the next one
        // @end region="telephony-encoder-stream"
        assertStreamed(chunks.stream().mapToInt(c -> c.length).sum());
    }
}
