package io.github.voxbridge.tts.google;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine is found by name through the API's ServiceLoader once this module is on the class path. */
class GoogleEngineProviderTest {

    @Test
    void serviceLoaderFindsGoogle() {
        assertThat(TtsEngines.providers().get("google")).isInstanceOf(GoogleEngineProvider.class);
        assertThat(new GoogleEngineProvider().description()).isEqualTo("Google Cloud Text-to-Speech REST, MULAW "
                + "8000 Hz passed through (or LINEAR16 24000 Hz), voice en-US-Chirp3-HD-Charon");
    }

    @Test
    void itNeedsTheKeysEnvironmentVariable() {
        assertThat(new GoogleEngineProvider().requirements()).singleElement()
                .satisfies(r -> assertThat(r.what()).isEqualTo("GOOGLE_API_KEY"));
    }

    @Test
    void createdByNameItSpeaksToTheGivenBaseUrl() throws Exception {
        try (FakeGoogleServer server = new FakeGoogleServer(GoogleEngineTest.KEY)) {
            byte[] audio = FakeGoogleServer.audioFor("x", 999);
            server.respond((exchange, request) -> FakeGoogleServer.audio(exchange, FakeGoogleServer.muLawWav(audio)));
            try (TtsEngine engine = TtsEngines.create("google",
                    Map.of("api-key", GoogleEngineTest.KEY, "base-url", server.baseUrl()))) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize("Hello from voxbridge.", sink, new CancellationToken());
                assertThat(sink.bytes()).isEqualTo(audio);
            }
        }
    }
}
