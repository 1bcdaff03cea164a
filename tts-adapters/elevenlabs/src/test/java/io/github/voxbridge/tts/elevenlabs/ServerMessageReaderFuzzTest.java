package io.github.voxbridge.tts.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;
import java.io.ByteArrayOutputStream;

/**
 * Any text message a server (or something pretending to be one) can send on the stream-input socket is audio, the
 * end marker, or a {@link TtsException}, never another exception, an empty chunk or the key in a message: JSON of any
 * shape, truncated JSON, bad base64, errors of any form. {@code mvn verify} replays the committed inputs under
 * {@code ServerMessageReaderFuzzTestInputs}; {@code scripts/fuzz.sh ServerMessageReaderFuzzTest} fuzzes.
 */
class ServerMessageReaderFuzzTest {

    private static final String KEY = "sk_fuzz-key-DISTINCT";

    @FuzzTest
    void anyMessageIsAudioAnEndOrATypedFailure(FuzzedDataProvider data) {
        String message = data.consumeRemainingAsString();
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        ServerMessageReader reader = new ServerMessageReader((chunk, off, len) -> {
            assertThat(len).as("no empty chunk").isPositive();
            audio.write(chunk, off, len);
        }, ApiKey.of(KEY));
        try {
            reader.read(message);
        } catch (TtsException e) {
            assertThat(e.kind()).isNotIn(TtsException.Kind.CANCELLED, TtsException.Kind.INTERNAL);
            assertThat(e.getMessage()).doesNotContain(KEY);
        }
    }
}
