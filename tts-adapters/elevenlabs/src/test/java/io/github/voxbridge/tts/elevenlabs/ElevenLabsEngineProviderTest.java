package io.github.voxbridge.tts.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine is found by name through the API's ServiceLoader once this module is on the class path. */
class ElevenLabsEngineProviderTest {

    @Test
    void serviceLoaderFindsElevenLabs() {
        assertThat(TtsEngines.providers().get("elevenlabs")).isInstanceOf(ElevenLabsEngineProvider.class);
    }

    @Test
    void itNeedsTheKeysEnvironmentVariable() {
        assertThat(new ElevenLabsEngineProvider().requirements()).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("ELEVENLABS_API_KEY");
            assertThat(r.met()).isEqualTo(System.getenv("ELEVENLABS_API_KEY") != null
                    && !System.getenv("ELEVENLABS_API_KEY").isBlank());
        });
    }

    @Test
    void createdByNameItSpeaksToTheGivenBaseUrl() throws Exception {
        try (FakeElevenLabsSocket server = new FakeElevenLabsSocket(ElevenLabsEngineTest.KEY)) {
            byte[] audio = FakeElevenLabsHttp.audioFor("x", 999);
            server.script(c -> {
                c.audio(audio, 0, audio.length);
                c.end();
            });
            try (TtsEngine engine = TtsEngines.create("elevenlabs",
                    Map.of("api-key", ElevenLabsEngineTest.KEY, "base-url", server.baseUrl()))) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize("Hello from voxbridge.", sink, new CancellationToken());
                assertThat(engine.name()).isEqualTo("elevenlabs");
                assertThat(sink.bytes()).isEqualTo(audio);
            }
        }
    }
}
