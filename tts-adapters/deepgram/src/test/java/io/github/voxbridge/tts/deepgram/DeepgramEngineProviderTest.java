package io.github.voxbridge.tts.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine is found by name through the API's ServiceLoader once this module is on the class path. */
class DeepgramEngineProviderTest {

    @Test
    void serviceLoaderFindsDeepgram() {
        assertThat(TtsEngines.providers().get("deepgram")).isInstanceOf(DeepgramEngineProvider.class);
    }

    @Test
    void itNeedsTheKeysEnvironmentVariable() {
        assertThat(new DeepgramEngineProvider().requirements()).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("DEEPGRAM_API_KEY");
            assertThat(r.met()).isEqualTo(System.getenv("DEEPGRAM_API_KEY") != null
                    && !System.getenv("DEEPGRAM_API_KEY").isBlank());
        });
    }

    @Test
    void createdByNameItSpeaksToTheGivenBaseUrl() throws Exception {
        try (FakeDeepgramSocket server = new FakeDeepgramSocket(DeepgramEngineTest.KEY)) {
            byte[] audio = FakeDeepgramRest.audioFor("x", 999);
            server.script(c -> {
                c.audio(audio, 0, audio.length);
                c.flushed();
            });
            try (TtsEngine engine = TtsEngines.create("deepgram",
                    Map.of("api-key", DeepgramEngineTest.KEY, "base-url", server.baseUrl()))) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize("Hello from voxbridge.", sink, new CancellationToken());
                assertThat(engine.name()).isEqualTo("deepgram");
                assertThat(sink.bytes()).isEqualTo(audio);
            }
        }
    }
}
