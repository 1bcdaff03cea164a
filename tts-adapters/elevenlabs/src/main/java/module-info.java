/**
 * voxbridge's ElevenLabs engine ({@code elevenlabs}): a {@link io.github.voxbridge.tts.TtsEngineProvider} registered
 * with {@code provides} for the module path and in {@code META-INF/services} for the class path. The WebSocket and
 * HTTP exchanges, timeouts, cancellation and error mapping are the shared ones of
 * {@code io.github.voxbridge.tts.transport}; Jackson writes and reads the JSON messages. No vendor SDK.
 */
module io.github.voxbridge.tts.elevenlabs {
    requires transitive io.github.voxbridge.tts;
    requires io.github.voxbridge.tts.transport;
    requires com.fasterxml.jackson.databind;

    exports io.github.voxbridge.tts.elevenlabs;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.elevenlabs.ElevenLabsEngineProvider;
}
