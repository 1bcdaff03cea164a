package io.github.voxbridge.tts.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine is found by name through the API's ServiceLoader once this module is on the class path. */
class AzureEngineProviderTest {

    @Test
    void serviceLoaderFindsAzure() {
        assertThat(TtsEngines.providers().get("azure")).isInstanceOf(AzureEngineProvider.class);
        assertThat(new AzureEngineProvider().description()).isEqualTo("Azure AI Speech REST, streamed "
                + "raw-8khz-8bit-mono-mulaw passed through (or raw-24khz-16bit-mono-pcm), voice en-US-JennyNeural");
    }

    @Test
    void itNeedsTheKeyAndRegionVariables() {
        assertThat(new AzureEngineProvider().requirements()).extracting(r -> r.what())
                .containsExactly("AZURE_SPEECH_KEY", "AZURE_SPEECH_REGION");
    }

    @Test
    void createdByNameItSpeaksToTheGivenBaseUrl() throws Exception {
        try (FakeAzureServer server = new FakeAzureServer(AzureEngineTest.KEY)) {
            server.respond((exchange, request) -> FakeAzureServer.writePaced(
                    FakeAzureServer.startAudio(exchange, "audio/basic"), FakeAzureServer.audioFor("x", 999), 0, 999,
                    0));
            try (TtsEngine engine = TtsEngines.create("azure",
                    Map.of("api-key", AzureEngineTest.KEY, "base-url", server.baseUrl()))) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize("Hello from voxbridge.", sink, new CancellationToken());
                assertThat(sink.bytes()).isEqualTo(FakeAzureServer.audioFor("x", 999));
            }
        }
    }
}
