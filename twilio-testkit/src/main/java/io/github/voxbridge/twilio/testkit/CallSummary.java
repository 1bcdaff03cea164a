package io.github.voxbridge.twilio.testkit;

/**
 * The figures of one simulated call, from a {@link CallRecording}.
 *
 * @param framesReceived          media messages the server sent that arrived
 * @param framesPlayed            media messages played in full
 * @param framesCut               media messages played in part (a {@code clear} or the end of the call stopped them)
 * @param framesCleared           media messages a {@code clear} discarded before they played (asked for: not lost)
 * @param framesLost              media messages never played though no {@code clear} asked for it: still buffered
 *                                when the call ended, or arriving after it
 * @param underruns               gaps inside an utterance ({@link TimelineSpan.Gap})
 * @param underrunNanos           their total length, in nanoseconds
 * @param heardSamples            samples the caller heard (8000 Hz)
 * @param firstFrameLatencyNanos  from the latency reference (by default the {@code start} message) to the arrival of
 *                                the first media message at or after it, in nanoseconds; -1 if none arrived
 * @param marksReceived           marks the server sent
 * @param marksEchoed             marks sent back, by playback or by a {@code clear}
 * @param clears                  {@code clear} messages
 * @param protocolErrors          {@link ProtocolError}s recorded
 */
public record CallSummary(int framesReceived, int framesPlayed, int framesCut, int framesCleared, int framesLost,
                          int underruns, long underrunNanos, long heardSamples, long firstFrameLatencyNanos,
                          int marksReceived, int marksEchoed, int clears, int protocolErrors) {

    /** What the caller heard, in milliseconds (8 samples per ms at 8000 Hz). */
    public double heardMillis() {
        return heardSamples / 8.0;
    }
}
