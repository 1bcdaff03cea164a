/**
 * voxbridge TTS API: the engine interface ({@code io.github.voxbridge.tts}), found by name through
 * {@link java.util.ServiceLoader} over {@link io.github.voxbridge.tts.TtsEngineProvider}, the
 * {@link io.github.voxbridge.tts.SentenceAggregator} for streamed LLM tokens, and the prerecorded-prompt engine
 * ({@code .prerecorded}), registered here with {@code provides} for the module path and in
 * {@code META-INF/services} for the class path.
 *
 * <p>Every other engine is a module of its own ({@code io.github.voxbridge.tts.freetts}, ...) that provides a
 * {@code TtsEngineProvider}: an application requires this module only and puts the engines it wants on the module
 * path (service binding resolves them) or the class path. Nothing here depends on any engine or vendor library.
 */
module io.github.voxbridge.tts {
    requires transitive io.github.voxbridge.dsp; // AudioFormatSpec carries a SampleEncoding

    exports io.github.voxbridge.tts;
    exports io.github.voxbridge.tts.prerecorded;

    uses io.github.voxbridge.tts.TtsEngineProvider;

    provides io.github.voxbridge.tts.TtsEngineProvider with
            io.github.voxbridge.tts.prerecorded.PrerecordedEngineProvider;
}
