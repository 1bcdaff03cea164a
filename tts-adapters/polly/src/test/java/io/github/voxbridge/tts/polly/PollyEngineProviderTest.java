package io.github.voxbridge.tts.polly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine is found by name through the API's ServiceLoader, and says what it needs without showing secrets. */
class PollyEngineProviderTest {

    @Test
    void serviceLoaderFindsPolly() {
        assertThat(TtsEngines.providers()).containsKeys("polly", "prerecorded");
        assertThat(TtsEngines.providers().get("polly")).isInstanceOf(PollyEngineProvider.class);
        assertThat(new PollyEngineProvider().description()).isEqualTo("Amazon Polly (AWS SDK v2), streamed mulaw "
                + "8000 Hz passed through (or pcm s16le 16000 Hz), engine neural, voice Joanna");
        assertThat(new PollyEngineProvider().requirements()).singleElement()
                .satisfies(r -> assertThat(r.what()).isEqualTo("AWS credentials"));
    }

    @Test
    void createdByNameABadOptionIsABadRequestBeforeAnyCredentialLookup() {
        assertThatThrownBy(() -> TtsEngines.create("polly", Map.of("format", "ogg")))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind().name()).isEqualTo("BAD_REQUEST"))
                .hasMessageStartingWith("polly: option format = 'ogg'");
    }

    @Test
    void credentialsRequirementLooksAtPresenceOnly(@TempDir Path home) throws Exception {
        String secret = "not-to-be-shown";
        Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "AKIAXXXX", "AWS_SECRET_ACCESS_KEY", secret);
        assertThat(PollyEngineProvider.credentials(keys::get, home))
                .isEqualTo(new EngineRequirement("AWS credentials", true, "AWS_ACCESS_KEY_ID set"));
        assertThat(PollyEngineProvider.credentials(Map.of("AWS_ACCESS_KEY_ID", "AKIAXXXX")::get, home))
                .isEqualTo(new EngineRequirement("AWS credentials", false,
                        "AWS_ACCESS_KEY_ID set but AWS_SECRET_ACCESS_KEY not: export it too"));
        assertThat(PollyEngineProvider.credentials(Map.of("AWS_PROFILE", "work")::get, home))
                .isEqualTo(new EngineRequirement("AWS credentials", true, "AWS_PROFILE set"));
        EngineRequirement none = PollyEngineProvider.credentials(name -> null, home);
        assertThat(none.met()).isFalse();
        assertThat(none.detail()).startsWith("none found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        Path file = Files.createDirectories(home.resolve(".aws")).resolve("credentials");
        Files.writeString(file, "[default]\naws_secret_access_key = " + secret + "\n");
        EngineRequirement profile = PollyEngineProvider.credentials(name -> null, home);
        assertThat(profile).isEqualTo(new EngineRequirement("AWS credentials", true, file.toString()));
        assertThat(profile.toString() + none).doesNotContain(secret).doesNotContain("AKIAXXXX");
    }
}
