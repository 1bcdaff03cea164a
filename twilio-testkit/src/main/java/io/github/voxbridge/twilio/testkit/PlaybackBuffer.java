package io.github.voxbridge.twilio.testkit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Twilio's playback of one call, as a function of the times messages arrive: the model behind
 * {@link CallSimulator}, kept free of threads and sockets so that it can be tested on its own.
 *
 * <ul>
 *   <li>A media payload of {@code n} bytes plays for {@code n} samples at 8000 Hz ({@value #NANOS_PER_SAMPLE} ns
 *       each), from its arrival or from the end of the audio before it, whichever is later. So the schedule is exact
 *       and independent of when the simulator's threads wake up.</li>
 *   <li>An <em>underrun</em> is a media message arriving after the buffer ran dry while the message before it was
 *       media too (inside an utterance); after a mark, a {@code clear} or at the start an empty buffer is ordinary
 *       silence.</li>
 *   <li>A mark is reached when everything received before it has played (at once if the buffer is empty).</li>
 *   <li>{@code clear} stops playback at its arrival: the frame playing is cut at the sample reached, the later ones
 *       are discarded, and every pending mark is reached there and then.</li>
 *   <li>The end of the call (stop sent, or the socket closed) cuts playback the same way; frames still buffered or
 *       arriving later are <em>lost</em>, and pending marks are never echoed.</li>
 * </ul>
 * Not thread-safe: the simulator calls it under its lock. Times are clock nanoseconds, compared by difference.
 */
final class PlaybackBuffer {

    /** One sample at 8000 Hz, the rate of every Twilio stream: 10^9 / 8000 ns. */
    static final long NANOS_PER_SAMPLE = 125_000;

    private enum Fate { SCHEDULED, CUT_BY_CLEAR, CLEARED, CUT_BY_END, LOST }

    private static final class Frame {
        final int index;
        final long arrival;
        final long start;
        final byte[] payload;
        final int samples;
        final boolean gapBefore;
        Fate fate;
        /** Samples heard when cut; meaningless while SCHEDULED. */
        int heard;

        Frame(int index, long arrival, long start, byte[] payload, int samples, boolean gapBefore, Fate fate) {
            this.index = index;
            this.arrival = arrival;
            this.start = start;
            this.payload = payload;
            this.samples = samples;
            this.gapBefore = gapBefore;
            this.fate = fate;
        }

        long end() {
            return start + samples * NANOS_PER_SAMPLE;
        }
    }

    private static final class Mark {
        final String name;
        final long received;
        long reached;
        boolean echoed;
        boolean byClear;

        Mark(String name, long received) {
            this.name = name;
            this.received = received;
        }
    }

    private record Pending(Mark mark, long at) {
    }

    private final long origin;
    /** The frames not folded into the counters below; every frame in full mode. */
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    /**
     * Summary only ({@link CallLoad}): a frame whose fate can no longer change (played to its end, or cut, cleared or
     * lost) is folded into these counters and forgotten, so that a call keeps only the frames still to play. A
     * thousand calls of a minute otherwise keep three million frame records, whose garbage collection then stalls
     * the simulator itself (gaps it would blame on the server). The recording then has no timeline and no audio.
     */
    private final boolean summaryOnly;
    private int received;
    private int foldedPlayed;
    private int foldedCut;
    private int foldedCleared;
    private int foldedLost;
    private long foldedHeard;
    private long foldedLatency = -1;
    private final List<Mark> marks = new ArrayList<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<ClearRecord> clears = new ArrayList<>();
    /** When everything received so far will have played; in the past when the buffer is empty. */
    private long scheduleEnd;
    private boolean lastWasMedia;
    private int underruns;
    private long underrunNanos;
    private boolean ended;
    private long endedAt;
    private long latencyReference;

    /** @param origin when {@code start} was sent: the timeline starts here, and so does latency by default */
    PlaybackBuffer(long origin) {
        this(origin, false);
    }

    /**
     * @param summaryOnly keep only what the {@link CallSummary} needs (see {@link #summaryOnly}); the latency
     *                    reference must then be set before media arrive
     */
    PlaybackBuffer(long origin, boolean summaryOnly) {
        this.origin = origin;
        this.summaryOnly = summaryOnly;
        this.scheduleEnd = origin;
        this.latencyReference = origin;
    }

    /**
     * A media message arrived.
     *
     * @param payload its bytes, kept for {@link CallRecording#heardAudio()}, or {@code null} not to keep audio
     * @param samples its length in bytes (= samples)
     */
    void media(byte[] payload, int samples, long now) {
        if (summaryOnly) {
            fold(now);
            // Arrivals come in order, so the first at or after the reference is the first frame's that is.
            if (foldedLatency < 0 && now - latencyReference >= 0) {
                foldedLatency = now - latencyReference;
            }
        }
        int index = received++;
        if (ended) {
            if (summaryOnly) {
                foldedLost++;
            } else {
                frames.add(new Frame(index, now, now, payload, samples, false, Fate.LOST));
            }
            return;
        }
        boolean gap = false;
        if (scheduleEnd - now < 0) {
            if (lastWasMedia) {
                gap = true;
                underruns++;
                underrunNanos += now - scheduleEnd;
            }
            scheduleEnd = now;
        }
        frames.add(new Frame(index, now, scheduleEnd, payload, samples, gap, Fate.SCHEDULED));
        scheduleEnd += samples * NANOS_PER_SAMPLE;
        lastWasMedia = true;
    }

    /** A mark arrived. It is reached when the audio received before it has played. */
    void mark(String name, long now) {
        Mark mark = new Mark(name, now);
        marks.add(mark);
        if (ended) {
            return;
        }
        pending.add(new Pending(mark, scheduleEnd - now > 0 ? scheduleEnd : now));
        lastWasMedia = false;
    }

    /** When the next pending mark is reached, if there is one. */
    OptionalLong nextMarkAt() {
        Pending head = pending.peek();
        return head == null ? OptionalLong.empty() : OptionalLong.of(head.at());
    }

    /** Takes the marks playback has reached by {@code now}, in order: they are to be echoed. */
    List<String> takeReachedMarks(long now) {
        List<String> names = new ArrayList<>();
        while (!pending.isEmpty() && pending.peek().at() - now <= 0) {
            Pending p = pending.poll();
            p.mark().reached = p.at();
            p.mark().echoed = true;
            names.add(p.mark().name);
        }
        return names;
    }

    /** A {@code clear} arrived: stops playback now; returns the pending marks, in order, to echo at once. */
    List<String> clear(long now) {
        if (ended) {
            clears.add(new ClearRecord(now, 0, 0, List.of()));
            return List.of();
        }
        int discarded = 0;
        int cut = 0;
        for (Iterator<Frame> back = frames.descendingIterator(); back.hasNext(); ) {
            Frame f = back.next();
            if (f.fate != Fate.SCHEDULED || f.end() - now <= 0) {
                break;
            }
            if (f.start - now >= 0) {
                f.fate = Fate.CLEARED;
                discarded++;
            } else {
                f.fate = Fate.CUT_BY_CLEAR;
                f.heard = (int) ((now - f.start) / NANOS_PER_SAMPLE);
                cut = f.samples - f.heard;
            }
        }
        List<String> names = new ArrayList<>();
        while (!pending.isEmpty()) {
            Mark m = pending.poll().mark();
            m.reached = now;
            m.echoed = true;
            m.byClear = true;
            names.add(m.name);
        }
        clears.add(new ClearRecord(now, discarded, cut, names));
        scheduleEnd = now;
        lastWasMedia = false;
        return names;
    }

    /** The call ended now: playback stops, what is buffered or arrives later is lost, pending marks stay unechoed. */
    void end(long now) {
        if (ended) {
            return;
        }
        ended = true;
        endedAt = now;
        for (Iterator<Frame> back = frames.descendingIterator(); back.hasNext(); ) {
            Frame f = back.next();
            if (f.fate != Fate.SCHEDULED || f.end() - now <= 0) {
                break;
            }
            if (f.start - now >= 0) {
                f.fate = Fate.LOST;
            } else {
                f.fate = Fate.CUT_BY_END;
                f.heard = (int) ((now - f.start) / NANOS_PER_SAMPLE);
            }
        }
        pending.clear();
    }

    boolean ended() {
        return ended;
    }

    /** First-frame latency is measured from {@code reference} to the first media arriving at or after it. */
    void latencyFrom(long reference) {
        this.latencyReference = reference;
    }

    int mediaReceived() {
        return received;
    }

    /**
     * Summary only: folds the oldest frames whose fate is final by {@code now} (played to their end, or cut, cleared
     * or lost: clear and end only touch frames still playing or to play) into the counters, as {@link #recording}
     * counts them. (The first-frame latency is taken as frames arrive.)
     */
    private void fold(long now) {
        while (!frames.isEmpty()) {
            Frame f = frames.peekFirst();
            if (f.fate == Fate.SCHEDULED && f.end() - now > 0) {
                return;
            }
            frames.pollFirst();
            switch (f.fate) {
                case SCHEDULED -> {
                    foldedPlayed++;
                    foldedHeard += f.samples;
                }
                case CUT_BY_CLEAR, CUT_BY_END -> {
                    foldedCut++;
                    foldedHeard += f.heard;
                }
                case CLEARED -> foldedCleared++;
                case LOST -> foldedLost++;
            }
        }
    }

    /** What the caller has heard by {@code now} (or by the end of the call, if it ended). */
    CallRecording recording(long now, List<ProtocolError> errors) {
        long cutAt = ended ? endedAt : now;
        List<TimelineSpan> timeline = new ArrayList<>();
        ByteArrayOutputStream heardAudio = new ByteArrayOutputStream();
        long cursor = origin;
        int played = foldedPlayed;
        int cutFrames = foldedCut;
        int cleared = foldedCleared;
        int lost = foldedLost;
        long heardSamples = foldedHeard;
        long latency = foldedLatency;
        for (Frame f : frames) {
            if (latency < 0 && f.arrival - latencyReference >= 0) {
                latency = f.arrival - latencyReference;
            }
            switch (f.fate) {
                case CLEARED -> cleared++;
                case LOST -> lost++;
                case CUT_BY_CLEAR, CUT_BY_END -> cutFrames++;
                case SCHEDULED -> {
                    if (f.end() - cutAt <= 0) {
                        played++;
                    }
                }
            }
            if (f.fate == Fate.CLEARED || f.fate == Fate.LOST || f.start - cutAt >= 0) {
                continue;
            }
            int heard = f.fate == Fate.SCHEDULED
                    ? (int) Math.min(f.samples, (cutAt - f.start) / NANOS_PER_SAMPLE)
                    : f.heard;
            if (heard == 0) {
                continue;
            }
            heardSamples += heard;
            if (summaryOnly) {
                continue;
            }
            if (f.start - cursor > 0) {
                timeline.add(f.gapBefore ? new TimelineSpan.Gap(cursor, f.start - cursor)
                        : new TimelineSpan.Silence(cursor, f.start - cursor));
            }
            timeline.add(new TimelineSpan.Frame(f.index, f.start, heard));
            if (f.payload != null) {
                heardAudio.write(f.payload, 0, heard);
            }
            cursor = f.start + heard * NANOS_PER_SAMPLE;
        }
        if (!summaryOnly && cutAt - cursor > 0) {
            timeline.add(new TimelineSpan.Silence(cursor, cutAt - cursor));
        }
        List<MarkRecord> markRecords = new ArrayList<>(marks.size());
        int echoed = 0;
        for (Mark m : marks) {
            markRecords.add(new MarkRecord(m.name, m.received, m.reached, m.echoed, m.byClear));
            echoed += m.echoed ? 1 : 0;
        }
        CallSummary summary = new CallSummary(received, played, cutFrames, cleared, lost, underruns,
                underrunNanos, heardSamples, latency, marks.size(), echoed, clears.size(), errors.size());
        return new CallRecording(origin, ended ? OptionalLong.of(endedAt) : OptionalLong.empty(), timeline,
                markRecords, clears, errors,
                heardAudio.toByteArray(), summary);
    }
}
