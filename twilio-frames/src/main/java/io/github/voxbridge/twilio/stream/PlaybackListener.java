package io.github.voxbridge.twilio.stream;

/**
 * What an {@link OutboundPlayer} reports about its timing, for a server's metrics: how long each utterance took
 * to reach the wire and where the caller heard a gap; and each frame it sent. Set with
 * {@link OutboundPlayer.Builder#playbackListener}.
 *
 * <p>Called on the player's thread right after the frame concerned was handed to the transport, one call at a time;
 * keep it short (counters, histograms): the next frame waits. An exception thrown here is logged and otherwise
 * ignored, it never ends playback.
 */
public interface PlaybackListener {

    /** A listener that does nothing. */
    PlaybackListener NONE = new PlaybackListener() {
    };

    /**
     * The first media message of {@code utterance} was handed to the transport.
     *
     * @param latencyNanos from when its turn came (queued on an idle player that had {@code start}, or the end of
     *                     the utterance before it, or {@code start} for an utterance queued earlier) to now: the
     *                     synthesis and processing time until the caller can hear it, in nanoseconds
     */
    default void firstFrameSent(Utterance utterance, long latencyNanos) {
    }

    /**
     * A media message of {@code utterance} after its first went out when, by the player's model of Twilio's buffer,
     * the audio sent before it had already finished playing: the caller heard silence for {@code gapNanos} in the
     * middle of the utterance (the engine did not keep up).
     *
     * @param gapNanos how long playback had been dry when the frame was sent, in nanoseconds, more than 0
     */
    default void underrun(Utterance utterance, long gapNanos) {
    }

    /**
     * A media message of {@code utterance} was handed to the transport (after {@link #firstFrameSent} or
     * {@link #underrun} for the same frame, if they apply): its audio, {@code 160} mu-law bytes (20 ms at 8000 Hz)
     * from {@code offset} in {@code mulaw}, valid only during this call. For what needs to know what the caller is
     * hearing, such as {@code io.github.voxbridge.twilio.vad.PlaybackEcho} for barge-in.
     */
    default void frameSent(Utterance utterance, byte[] mulaw, int offset) {
    }
}
