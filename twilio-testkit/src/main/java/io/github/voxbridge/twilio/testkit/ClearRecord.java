package io.github.voxbridge.twilio.testkit;

import java.util.List;

/**
 * One {@code clear} the server sent.
 *
 * @param atNanos         when it arrived (clock nanoseconds): playback stopped there
 * @param framesDiscarded media messages dropped whole, never heard
 * @param samplesCut      samples of the frame playing at that moment that were not heard (0 if none was playing)
 * @param marksEchoed     the pending marks it sent back, in order
 */
public record ClearRecord(long atNanos, int framesDiscarded, int samplesCut, List<String> marksEchoed) {

    public ClearRecord {
        marksEchoed = List.copyOf(marksEchoed);
    }
}
