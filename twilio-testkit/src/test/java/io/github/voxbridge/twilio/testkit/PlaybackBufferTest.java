package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twilio's playback model on its own, with exact times: what the socket tests rely on. */
class PlaybackBufferTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 1_000 * MS; // any origin; not 0, so that origin-relative mistakes show

    private static byte[] frame(int value) {
        byte[] f = new byte[160];
        Arrays.fill(f, (byte) value);
        return f;
    }

    @Test
    void framesReceivedAtOncePlayBackToBackAndTheMarkWhenTheyHavePlayed() {
        PlaybackBuffer b = new PlaybackBuffer(T0);
        for (int i = 0; i < 5; i++) {
            b.media(frame(i), 160, T0 + 10 * MS);
        }
        b.mark("m1", T0 + 10 * MS);
        assertThat(b.nextMarkAt()).hasValue(T0 + 110 * MS);
        assertThat(b.takeReachedMarks(T0 + 109 * MS)).isEmpty();
        assertThat(b.takeReachedMarks(T0 + 110 * MS)).containsExactly("m1");

        CallRecording r = b.recording(T0 + 200 * MS, List.of());
        assertThat(r.timeline()).containsExactly(
                new TimelineSpan.Silence(T0, 10 * MS),
                new TimelineSpan.Frame(0, T0 + 10 * MS, 160), new TimelineSpan.Frame(1, T0 + 30 * MS, 160),
                new TimelineSpan.Frame(2, T0 + 50 * MS, 160), new TimelineSpan.Frame(3, T0 + 70 * MS, 160),
                new TimelineSpan.Frame(4, T0 + 90 * MS, 160),
                new TimelineSpan.Silence(T0 + 110 * MS, 90 * MS));
        assertThat(r.marks()).containsExactly(new MarkRecord("m1", T0 + 10 * MS, T0 + 110 * MS, true, false));
        assertThat(r.summary()).isEqualTo(new CallSummary(5, 5, 0, 0, 0, 0, 0, 800, 10 * MS, 1, 1, 0, 0));
        byte[] expected = new byte[800];
        for (int i = 0; i < 5; i++) {
            Arrays.fill(expected, 160 * i, 160 * i + 160, (byte) i);
        }
        assertThat(r.heardAudio()).isEqualTo(expected);
    }

    @Test
    void aSnapshotHearsOnlyWhatHasPlayedByThen() {
        PlaybackBuffer b = new PlaybackBuffer(T0);
        b.media(frame(1), 160, T0);
        b.media(frame(2), 160, T0);
        CallRecording r = b.recording(T0 + 25 * MS, List.of());
        assertThat(r.timeline()).containsExactly(new TimelineSpan.Frame(0, T0, 160),
                new TimelineSpan.Frame(1, T0 + 20 * MS, 40));
        assertThat(r.summary().framesPlayed()).isEqualTo(1);
        assertThat(r.heardAudio()).hasSize(200);
    }

    @Test
    void aMediaArrivingAfterTheBufferRanDryInsideAnUtteranceIsAnUnderrun() {
        PlaybackBuffer b = new PlaybackBuffer(T0);
        b.media(frame(1), 160, T0);              // plays 0..20
        b.media(frame(2), 160, T0 + 50 * MS);    // 30 ms late: a gap
        b.media(frame(3), 160, T0 + 70 * MS);    // exactly on time: no gap
        b.mark("u1", T0 + 70 * MS);
        b.media(frame(4), 160, T0 + 200 * MS);   // after a mark: silence between utterances, not an underrun
        CallRecording r = b.recording(T0 + 220 * MS, List.of());
        assertThat(r.timeline()).containsExactly(
                new TimelineSpan.Frame(0, T0, 160),
                new TimelineSpan.Gap(T0 + 20 * MS, 30 * MS),
                new TimelineSpan.Frame(1, T0 + 50 * MS, 160), new TimelineSpan.Frame(2, T0 + 70 * MS, 160),
                new TimelineSpan.Silence(T0 + 90 * MS, 110 * MS),
                new TimelineSpan.Frame(3, T0 + 200 * MS, 160));
        assertThat(r.summary().underruns()).isEqualTo(1);
        assertThat(r.summary().underrunNanos()).isEqualTo(30 * MS);
    }

    @Test
    void clearCutsThePlayingFrameAtTheSampleDiscardsTheRestAndEchoesPendingMarksAtOnce() {
        PlaybackBuffer b = new PlaybackBuffer(T0);
        for (int i = 0; i < 3; i++) {
            b.media(frame(i), 160, T0);
        }
        b.mark("a", T0);
        for (int i = 3; i < 10; i++) {
            b.media(frame(i), 160, T0);
        }
        b.mark("b", T0);
        // 45 ms in: frames 0 and 1 played, frame 2 has played 5 ms = 40 samples.
        assertThat(b.clear(T0 + 45 * MS)).containsExactly("a", "b");
        assertThat(b.nextMarkAt()).isEmpty();
        CallRecording r = b.recording(T0 + 100 * MS, List.of());
        assertThat(r.timeline()).containsExactly(new TimelineSpan.Frame(0, T0, 160),
                new TimelineSpan.Frame(1, T0 + 20 * MS, 160), new TimelineSpan.Frame(2, T0 + 40 * MS, 40),
                new TimelineSpan.Silence(T0 + 45 * MS, 55 * MS));
        assertThat(r.clears()).containsExactly(new ClearRecord(T0 + 45 * MS, 7, 120, List.of("a", "b")));
        assertThat(r.marks()).extracting(MarkRecord::byClear).containsExactly(true, true);
        assertThat(r.summary().framesCleared()).isEqualTo(7);
        assertThat(r.summary().framesCut()).isEqualTo(1);
        assertThat(r.summary().heardSamples()).isEqualTo(360);
        assertThat(r.summary().framesLost()).isZero();
        // After a clear the next media starts a new utterance at once.
        b.media(frame(9), 160, T0 + 100 * MS);
        assertThat(b.recording(T0 + 120 * MS, List.of()).timeline()).last()
                .isEqualTo(new TimelineSpan.Frame(10, T0 + 100 * MS, 160));
    }

    @Test
    void theEndOfTheCallLosesWhatIsBufferedAndWhatComesLater() {
        PlaybackBuffer b = new PlaybackBuffer(T0);
        for (int i = 0; i < 5; i++) {
            b.media(frame(i), 160, T0);
        }
        b.mark("m", T0);
        b.end(T0 + 30 * MS);
        b.media(frame(5), 160, T0 + 31 * MS);
        b.mark("late", T0 + 31 * MS);
        CallRecording r = b.recording(T0 + 500 * MS, List.of());
        assertThat(r.endNanos()).hasValue(T0 + 30 * MS);
        assertThat(r.timeline()).containsExactly(new TimelineSpan.Frame(0, T0, 160),
                new TimelineSpan.Frame(1, T0 + 20 * MS, 80));
        assertThat(r.summary().framesLost()).isEqualTo(4); // frames 2, 3, 4 buffered and 5 after the end
        assertThat(r.summary().framesCut()).isEqualTo(1);
        assertThat(r.marks()).extracting(MarkRecord::echoed).containsExactly(false, false);
        assertThat(b.nextMarkAt()).isEmpty();
    }

    @Test
    void latencyIsFromTheReferenceToTheFirstMediaAtOrAfterIt() {
        PlaybackBuffer b = new PlaybackBuffer(T0);
        assertThat(b.recording(T0, List.of()).summary().firstFrameLatencyNanos()).isEqualTo(-1);
        b.media(frame(0), 160, T0 + 7 * MS);
        assertThat(b.recording(T0 + 7 * MS, List.of()).summary().firstFrameLatencyNanos()).isEqualTo(7 * MS);
        b.latencyFrom(T0 + 100 * MS);
        b.media(frame(0), 160, T0 + 143 * MS);
        assertThat(b.recording(T0 + 200 * MS, List.of()).summary().firstFrameLatencyNanos()).isEqualTo(43 * MS);
    }

    @Test
    void aMarkOnAnEmptyBufferIsReachedAtOnceAndOddSizedFramesPlayForTheirLength() {
        PlaybackBuffer b = new PlaybackBuffer(T0);
        b.mark("now", T0 + 5 * MS);
        assertThat(b.takeReachedMarks(T0 + 5 * MS)).containsExactly("now");
        b.media(new byte[7], 7, T0 + 5 * MS);     // 7 samples: 875 us
        b.mark("after7", T0 + 5 * MS);
        assertThat(b.nextMarkAt()).hasValue(T0 + 5 * MS + 7 * PlaybackBuffer.NANOS_PER_SAMPLE);
    }

    /**
     * The summary-only buffer ({@link CallLoad}'s, which forgets frames once played) gives the same summary and
     * echoes the same marks at the same times as the full one, over generated calls: frames arriving early, on time
     * and late (underruns), marks, clears, the end of the call and frames after it, snapshots taken midway.
     * Seeded, so a failure names its seed and round.
     */
    @Test
    void theSummaryOnlyBufferAddsUpExactlyAsTheFullOne() {
        long seed = 20_261_203L;
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 300; round++) {
            PlaybackBuffer full = new PlaybackBuffer(T0);
            PlaybackBuffer summary = new PlaybackBuffer(T0, true);
            long now = T0;
            int marks = 0;
            for (int step = 0; step < 400; step++) {
                now += switch (random.nextInt(5)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(5) * MS;
                    case 2, 3 -> 20 * MS;
                    default -> random.nextInt(400) * MS;
                };
                int event = random.nextInt(100);
                String context = "seed " + seed + ", round " + round + ", step " + step;
                if (event < 80) {
                    int samples = random.nextInt(10) == 0 ? 1 + random.nextInt(320) : 160;
                    full.media(null, samples, now);
                    summary.media(null, samples, now);
                } else if (event < 88) {
                    String name = "m" + marks++;
                    full.mark(name, now);
                    summary.mark(name, now);
                } else if (event < 92) {
                    assertThat(summary.clear(now)).as(context).isEqualTo(full.clear(now));
                } else if (event < 93) {
                    full.end(now);
                    summary.end(now);
                } else {
                    assertThat(summary.recording(now, List.of()).summary()).as(context)
                            .isEqualTo(full.recording(now, List.of()).summary());
                }
                assertThat(summary.nextMarkAt()).as(context).isEqualTo(full.nextMarkAt());
                assertThat(summary.takeReachedMarks(now)).as(context).isEqualTo(full.takeReachedMarks(now));
            }
            full.end(now);
            summary.end(now);
            assertThat(summary.recording(now + 1_000 * MS, List.of()).summary()).as("seed %d, round %d", seed, round)
                    .isEqualTo(full.recording(now + 1_000 * MS, List.of()).summary());
            assertThat(summary.recording(now, List.of()).timeline()).isEmpty();
        }
    }
}
