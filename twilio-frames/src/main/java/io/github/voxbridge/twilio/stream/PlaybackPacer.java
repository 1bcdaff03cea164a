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
 * yet played is at most the lead: the first {@code lead / 20 ms} frames of a burst go at once, then, with a refill of
 * one frame, one every 20 ms. With a longer <em>refill</em>, once the buffer is full no frame goes until that much
 * has played, then frames go until it is full again: {@code refill / 20 ms} frames every {@code refill}, so the
 * sender wakes that many times less often, and the buffer stays between {@code lead - refill} and {@code lead}. All
 * comparisons are by difference, so the {@code nanoTime} origin and its wrap-around do not matter. Not thread-safe:
 * the owner guards it.
 */
final class PlaybackPacer {

    /** Playing time of one 160-byte mu-law frame at 8000 Hz: 20 ms. */
    static final long FRAME_NANOS = 20_000_000L;

    private final long leadNanos;
    private final long refillNanos;
    /** When everything sent so far will have been played; at or before "now" when the buffer is empty. */
    private long playheadEnd;
    /** Whether a burst is under way: frames go while they fit, until the buffer is full. */
    private boolean filling = true;

    /**
     * A pacer that sends a frame as soon as it fits (a refill of one frame).
     *
     * @param leadNanos how far ahead of playback media may be sent, at least one frame ({@value #FRAME_NANOS} ns)
     * @param now       the current time, in nanoseconds
     */
    PlaybackPacer(long leadNanos, long now) {
        this(leadNanos, FRAME_NANOS, now);
    }

    /**
     * @param leadNanos   how far ahead of playback media may be sent, at least one frame ({@value #FRAME_NANOS} ns)
     * @param refillNanos how much must have played out of a full buffer before frames go again: at least one frame,
     *                    at most the lead
     * @param now         the current time, in nanoseconds
     */
    PlaybackPacer(long leadNanos, long refillNanos, long now) {
        if (leadNanos < FRAME_NANOS) {
            throw new IllegalArgumentException("lead must be at least one frame (20 ms), was " + leadNanos + " ns");
        }
        if (refillNanos < FRAME_NANOS || refillNanos > leadNanos) {
            throw new IllegalArgumentException("refill must be at least one frame (20 ms) and at most the lead ("
                    + leadNanos + " ns), was " + refillNanos + " ns");
        }
        this.leadNanos = leadNanos;
        this.refillNanos = refillNanos;
        this.playheadEnd = now;
    }

    /** Nanoseconds to wait before the next frame may be sent; 0 if it may go now. */
    long nanosUntilNextFrame(long now) {
        // After sending: max(playheadEnd, now) + FRAME - now <= lead  <=>  playheadEnd - now <= lead - FRAME.
        if (filling && playheadEnd - now <= leadNanos - FRAME_NANOS) {
            return 0;
        }
        // Full: wait until no more than lead - refill is buffered, then fill again (refill >= FRAME, so it fits).
        long wait = playheadEnd - now - (leadNanos - refillNanos);
        filling = wait <= 0;
        return Math.max(0, wait);
    }

    /**
     * Records a frame sent at {@code now}.
     *
     * @return when it will have been played (the new end of the playhead)
     */
    long frameSent(long now) {
        if (playheadEnd - now <= leadNanos - refillNanos) {
            filling = true; // sent at or after the wait nanosUntilNextFrame asked for: the refill is under way
        }
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
        filling = true;
    }
}
