package io.github.voxbridge.twilio.testkit;

import java.util.List;
import java.util.OptionalLong;

/**
 * What the caller of one simulated call heard, and what the server did, at one moment: an immutable snapshot
 * ({@link CallSimulator#recording()}; after the call ended it no longer changes). Times are the simulator's
 * {@link io.github.voxbridge.twilio.stream.PlaybackClock PlaybackClock} nanoseconds.
 */
public final class CallRecording {

    private final long startNanos;
    private final OptionalLong endNanos;
    private final List<TimelineSpan> timeline;
    private final List<MarkRecord> marks;
    private final List<ClearRecord> clears;
    private final List<ProtocolError> protocolErrors;
    private final byte[] heardAudio;
    private final CallSummary summary;

    CallRecording(long startNanos, OptionalLong endNanos, List<TimelineSpan> timeline, List<MarkRecord> marks,
                  List<ClearRecord> clears, List<ProtocolError> protocolErrors, byte[] heardAudio,
                  CallSummary summary) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.timeline = List.copyOf(timeline);
        this.marks = List.copyOf(marks);
        this.clears = List.copyOf(clears);
        this.protocolErrors = List.copyOf(protocolErrors);
        this.heardAudio = heardAudio;
        this.summary = summary;
    }

    /** When {@code start} was sent: the timeline's origin. */
    public long startNanos() {
        return startNanos;
    }

    /** When the call ended ({@code stop} sent, or the socket closed), if it has. */
    public OptionalLong endNanos() {
        return endNanos;
    }

    /**
     * The caller's time from {@code start} to the end of the call (or this snapshot), without holes: frames heard,
     * gaps (underruns) and silence, in order.
     */
    public List<TimelineSpan> timeline() {
        return timeline;
    }

    /** Every mark the server sent, in order of arrival. */
    public List<MarkRecord> marks() {
        return marks;
    }

    /** The names of the marks echoed, in the order they were echoed. */
    public List<String> echoedMarks() {
        return marks.stream().filter(MarkRecord::echoed)
                .sorted(java.util.Comparator.comparingLong(MarkRecord::reachedNanos)) // stable: arrival order on ties
                .map(MarkRecord::name).toList();
    }

    /** Every {@code clear} the server sent, in order. */
    public List<ClearRecord> clears() {
        return clears;
    }

    /** Everything the server sent that Twilio would reject, in order. */
    public List<ProtocolError> protocolErrors() {
        return protocolErrors;
    }

    /**
     * The mu-law bytes the caller heard, in order, gaps and silence left out: the payloads of the frames played,
     * those cut by a {@code clear} or the end of the call up to the sample reached. Empty if the simulator was told
     * not to keep audio. A new copy on each call.
     */
    public byte[] heardAudio() {
        return heardAudio.clone();
    }

    /** The figures. */
    public CallSummary summary() {
        return summary;
    }

    @Override
    public String toString() {
        return "CallRecording[" + summary + ", errors=" + protocolErrors + "]";
    }
}
