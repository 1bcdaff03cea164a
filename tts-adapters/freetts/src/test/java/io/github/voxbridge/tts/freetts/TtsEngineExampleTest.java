package io.github.voxbridge.tts.freetts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.pcm.PcmStreamDecoder;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import org.junit.jupiter.api.Test;

/**
 * The example in the Javadoc of {@link TtsEngine}, run with the engine it names: the region between {@code @start}
 * and {@code @end} is the example's code, character for character (the documentation check in twilio-frames
 * compares them).
 */
class TtsEngineExampleTest {

    private int samplesDelivered;

    /** Where the engine example hands its samples on. */
    private void deliver(short[] samples, int count) {
        assertThat(count).isBetween(0, samples.length);
        samplesDelivered += count;
    }

    @Test
    void ttsEngineExample() throws TtsException {
        // @start region="tts-engine-synthesize"
        try (TtsEngine engine = TtsEngines.create("freetts")) {
            CancellationToken cancel = new CancellationToken();   // cancel.cancel() from any thread stops it
            engine.synthesize("Hello from voxbridge.", new AudioSink() {
                private PcmStreamDecoder decoder;
                private short[] samples = new short[0];

                public void format(AudioFormatSpec format) {      // once, first: s16be at 16 kHz for FreeTTS
                    decoder = new PcmStreamDecoder(format.encoding());
                }

                public void audio(byte[] chunk, int off, int len) {
                    if (samples.length < decoder.samplesFor(len)) {
                        samples = new short[decoder.samplesFor(len)];
                    }
                    int count = decoder.decode(chunk, off, len, samples, 0);  // copied: the chunk is only lent
                    deliver(samples, count);
                }
            }, cancel);
        }
        // @end region="tts-engine-synthesize"
        // "Hello from voxbridge." is about 1.3 s at 16 kHz; anything near that shows the audio went through.
        assertThat(samplesDelivered).isBetween(16_000, 40_000);
    }
}
