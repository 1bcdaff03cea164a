package io.github.voxbridge.tts.cartesia;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine is found by name through the API's ServiceLoader once this module is on the class path. */
class CartesiaEngineProviderTest {

    @Test
    void serviceLoaderFindsCartesia() {
        assertThat(TtsEngines.providers().get("cartesia")).isInstanceOf(CartesiaEngineProvider.class);
    }

    @Test
    void itNeedsTheKeysEnvironmentVariable() {
        assertThat(new CartesiaEngineProvider().requirements()).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("CARTESIA_API_KEY");
            assertThat(r.met()).isEqualTo(System.getenv("CARTESIA_API_KEY") != null
                    && !System.getenv("CARTESIA_API_KEY").isBlank());
        });
    }

    @Test
    void createdByNameItSpeaksToTheGivenBaseUrl() throws Exception {
        try (FakeCartesiaSocket server = new FakeCartesiaSocket(CartesiaEngineTest.KEY)) {
            byte[] audio = FakeCartesiaSocket.audioFor("x", 999);
            server.script((c, context) -> {
                c.chunks(context, audio, 0, audio.length);
                c.done(context);
            });
            try (TtsEngine engine = TtsEngines.create("cartesia",
                    Map.of("api-key", CartesiaEngineTest.KEY, "base-url", server.baseUrl()))) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize("Hello from voxbridge.", sink, new CancellationToken());
                assertThat(engine.name()).isEqualTo("cartesia");
                assertThat(sink.bytes()).isEqualTo(audio);
            }
        }
    }
}
