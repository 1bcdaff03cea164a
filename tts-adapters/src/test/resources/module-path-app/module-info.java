/**
 * A user of the TTS module, compiled and run on the module path by TtsModulePathTest: it requires only
 * io.github.voxbridge.tts, so the engines must come through the descriptor's provides clauses and FreeTTS (the
 * automatic module freetts) must find every JDK module it needs.
 */
module io.github.voxbridge.ttsapp {
    requires io.github.voxbridge.tts;
}
