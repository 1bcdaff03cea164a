package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TtsEnginesTest {

    @Test
    void serviceLoaderFindsTheEngineOfThisModuleByName() throws TtsException {
        // Only this module and its test dependencies are on the class path: no engine module.
        assertThat(TtsEngines.providers()).containsOnlyKeys("prerecorded");
        try (TtsEngine engine = TtsEngines.create("Prerecorded", Map.of("chunk-bytes", "7"))) {
            assertThat(engine).isInstanceOf(PrerecordedEngine.class);
            assertThat(engine.name()).isEqualTo("prerecorded");
            assertThat(((PrerecordedEngine) engine).chunkBytes()).isEqualTo(7);
        }
    }

    @Test
    void unknownEngineNameListsTheAvailableOnes() {
        assertThatThrownBy(() -> TtsEngines.create("polly"))
                .isInstanceOfSatisfying(TtsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TtsException.Kind.BAD_REQUEST);
                    assertThat(e.engine()).isEqualTo("polly");
                })
                .hasMessage("polly: no TTS engine named 'polly' (available: prerecorded)");
    }

    @Test
    void unknownOrBadOptionsAreBadRequestsNamingTheKey() {
        assertThatThrownBy(() -> TtsEngines.create("prerecorded", Map.of("chunk-byte", "7")))
                .isInstanceOf(TtsException.class)
                .hasMessage("prerecorded: unknown option 'chunk-byte' (known: chunk-bytes, dir)");
        assertThatThrownBy(() -> TtsEngines.create("prerecorded", Map.of("chunk-bytes", "0")))
                .isInstanceOf(TtsException.class)
                .hasMessage("prerecorded: option chunk-bytes = '0' is not an integer in [1, 1048576]");
    }

    @Test
    void excerptIsBoundedAndEscapesControlCharacters() {
        assertThat(TtsException.excerpt("short", 10)).isEqualTo("'short'");
        assertThat(TtsException.excerpt("a\nb", 10)).isEqualTo("'a\\u000Ab'");
        assertThat(TtsException.excerpt("x".repeat(1000), 5)).isEqualTo("'xxxxx…' (1000 chars)");
    }

    @Test
    void cancellationRunsActionsOnceAndImmediatelyWhenAlreadyCancelled() {
        CancellationToken token = new CancellationToken();
        int[] runs = new int[2];
        token.onCancel(() -> runs[0]++);
        token.cancel();
        token.cancel();
        token.onCancel(() -> runs[1]++);
        assertThat(runs).containsExactly(1, 1);
        assertThat(token.isCancelled()).isTrue();
        assertThatThrownBy(() -> token.throwIfCancelled("x"))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.CANCELLED));
    }
}
