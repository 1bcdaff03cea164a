package io.github.voxbridge.twilio.stream;

/**
 * What one generation did, for logs and dashboards.
 *
 * @param firstMessageNanos nanoseconds from the start of the generation to its first media message (-1: none yet)
 * @param elapsedNanos      nanoseconds from the start to the end of synthesis (or to now, while it runs)
 * @param messages          media messages made, 20 ms of audio each
 * @param engineAudioBytes  audio bytes the engine delivered, in its own format (PCM or G.711 codes)
 * @param engineSeconds     seconds of audio the engine delivered (from its format; 0 before the format is known)
 */
public record GenerationStats(long firstMessageNanos, long elapsedNanos, long messages, long engineAudioBytes,
                              double engineSeconds) {

    /** Seconds of audio in the media messages: 20 ms each. */
    public double audioSeconds() {
        return messages * 0.020;
    }

    /** Synthesis time over audio time: below 1 means faster than real time. NaN before any audio. */
    public double realTimeFactor() {
        return messages == 0 ? Double.NaN : elapsedNanos / 1e9 / audioSeconds();
    }
}
