package io.github.voxbridge.tts.cartesia;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;

/**
 * Any text message Cartesia (or something posing as it) can send is read as a type or refused as PROTOCOL, never
 * another exception, and never shows the key: JSON of any shape and depth, cut short, bad base64, huge numbers. {@code mvn verify} replays the
 * committed inputs under {@code ServerMessageFuzzTestInputs}; {@code scripts/fuzz.sh ServerMessageFuzzTest} fuzzes.
 */
class ServerMessageFuzzTest {

    /** A server may echo the key (ElevenLabs' reader leaked one that way, found by its fuzz target). */
    private static final String KEY = "sk_fuzz-key-DISTINCT";

    @FuzzTest
    void anyMessageIsReadOrProtocolAndNeverThrowsAnythingElse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        ServerMessage message = new ServerMessage(ApiKey.of(KEY));
        try {
            message.read(text);
        } catch (TtsException e) {
            assertThat(e.kind()).isEqualTo(TtsException.Kind.PROTOCOL);
            assertThat(e.getMessage()).startsWith("cartesia: ").doesNotContain(KEY);
            return;
        }
        assertThat(message.type()).isNotNull();
        assertThat(message.audioLength()).isBetween(0, message.audio().length);
        if (message.type() != ServerMessage.Type.CHUNK) {
            assertThat(message.audioLength()).isZero();
        }
    }
}
