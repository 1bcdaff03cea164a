/**
 * A user of the TTS API, compiled and run on the module path by TtsModulePathTest: it requires only
 * io.github.voxbridge.tts, so the FreeTTS engine must come in through service binding (the provides clause of
 * io.github.voxbridge.tts.freetts) and FreeTTS (the automatic module freetts) must find every JDK module it needs.
 */
module io.github.voxbridge.ttsapp {
    requires io.github.voxbridge.tts;
}
