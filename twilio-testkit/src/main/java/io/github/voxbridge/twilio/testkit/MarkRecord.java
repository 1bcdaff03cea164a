package io.github.voxbridge.twilio.testkit;

/**
 * One mark the server sent, and what the simulated Twilio did with it. Times are clock nanoseconds.
 *
 * @param name          as sent
 * @param receivedNanos when it arrived
 * @param reachedNanos  when playback reached it (everything received before it played); for a mark echoed by a
 *                      {@code clear}, the clear's time; meaningless (0) if not {@code echoed} (the call ended first)
 * @param echoed        whether it was sent back to the server
 * @param byClear       whether a {@code clear} sent it back, before playback reached it
 */
public record MarkRecord(String name, long receivedNanos, long reachedNanos, boolean echoed, boolean byClear) {

    /** From arrival to echo, in nanoseconds: the audio that was buffered ahead of it; -1 if not echoed. */
    public long delayNanos() {
        return echoed ? reachedNanos - receivedNanos : -1;
    }
}
