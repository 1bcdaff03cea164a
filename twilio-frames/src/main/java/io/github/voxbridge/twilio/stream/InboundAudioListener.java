package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.twilio.protocol.InboundMessage;

/**
 * Receives what an {@link InboundTrackDecoder} makes of one track: PCM audio, and the call's DTMF and stop events.
 * Called on the thread that feeds the decoder.
 */
@FunctionalInterface
public interface InboundAudioListener {

    /**
     * The next samples of the track, 16-bit linear PCM at {@link InboundTrackDecoder#outputRate()} Hz, including
     * the silence that stands in for lost audio.
     *
     * <p>{@code pcm} is the decoder's reused buffer: valid until this method returns; copy what you keep.
     */
    void audio(short[] pcm, int offset, int length);

    /** A key the caller pressed; delivered in order with the audio. */
    default void dtmf(InboundMessage.Dtmf dtmf) {
    }

    /** The stream ended; all its audio has been delivered (including the resampler's tail). */
    default void stop(InboundMessage.Stop stop) {
    }
}
