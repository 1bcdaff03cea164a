package io.github.voxbridge.tts.cartesia;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.voxbridge.tts.TtsException;

/**
 * Any text message Cartesia (or something posing as it) can send is read as a type or refused as PROTOCOL, never
 * another exception: JSON of any shape and depth, cut short, bad base64, huge numbers. {@code mvn verify} replays the
 * committed inputs under {@code ServerMessageFuzzTestInputs}; {@code scripts/fuzz.sh ServerMessageFuzzTest} fuzzes.
 */
class ServerMessageFuzzTest {

    @FuzzTest
    void anyMessageIsReadOrProtocolAndNeverThrowsAnythingElse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        ServerMessage message = new ServerMessage();
        try {
            message.read(text);
        } catch (TtsException e) {
            assertThat(e.kind()).isEqualTo(TtsException.Kind.PROTOCOL);
            assertThat(e.getMessage()).startsWith("cartesia: ");
            return;
        }
        assertThat(message.type()).isNotNull();
        assertThat(message.audioLength()).isBetween(0, message.audio().length);
        if (message.type() != ServerMessage.Type.CHUNK) {
            assertThat(message.audioLength()).isZero();
        }
    }
}
