package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example in the Javadoc of {@link SentenceAggregator}, run: the region between {@code @start} and {@code @end}
 * is the example's code, character for character (the documentation check in twilio-frames compares them).
 * {@link TtsEngine}'s example speaks with FreeTTS, so it runs in the freetts module ({@code TtsEngineExampleTest}).
 */
class TtsExamplesTest {

    private final List<String> spoken = new ArrayList<>();

    /** Where the aggregator example sends each segment: a TTS engine in real code. */
    private void speak(String segment) {
        spoken.add(segment);
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
