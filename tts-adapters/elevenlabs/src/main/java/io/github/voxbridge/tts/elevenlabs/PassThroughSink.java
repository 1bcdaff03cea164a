package io.github.voxbridge.tts.elevenlabs;

import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;

/**
 * Hands ElevenLabs' audio to the caller's sink as received: the format once, before the first bytes, then every
 * chunk untouched (mu-law 8 kHz is exactly what Twilio plays, so nothing is decoded or re-encoded). Empty chunks are
 * dropped (the sink contract wants {@code len >= 1}).
 *
 * <p>The same class as the Deepgram engine's: it belongs in the shared transport (not edited from here while it is
 * being changed), and should move there.
 */
final class PassThroughSink {

    private final AudioSink sink;
    private final AudioFormatSpec format;
    private boolean formatSent;

    PassThroughSink(AudioSink sink, AudioFormatSpec format) {
        this.sink = sink;
        this.format = format;
    }

    void audio(byte[] chunk, int off, int len) {
        if (len == 0) {
            return;
        }
        if (!formatSent) {
            sink.format(format);
            formatSent = true;
        }
        sink.audio(chunk, off, len);
    }
}
