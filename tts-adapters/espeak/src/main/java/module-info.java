/**
 * voxbridge's espeak-ng engine ({@code espeak}): a {@link io.github.voxbridge.tts.TtsEngineProvider} registered with
 * {@code provides} for the module path and in {@code META-INF/services} for the class path. It runs the
 * {@code espeak-ng} program; no native library is loaded into the JVM.
 */
module io.github.voxbridge.tts.espeak {
    requires transitive io.github.voxbridge.tts;
    requires io.github.voxbridge.tts.transport;

    exports io.github.voxbridge.tts.espeak;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.espeak.EspeakEngineProvider;
}
