package io.github.voxbridge.twilio.testkit;

import java.util.List;

/**
 * The figures of a {@link CallLoad}: how many calls completed, and the sums of their {@link CallSummary}s over every
 * call that started (failed ones included). Frame counts are media messages of 20 ms.
 *
 * @param calls                  calls placed
 * @param started                calls whose webhook, TwiML and upgrade succeeded, and which sent {@code start}
 * @param completed              calls that started, lasted the whole duration and saw no {@link ProtocolError}
 * @param failed                 the others: {@code calls - completed}
 * @param failureReasons         the first few distinct reasons calls failed, one line each, in the order they
 *                               happened (at most {@value CallLoad#FAILURE_REASONS_KEPT})
 * @param framesReceived         media messages the server sent that arrived
 * @param framesPlayed           of those, played in full
 * @param framesCut              played in part (a {@code clear}, or the hang-up, stopped them)
 * @param framesCleared          discarded by a {@code clear} before they played (asked for: not lost)
 * @param framesLost             never played though no {@code clear} asked for it: still buffered at the hang-up,
 *                               or arriving after it
 * @param underruns              gaps inside an utterance (the buffer ran dry between two media messages), after
 *                               each call's first frame
 * @param marksReceived          marks the server sent
 * @param marksEchoed            marks sent back to the server, by playback or by a {@code clear}
 * @param clears                 {@code clear} messages
 * @param protocolErrors         {@link ProtocolError}s over all calls
 * @param callsWithoutMedia      calls that started but never received a media message
 * @param firstFrameLatencyNanos one per call that received media: from its {@code start} message to the arrival
 *                               of its first media message, in nanoseconds, in ascending order
 * @param callNanos              the duration of each call, in nanoseconds
 * @param cpuNanos               CPU time of this whole process over {@code wallNanos} (every thread: the simulator,
 *                               the HTTP client, JIT, GC; and the server too if it runs in the same JVM), in
 *                               nanoseconds; -1 where the JVM does not measure it
 * @param wallNanos              real time of the run, from the first call's start to the last one's hang-up (the
 *                               HTTP client's set-up before it not included), in nanoseconds
 */
public record CallLoadResult(int calls, int started, int completed, int failed, List<String> failureReasons,
                             long framesReceived, long framesPlayed, long framesCut, long framesCleared,
                             long framesLost, long underruns, long marksReceived, long marksEchoed, long clears,
                             long protocolErrors, int callsWithoutMedia, List<Long> firstFrameLatencyNanos,
                             long callNanos, long cpuNanos, long wallNanos) {

    public CallLoadResult {
        failureReasons = List.copyOf(failureReasons);
        firstFrameLatencyNanos = List.copyOf(firstFrameLatencyNanos);
        for (int i = 1; i < firstFrameLatencyNanos.size(); i++) {
            if (firstFrameLatencyNanos.get(i) < firstFrameLatencyNanos.get(i - 1)) {
                throw new IllegalArgumentException("first-frame latencies must be in ascending order, got "
                        + firstFrameLatencyNanos.get(i - 1) + " before " + firstFrameLatencyNanos.get(i));
            }
        }
    }

    /** Whether every call completed. */
    public boolean allCompleted() {
        return completed == calls;
    }

    /**
     * The {@code percentile}-th first-frame latency by the nearest-rank method (the smallest value with at least
     * {@code percentile}% of the values at or below it), in nanoseconds; -1 if no call received media.
     *
     * @param percentile in (0, 100]: 50 for the median, 100 for the maximum
     * @throws IllegalArgumentException for a percentile outside (0, 100]
     */
    public long firstFrameLatencyPercentileNanos(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
        int n = firstFrameLatencyNanos.size();
        if (n == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(percentile / 100 * n); // 1-based, in [1, n]
        return firstFrameLatencyNanos.get(Math.max(rank, 1) - 1);
    }

    /**
     * CPU seconds of this process per minute of completed call ({@link #cpuNanos} over {@code completed} times the
     * call duration): what one call costs the simulator; NaN if no call completed or CPU time is not measured.
     */
    public double cpuSecondsPerCallMinute() {
        if (completed == 0 || cpuNanos < 0) {
            return Double.NaN;
        }
        return cpuNanos / 1e9 / (completed * (callNanos / 60e9));
    }
}
