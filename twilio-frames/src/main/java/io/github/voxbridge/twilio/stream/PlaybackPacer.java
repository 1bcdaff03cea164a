package io.github.voxbridge.twilio.stream;

/**
 * The player's model of Twilio's playback buffer, for sending media a fixed lead ahead of real time. Pure
 * arithmetic on {@link System#nanoTime()}-style readings passed in by the caller, so tests drive it with any
 * numbers they like.
 *
 * <pre>
 *   time ──────────────────────────────────────────────────────────►
 *            now                         playheadEnd
 *             |◄──────── buffered ─────────►|
 *             |  audio sent, not yet played |   a frame sent now plays from max(now, playheadEnd)
 *             |◄────────── lead ──────────────────►|
 * </pre>
 *
 * <p>Twilio is taken to play each frame as soon as it arrives and the frame before it has finished, 20 ms per frame,
 * starting on receipt when its buffer is empty. A frame may be sent when, after sending it, the audio sent but not
 * yet played is at most the lead: the first {@code lead / 20 ms} frames of a burst go at once, then one every 20 ms.
 * All comparisons are by difference, so the {@code nanoTime} origin and its wrap-around do not matter. Not
 * thread-safe: the owner guards it.
 */
final class PlaybackPacer {

    /** Playing time of one 160-byte mu-law frame at 8000 Hz: 20 ms. */
    static final long FRAME_NANOS = 20_000_000L;

    private final long leadNanos;
    /** When everything sent so far will have been played; at or before "now" when the buffer is empty. */
    private long playheadEnd;

    /**
     * @param leadNanos how far ahead of playback media may be sent, at least one frame ({@value #FRAME_NANOS} ns)
     * @param now       the current time, in nanoseconds
     */
    PlaybackPacer(long leadNanos, long now) {
        if (leadNanos < FRAME_NANOS) {
            throw new IllegalArgumentException("lead must be at least one frame (20 ms), was " + leadNanos + " ns");
        }
        this.leadNanos = leadNanos;
        this.playheadEnd = now;
    }

    /** Nanoseconds to wait before the next frame may be sent; 0 if it may go now. */
    long nanosUntilNextFrame(long now) {
        // After sending: max(playheadEnd, now) + FRAME - now <= lead  <=>  playheadEnd - now <= lead - FRAME.
        long wait = playheadEnd - now - (leadNanos - FRAME_NANOS);
        return Math.max(0, wait);
    }

    /**
     * Records a frame sent at {@code now}.
     *
     * @return when it will have been played (the new end of the playhead)
     */
    long frameSent(long now) {
        long start = playheadEnd - now < 0 ? now : playheadEnd;
        playheadEnd = start + FRAME_NANOS;
        return playheadEnd;
    }

    /** Audio sent and not yet played at {@code now}, in nanoseconds (0 when the buffer has run dry). */
    long bufferedNanos(long now) {
        return Math.max(0, playheadEnd - now);
    }

    /** How long playback has been dry at {@code now}: 0 while audio is still buffered, in nanoseconds. */
    long dryNanos(long now) {
        return Math.max(0, now - playheadEnd);
    }

    /** Twilio's buffer was emptied ({@code clear}) at {@code now}. */
    void cleared(long now) {
        playheadEnd = now;
    }
}
