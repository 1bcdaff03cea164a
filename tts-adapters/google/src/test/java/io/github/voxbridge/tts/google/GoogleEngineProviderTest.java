package io.github.voxbridge.tts.google;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine is found by name through the API's ServiceLoader once this module is on the class path. */
class GoogleEngineProviderTest {

    @Test
    void serviceLoaderFindsGoogle() {
        assertThat(TtsEngines.providers().get("google")).isInstanceOf(GoogleEngineProvider.class);
        assertThat(new GoogleEngineProvider().description()).isEqualTo("Google Cloud Text-to-Speech REST, MULAW "
                + "8000 Hz passed through (or LINEAR16 24000 Hz), voice en-US-Chirp3-HD-Charon");
    }

    @Test
    void itNeedsAKeyOrApplicationDefaultCredentials(@TempDir Path home) throws Exception {
        assertThat(new GoogleEngineProvider().requirements()).singleElement().satisfies(r -> assertThat(r.what())
                .isEqualTo("GOOGLE_API_KEY or Application Default Credentials"));
        EngineRequirement none = GoogleEngineProvider.credentials(Map.<String, String>of()::get, home);
        assertThat(none.met()).isFalse();
        assertThat(none.detail()).startsWith("none found: export GOOGLE_API_KEY=... or "
                + "GOOGLE_APPLICATION_CREDENTIALS=<service account JSON>");
        EngineRequirement key = GoogleEngineProvider.credentials(Map.of("GOOGLE_API_KEY", "secret-value")::get, home);
        assertThat(key).isEqualTo(new EngineRequirement(key.what(), true, "GOOGLE_API_KEY set"));
        Path json = Files.writeString(home.resolve("sa.json"), "{}");
        assertThat(GoogleEngineProvider.credentials(Map.of("GOOGLE_APPLICATION_CREDENTIALS", json.toString())::get,
                home).met()).isTrue();
        assertThat(GoogleEngineProvider.credentials(Map.of("GOOGLE_APPLICATION_CREDENTIALS",
                home.resolve("absent.json").toString())::get, home).met()).isFalse();
        Path gcloud = Files.createDirectories(home.resolve(".config/gcloud"))
                .resolve("application_default_credentials.json");
        Files.writeString(gcloud, "{}");
        assertThat(GoogleEngineProvider.credentials(Map.<String, String>of()::get, home))
                .isEqualTo(new EngineRequirement(key.what(), true, gcloud.toString()));
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
