package io.github.voxbridge.tts.cartesia;

import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;

/**
 * Hands Cartesia's decoded audio to the caller's sink as received: the format once, before the first bytes, then
 * every chunk whole and untouched, odd lengths included (mu-law 8 kHz is exactly what Twilio plays, so nothing is
 * decoded or re-encoded; a 16- or 32-bit sample split over two chunks is the sink's decoder's to carry, as the
 * {@link AudioSink} contract says). Empty chunks are dropped (the sink contract wants {@code len >= 1}).
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
