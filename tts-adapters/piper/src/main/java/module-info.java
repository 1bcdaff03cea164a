/**
 * voxbridge's Piper engine ({@code piper}): a {@link io.github.voxbridge.tts.TtsEngineProvider} registered with
 * {@code provides} for the module path and in {@code META-INF/services} for the class path. It runs the
 * {@code piper} program; no ONNX runtime is loaded into the JVM.
 */
module io.github.voxbridge.tts.piper {
    requires transitive io.github.voxbridge.tts;
    requires io.github.voxbridge.tts.transport;
    requires com.fasterxml.jackson.databind;

    exports io.github.voxbridge.tts.piper;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.piper.PiperEngineProvider;
}
