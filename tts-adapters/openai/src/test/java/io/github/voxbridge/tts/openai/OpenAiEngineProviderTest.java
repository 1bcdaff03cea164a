package io.github.voxbridge.tts.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine is found by name through the API's ServiceLoader once this module is on the class path. */
class OpenAiEngineProviderTest {

    @Test
    void serviceLoaderFindsOpenAi() {
        assertThat(TtsEngines.providers()).containsKeys("openai", "prerecorded");
        assertThat(TtsEngines.providers().get("openai")).isInstanceOf(OpenAiEngineProvider.class);
        assertThat(new OpenAiEngineProvider().description())
                .isEqualTo("OpenAI /v1/audio/speech, streamed pcm (s16le mono 24000 Hz), model gpt-4o-mini-tts, "
                        + "voice alloy");
    }

    @Test
    void itNeedsTheKeysEnvironmentVariable() {
        assertThat(new OpenAiEngineProvider().requirements()).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("OPENAI_API_KEY");
            assertThat(r.met()).isEqualTo(System.getenv("OPENAI_API_KEY") != null
                    && !System.getenv("OPENAI_API_KEY").isBlank());
        });
        assertThat(EngineRequirement.environment("OPENAI_API_KEY", "-E api-key=...", name -> null).detail())
                .isEqualTo("not set: export OPENAI_API_KEY=... or -E api-key=...");
    }

    @Test
    void createdByNameItSpeaksToTheGivenBaseUrl() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(OpenAiEngineTest.KEY)) {
            server.respond((exchange, request) -> FakeOpenAiServer.writePaced(FakeOpenAiServer.startAudio(exchange),
                    FakeOpenAiServer.audioFor("x", 999), 0, 999, 0));
            try (TtsEngine engine = TtsEngines.create("openai",
                    Map.of("api-key", OpenAiEngineTest.KEY, "base-url", server.baseUrl()))) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize("Hello from voxbridge.", sink, new CancellationToken());
                assertThat(engine.name()).isEqualTo("openai");
                assertThat(sink.bytes()).isEqualTo(FakeOpenAiServer.audioFor("x", 999));
            }
        }
    }
}
