/**
 * A user of the TTS API, compiled and run on the module path by GoogleModulePathTest: it requires only
 * io.github.voxbridge.tts, so the Google engine comes in through service binding, and Google's auth library (automatic
 * modules) must find Guava, Gson, OpenCensus and gRPC's Context there.
 */
module io.github.voxbridge.googleapp {
    requires io.github.voxbridge.tts;
}
