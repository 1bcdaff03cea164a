package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.pcm.PcmStreamDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples in the Javadoc of {@link TtsEngine} and {@link SentenceAggregator}, run: each region between
 * {@code @start} and {@code @end} is the example's code, character for character (the documentation check in
 * twilio-frames compares them).
 */
class TtsExamplesTest {

    private int samplesDelivered;
    private final List<String> spoken = new ArrayList<>();

    /** Where the engine example hands its samples on. */
    private void deliver(short[] samples, int count) {
        assertThat(count).isBetween(0, samples.length);
        samplesDelivered += count;
    }

    /** Where the aggregator example sends each segment: a TTS engine in real code. */
    private void speak(String segment) {
        spoken.add(segment);
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

    @Test
    void sentenceAggregatorExample() {
        List<String> llmTokens = List.of("Sure", ".", " Your order", " ships", " tomorrow", "! Anything", " else?");
        // @start region="sentence-aggregator-tokens"
        SentenceAggregator segments = new SentenceAggregator();   // or SentenceAggregator.builder()...build()
        for (String token : llmTokens) {
            segments.accept(token, this::speak);                  // zero or more segments per token
        }
        segments.finish(this::speak);                             // the rest; then ready for the next stream
        // @end region="sentence-aggregator-tokens"
        assertThat(spoken).containsExactly("Sure.", "Your order ships tomorrow!", "Anything else?");
    }
}
