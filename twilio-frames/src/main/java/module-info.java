/**
 * voxbridge Twilio: the Media Streams protocol ({@code io.github.voxbridge.twilio.protocol}) and the streams between
 * TTS engines and calls ({@code io.github.voxbridge.twilio.stream}), and voice activity detection on the caller's
 * audio for barge-in ({@code io.github.voxbridge.twilio.vad}).
 *
 * <p>Jackson is used through its tree model and streaming generator only: it never reflects on classes of this
 * module, so nothing is opened to it, and none of its types are in this module's API.
 */
module io.github.voxbridge.twilio {
    requires transitive io.github.voxbridge.dsp; // ResamplerQuality in the builders
    requires transitive io.github.voxbridge.tts; // TtsEngine, AudioFormatSpec in the API
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;

    exports io.github.voxbridge.twilio.protocol;
    exports io.github.voxbridge.twilio.stream;
    exports io.github.voxbridge.twilio.vad;
}
