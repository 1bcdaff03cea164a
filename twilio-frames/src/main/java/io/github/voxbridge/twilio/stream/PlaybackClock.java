package io.github.voxbridge.twilio.stream;

import java.util.concurrent.locks.LockSupport;

/**
 * The time an {@link OutboundPlayer} paces its media by: when each frame may go, what a barge-in's heard estimate
 * is. {@link #system()} (the default) is {@link System#nanoTime()} and real waiting. A test or a simulation passes a
 * clock whose time it moves itself ({@link OutboundPlayer.Builder#clock}), and the player's sending becomes a pure
 * function of that time: no sleeps, no timing windows.
 *
 * <p>The player reads the clock from several threads and waits on it only from its own thread, in
 * {@link #parkUntil}. Whatever else it waits for (the {@code start} message, the next utterance, synthesis) it waits
 * for without the clock.
 */
public interface PlaybackClock {

    /** Now, in nanoseconds from an arbitrary origin; only differences mean anything, as with {@code nanoTime}. */
    long nanoTime();

    /**
     * Blocks the calling thread until {@link #nanoTime()} reaches {@code deadline}, until
     * {@link LockSupport#unpark(Thread) LockSupport.unpark} wakes it (the player does so on barge-in and on end), or
     * for no reason at all: the caller reads the time again and parks again if it must. Returns at once if the
     * deadline has passed or the thread is interrupted. The deadline is absolute, so time that passes between the
     * caller's reading and this call counts.
     *
     * @param deadline a time of this clock, in nanoseconds, compared by difference (wrap-around does not matter)
     */
    void parkUntil(long deadline);

    /** The real clock: {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
    static PlaybackClock system() {
        return SystemPlaybackClock.INSTANCE;
    }
}
