/**
 * voxbridge's Google Cloud Text-to-Speech engine ({@code google}): a
 * {@link io.github.voxbridge.tts.TtsEngineProvider} registered with {@code provides} for the module path and in
 * {@code META-INF/services} for the class path. The HTTP exchange, timeouts, cancellation and error mapping are the
 * shared ones of {@code io.github.voxbridge.tts.transport}; Jackson writes the request and reads the response JSON;
 * dsp-core's WAV reader parses the header Google puts before the audio. No vendor SDK.
 */
module io.github.voxbridge.tts.google {
    requires transitive io.github.voxbridge.tts;
    requires io.github.voxbridge.tts.transport;
    requires com.fasterxml.jackson.databind;

    exports io.github.voxbridge.tts.google;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.google.GoogleEngineProvider;
}
