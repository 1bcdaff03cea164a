/**
 * voxbridge's OpenAI engine ({@code openai}): a {@link io.github.voxbridge.tts.TtsEngineProvider} registered with
 * {@code provides} for the module path and in {@code META-INF/services} for the class path. The HTTP exchange,
 * timeouts, cancellation and error mapping are the shared ones of {@code io.github.voxbridge.tts.transport}; Jackson
 * writes the request's JSON. No vendor SDK.
 */
module io.github.voxbridge.tts.openai {
    requires transitive io.github.voxbridge.tts;
    requires io.github.voxbridge.tts.transport;
    requires com.fasterxml.jackson.databind;

    exports io.github.voxbridge.tts.openai;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.openai.OpenAiEngineProvider;
}
