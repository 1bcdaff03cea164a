package io.github.voxbridge.tts.freetts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine is found by name through the API's ServiceLoader once this module is on the class path. */
class FreeTtsEngineProviderTest {

    @Test
    void serviceLoaderFindsFreeTtsBesideTheApisOwnEngine() {
        assertThat(TtsEngines.providers()).containsOnlyKeys("freetts", "prerecorded");
        assertThat(TtsEngines.providers().get("freetts")).isInstanceOf(FreeTtsEngineProvider.class);
    }

    @Test
    void unknownOrBadOptionsAreBadRequestsNamingTheKey() {
        assertThatThrownBy(() -> TtsEngines.create("freetts", Map.of("voise", "kevin16")))
                .isInstanceOf(TtsException.class)
                .hasMessage("freetts: unknown option 'voise' (known: voice, voices)");
        assertThatThrownBy(() -> TtsEngines.create("freetts", Map.of("voice", "alan")))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.BAD_REQUEST))
                .hasMessage("freetts: unknown FreeTTS voice 'alan' (available: kevin, kevin16)");
    }
}
