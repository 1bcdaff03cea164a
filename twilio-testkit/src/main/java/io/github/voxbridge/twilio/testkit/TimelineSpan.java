package io.github.voxbridge.twilio.testkit;

/**
 * A span of the caller's time, as the simulated Twilio played it. A {@link CallRecording}'s timeline is a gap-free
 * sequence of spans from the {@code start} message to the end of the call (or the moment of the snapshot); times are
 * {@link io.github.voxbridge.twilio.stream.PlaybackClock PlaybackClock} nanoseconds, exact multiples of one sample
 * (125,000 ns at 8000 Hz) after the first frame's arrival.
 */
public sealed interface TimelineSpan {

    /** When the span starts, clock nanoseconds. */
    long startNanos();

    /** How long it lasts, in nanoseconds. */
    long nanos();

    /**
     * A media message from the server, played.
     *
     * @param frame   index of the media message among all the server sent, from 0
     * @param samples samples of it the caller heard (8000 Hz): all of its payload, or fewer if a {@code clear} or
     *                the end of the call cut it
     */
    record Frame(int frame, long startNanos, int samples) implements TimelineSpan {
        @Override
        public long nanos() {
            return samples * PlaybackBuffer.NANOS_PER_SAMPLE;
        }
    }

    /**
     * An underrun: nothing to play in the middle of an utterance (the server's previous message was media too, yet
     * the buffer ran dry before the next arrived). The caller hears a drop-out.
     */
    record Gap(long startNanos, long nanos) implements TimelineSpan {
    }

    /** Nothing to play between utterances (before the first, after a mark or a {@code clear}): ordinary silence. */
    record Silence(long startNanos, long nanos) implements TimelineSpan {
    }
}
