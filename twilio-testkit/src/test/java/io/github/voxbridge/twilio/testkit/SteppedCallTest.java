package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.stream.PlaybackOutcome;
import io.github.voxbridge.twilio.stream.Utterance;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CallSimulator} against a real Jetty 12 endpoint on loopback whose twilio-frames {@link
 * io.github.voxbridge.twilio.stream.OutboundPlayer} plays prerecorded mu-law (so every byte heard is known), with
 * one {@link ManualClock} shared by the player and the simulator and moved only by the test: each time the player
 * waits for its next frame's turn and everything it sent has arrived, the clock jumps to that turn
 * ({@link #playUntil}). Every arrival, echo and cut is then an exact time; real time only bounds how long a broken
 * build may hang.
 */
class SteppedCallTest {

    private static final long MS = 1_000_000;
    private static final long FRAME = CallSimulator.FRAME_NANOS;
    private static final String PLAYER_THREAD = "voxbridge-player-";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SID = "MZ00000000000000000000000000000042";

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private TtsEngine engine;
    private VoiceServer server;
    private CallSimulator sim;
    private VoiceServer.PlayerCall call;
    /** The mu-law of each prompt, as the engine has it. */
    private byte[] first;
    private byte[] second;

    @BeforeEach
    void serve() throws Exception {
        first = codes(24 * 160 + 159, 0x7E); // 25 frames, the last padded with one byte of silence
        second = codes(10 * 160, 0x11);      // 10 frames exactly
        engine = PrerecordedEngine.builder()
                .raw("first", Files.write(dir.resolve("first.ulaw"), first), new AudioFormatSpec(SampleEncoding.MULAW, 8000))
                .raw("second", Files.write(dir.resolve("second.ulaw"), second), new AudioFormatSpec(SampleEncoding.MULAW, 8000))
                .chunkBytes(161)
                .build();
        server = new VoiceServer(engine, clock, null, Map.of());
        sim = CallSimulator.builder().streamUrl(server.mediaUri()).streamSid(SID).clock(clock).build();
        sim.connect();
        call = server.nextPlayerCall();
        sim.start();
    }

    @AfterEach
    void hangUp() throws Exception {
        sim.close();
        server.close();
        engine.close();
    }

    /** Distinct codes (every value, none 0xFF or 0x7F where mu-law's two zeros could blur a comparison). */
    private static byte[] codes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int v = (seed + 37 * i) & 0xFF;
            b[i] = (byte) (v == 0xFF || v == 0x7F ? 0x55 : v);
        }
        return b;
    }

    /** {@code audio} as the player sends it: whole 160-byte frames, the last padded with mu-law silence. */
    private static byte[] padded(byte[] audio) {
        byte[] p = Arrays.copyOf(audio, (audio.length + 159) / 160 * 160);
        Arrays.fill(p, audio.length, p.length, MuLaw.SILENCE);
        return p;
    }

    @Test
    void hearsExactlyTheFramesSentAndEchoesEachMarkWhenPlaybackReachesIt() throws Exception {
        Utterance one = call.player().play("first");
        Utterance two = call.player().play("second");
        playUntil(r -> r.marks().size() == 2);
        clock.advanceTo(35 * FRAME);
        CallRecording r = sim.awaitMarkEchoed("utterance-2", WAIT);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(padded(first));
        expected.writeBytes(second);
        assertThat(r.heardAudio()).isEqualTo(expected.toByteArray());
        assertThat(r.timeline()).hasSize(35).allSatisfy(s -> assertThat(s).isInstanceOf(TimelineSpan.Frame.class));
        for (int i = 0; i < 35; i++) {
            assertThat(r.timeline().get(i)).isEqualTo(new TimelineSpan.Frame(i, i * FRAME, 160));
        }
        assertThat(r.echoedMarks()).containsExactly("utterance-1", "utterance-2");
        assertThat(r.marks()).extracting(MarkRecord::reachedNanos).containsExactly(25 * FRAME, 35 * FRAME);
        assertThat(r.marks()).noneMatch(MarkRecord::byClear);
        CallSummary s = r.summary();
        assertThat(s.framesReceived()).isEqualTo(35);
        assertThat(s.framesPlayed()).isEqualTo(35);
        assertThat(s.underruns()).isZero();
        assertThat(s.framesLost()).isZero();
        assertThat(s.firstFrameLatencyNanos()).as("the player's first burst goes at once").isZero();
        assertThat(s.heardMillis()).isEqualTo(700.0);
        assertThat(s.protocolErrors()).isZero();
        assertThat(outcome(one)).isEqualTo(new PlaybackOutcome.Played(25));
        assertThat(outcome(two)).isEqualTo(new PlaybackOutcome.Played(10));
    }

    @Test
    void sendsTheCallersMediaEvery20msWithTwiliosCountersAndTheEchoesInTheSameSequence() throws Exception {
        call.player().play("second");
        playUntil(r -> r.marks().size() == 1);
        clock.advanceTo(10 * FRAME);
        sim.awaitMarkEchoed("utterance-1", WAIT);
        await(() -> call.inbound().stream().filter(m -> m instanceof InboundMessage.Media).count() == 10,
                () -> "10 media at the server (the clock is at 200 ms); got " + call.inbound());
        sim.dtmf("7");
        await(() -> call.inbound().stream().anyMatch(m -> m instanceof InboundMessage.Dtmf),
                () -> "a dtmf at the server; got " + call.inbound());
        List<InboundMessage> in = List.copyOf(call.inbound());
        assertThat(in.get(0)).isEqualTo(new InboundMessage.Connected("Call", "1.0.0"));
        InboundMessage.Start start = (InboundMessage.Start) in.get(1);
        assertThat(start.sequenceNumber()).isEqualTo(1);
        assertThat(start.streamSid()).isEqualTo(SID);
        assertThat(start.tracks()).containsExactly("inbound");
        assertThat(start.mediaFormat()).isEqualTo(InboundMessage.MediaFormat.TWILIO);
        List<InboundMessage.Media> media = in.stream().filter(m -> m instanceof InboundMessage.Media)
                .map(m -> (InboundMessage.Media) m).toList();
        byte[] silence = new byte[160];
        Arrays.fill(silence, MuLaw.SILENCE);
        for (int i = 0; i < media.size(); i++) {
            InboundMessage.Media m = media.get(i);
            assertThat(m.chunk()).isEqualTo(i + 1);
            assertThat(m.timestamp()).isEqualTo(20L * i);
            assertThat(m.track()).isEqualTo("inbound");
            assertThat(m.payload()).isEqualTo(silence);
        }
        // One sequence for every message after connected, in wire order: media, the mark's echo, dtmf.
        long[] sequence = in.stream().skip(1).mapToLong(m -> switch (m) {
            case InboundMessage.Start s -> s.sequenceNumber();
            case InboundMessage.Media m2 -> m2.sequenceNumber();
            case InboundMessage.Mark m3 -> m3.sequenceNumber();
            case InboundMessage.Dtmf d -> d.sequenceNumber();
            default -> throw new AssertionError("unexpected " + m);
        }).toArray();
        for (int i = 0; i < sequence.length; i++) {
            assertThat(sequence[i]).isEqualTo(i + 1);
        }
        assertThat(in).filteredOn(m -> m instanceof InboundMessage.Dtmf)
                .containsExactly(new InboundMessage.Dtmf(sequence.length, SID, "inbound_track", "7"));
    }

    @Test
    void clearCutsPlaybackAtTheSampleAndEchoesThePendingMarkAtOnce() throws Exception {
        Utterance shortOne = call.player().play("second");    // 10 frames, then its mark
        Utterance longOne = call.player().play("first");      // 25 frames
        playUntil(r -> r.marks().size() == 1);
        // 130 ms in: frames 0..5 played, frame 6 has played 10 ms (80 samples); the mark (at 200 ms) is pending.
        clock.advanceTo(130 * MS);
        awaitPacing();
        int received = sim.recording().summary().framesReceived();
        call.player().interrupt();
        CallRecording r = sim.await(c -> c.summary().clears() == 1 && c.summary().marksEchoed() == 1, WAIT);

        assertThat(r.heardAudio()).isEqualTo(Arrays.copyOf(second, 6 * 160 + 80));
        assertThat(r.summary().heardMillis()).isEqualTo(130.0);
        assertThat(r.clears()).containsExactly(new ClearRecord(130 * MS, received - 7, 80, List.of("utterance-1")));
        assertThat(r.marks()).containsExactly(new MarkRecord("utterance-1", 0, 130 * MS, true, true));
        assertThat(r.timeline()).last().isEqualTo(new TimelineSpan.Frame(6, 120 * MS, 80));
        assertThat(r.summary().framesCleared()).isEqualTo(received - 7);
        assertThat(r.summary().framesLost()).isZero();
        // The player's own estimate of what was heard agrees with what the caller heard.
        assertThat(outcome(shortOne)).isEqualTo(new PlaybackOutcome.Interrupted(10, Duration.ofMillis(130)));
        assertThat(outcome(longOne)).isInstanceOf(PlaybackOutcome.Interrupted.class);
    }

    @Test
    void hangingUpLosesWhatIsStillBuffered() throws Exception {
        Utterance u = call.player().play("first");
        awaitPacing();
        clock.advanceTo(30 * MS);
        awaitPacing();
        int received = sim.recording().summary().framesReceived();
        CallRecording r = sim.hangUp();
        assertThat(r.endNanos()).hasValue(30 * MS);
        assertThat(r.heardAudio()).isEqualTo(Arrays.copyOf(first, 240));
        assertThat(r.summary().framesPlayed()).isEqualTo(1);
        assertThat(r.summary().framesCut()).isEqualTo(1);
        assertThat(r.summary().framesLost()).isEqualTo(received - 2);
        assertThat(outcome(u)).isInstanceOf(PlaybackOutcome.Ended.class);
        assertThat(r.protocolErrors()).as("stop, then a clean close handshake").isEmpty();
        assertThat(sim.hangUp().summary()).as("hanging up twice changes nothing").isEqualTo(r.summary());
        await(() -> call.inbound().getLast() instanceof InboundMessage.Stop, () -> "stop at the server");
    }

    // ------------------------------------------------------------------------------------------------ stepping

    private static PlaybackOutcome outcome(Utterance u) throws Exception {
        return u.outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private boolean arrived() {
        return sim.messagesReceived() == call.sent().get();
    }

    /** The player's next turn, if it waits for it and everything it sent has arrived (same wait before and after). */
    private OptionalLong quietTurn() {
        Optional<ManualClock.Park> before = clock.parked(PLAYER_THREAD);
        if (before.isEmpty() || !arrived() || !clock.parked(PLAYER_THREAD).equals(before)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(before.get().deadline());
    }

    /** Moves the clock from turn to turn of the player until {@code done} holds once everything sent arrived. */
    private void playUntil(Predicate<CallRecording> done) {
        OptionalLong[] turn = new OptionalLong[1];
        while (true) {
            await(() -> (arrived() && done.test(sim.recording())) || (turn[0] = quietTurn()).isPresent(),
                    () -> "the player to send or wait for its turn at " + clock + "; " + sim.recording());
            if (arrived() && done.test(sim.recording())) {
                return;
            }
            clock.advanceTo(turn[0].getAsLong());
        }
    }

    private void awaitPacing() {
        await(() -> quietTurn().isPresent(), () -> "the player to wait for its next turn at " + clock);
    }

    /** Polls {@code condition}; the bound only limits how long a broken build hangs. */
    private static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + WAIT + " for " + what.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }
}
