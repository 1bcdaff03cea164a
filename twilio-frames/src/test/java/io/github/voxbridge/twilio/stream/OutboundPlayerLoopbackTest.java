package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.TwilioSimulator.Received;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OutboundPlayer} behind a real Jetty WebSocket endpoint on loopback, with {@link TwilioSimulator} playing
 * Twilio over the JDK's WebSocket client: order, pacing lead, mark semantics, barge-in, stop, failures. The audio
 * comes from {@link ToneEngine} (known lengths: 50 frames a second).
 *
 * <p>Time is a {@link ManualClock} shared by the player and the simulator, and moved by the test only: each time the
 * player waits for its next frame's turn and everything it has sent has reached the simulator, the clock jumps to
 * that turn ({@link #playUntil}). So every frame's send time, every mark's echo time and every heard estimate is
 * exact, however slow the machine: the assertions compare with exact values. Real time only bounds how long a
 * broken build may hang ({@value #WAIT_MILLIS} ms per wait); it never decides a result.
 */
class OutboundPlayerLoopbackTest {

    private static final long MS = 1_000_000L;
    private static final long FRAME = PlaybackPacer.FRAME_NANOS;
    private static final long LEAD = OutboundPlayer.DEFAULT_LEAD.toNanos();
    /** Frames of a burst: what fits in the lead at once. */
    private static final int BURST = (int) (LEAD / FRAME);
    /** The name of every player's thread starts with this (see {@link OutboundPlayer}). */
    private static final String PLAYER_THREAD = "voxbridge-player-";
    /** Liveness bound of every wait, in real milliseconds. */
    private static final long WAIT_MILLIS = 10_000;
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final ToneEngine ENGINE = new ToneEngine();

    private static CallServer server;
    private final List<TwilioSimulator> sims = new ArrayList<>();

    /** Both ends of one call and the clock they share. */
    private record Line(TwilioSimulator sim, OutboundPlayer player, AtomicLong sent, ManualClock clock) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = new CallServer(ENGINE);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void hangUp() {
        sims.forEach(TwilioSimulator::close);
    }

    /** A new call to {@code to}, its player and the simulator pacing by a new manual clock at 0. */
    private Line connect(CallServer to) throws Exception {
        ManualClock clock = new ManualClock();
        to.clock(clock);
        TwilioSimulator sim = new TwilioSimulator(to.uri(), clock);
        sims.add(sim);
        CallServer.Call call = to.nextCall();
        return new Line(sim, call.player(), call.sent(), clock);
    }

    /** Whether everything the player has sent has reached the simulator. */
    private static boolean arrived(Line line) {
        return line.sim().received().size() == line.sent().get();
    }

    /**
     * The time of the player's next turn if it is waiting for it and everything it sent before has arrived: the
     * same wait seen before and after the arrival check, so nothing was sent in between.
     */
    private static OptionalLong quietTurn(Line line) {
        Optional<ManualClock.Park> before = line.clock().parked(PLAYER_THREAD);
        if (before.isEmpty() || !arrived(line) || !line.clock().parked(PLAYER_THREAD).equals(before)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(before.get().deadline());
    }

    /**
     * Runs the call until {@code done} holds for the messages received (checked once everything sent has
     * arrived): whenever the player waits for its next frame's turn and all it sent has arrived, the clock moves
     * to that turn.
     */
    private static void playUntil(Line line, Predicate<List<Received>> done) {
        OptionalLong[] turn = new OptionalLong[1];
        while (true) {
            await(() -> (arrived(line) && done.test(line.sim().received()))
                    || (turn[0] = quietTurn(line)).isPresent(),
                    () -> "the player to send or to wait for its turn at " + line.clock() + "; received "
                            + TwilioSimulator.summary(line.sim().received()) + ", sent " + line.sent());
            if (arrived(line) && done.test(line.sim().received())) {
                return;
            }
            line.clock().advanceTo(turn[0].getAsLong());
        }
    }

    /** Waits until the player waits for its next frame's turn, everything it sent arrived; returns that turn. */
    private static long awaitPacing(Line line) {
        OptionalLong[] turn = new OptionalLong[1];
        await(() -> (turn[0] = quietTurn(line)).isPresent(),
                () -> "the player to wait for its next turn at " + line.clock());
        return turn[0].getAsLong();
    }

    /**
     * Polls {@code condition} until it holds. The poll interval (0.2 ms) and the bound only decide how soon the test
     * sees the state and how long a broken build hangs, never whether a check passes.
     */
    private static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT_MILLIS * MS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + WAIT_MILLIS + " ms for " + what.get());
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static PlaybackOutcome outcome(Utterance u) throws Exception {
        return u.outcome().toCompletableFuture().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static long mediaCount(List<Received> received) {
        return TwilioSimulator.mediaCount(received);
    }

    private static Predicate<List<Received>> hasMark(String name) {
        return r -> TwilioSimulator.summary(r).contains("mark " + name);
    }

    /** The payloads the same text gives through {@link TwilioTtsStream}, for comparing content. */
    private static List<byte[]> reference(TtsEngine engine, String text) {
        List<byte[]> payloads = new ArrayList<>();
        try (MediaMessages m = TwilioTtsStream.builder(engine).streamSid("MZref").build().generate(text)) {
            m.forEachRemaining(json -> payloads.add(((OutboundMessage.Media) CODEC.parseOutbound(json)).payload()));
        }
        return payloads;
    }

    private static List<byte[]> payloads(List<Received> messages) {
        return messages.stream().filter(Received::isMedia)
                .map(r -> ((OutboundMessage.Media) r.message()).payload()).toList();
    }

    /** Arrival times of the media frames of {@code messages}, in ms of the manual clock. */
    private static List<Long> mediaMillis(List<Received> messages) {
        return messages.stream().filter(Received::isMedia).map(r -> r.arrivalNanos() / MS).toList();
    }

    /** What the pacer promises from an empty buffer at {@code startMillis}: a burst of the lead, then one per 20 ms. */
    private static List<Long> pacedFrom(long startMillis, int frames) {
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            at.add(startMillis + Math.max(0, i - BURST + 1) * FRAME / MS);
        }
        return at;
    }

    @Test
    void playsQueuedUtterancesInOrderAfterStartPacedAndConfirmedByMarks() throws Exception {
        Line line = connect(server);
        Utterance first = line.player().play("440 Hz 1000 ms");
        Utterance second = line.player().play("660 Hz 500 ms");
        AtomicLong firstDoneAt = new AtomicLong(-1);
        first.outcome().thenRun(() -> firstDoneAt.set(line.clock().nanoTime()));
        // Nothing before start: the exact message list below would show anything sent earlier.
        assertThat(first.isDone()).isFalse();

        line.sim().start("MZ0001");
        // Frame 58 goes at 980 ms; utterance-1's audio ends at 1000 ms: not heard in full yet.
        playUntil(line, r -> mediaCount(r) >= 59);
        assertThat(awaitPacing(line)).isEqualTo(1000 * MS);
        assertThat(first.isDone()).as("done before playback reached its mark").isFalse();

        playUntil(line, hasMark("utterance-2"));
        assertThat(outcome(first)).isEqualTo(new PlaybackOutcome.Played(50));
        assertThat(firstDoneAt.get()).as("heard in full once playback reached the mark")
                .isGreaterThanOrEqualTo(1000 * MS);
        assertThat(line.sim().echoNanos("utterance-1")).isEqualTo(1000 * MS);
        // utterance-2's last frame went at 1300 ms and plays until 1500 ms.
        assertThat(line.clock().nanoTime()).isEqualTo(1300 * MS);
        line.clock().advanceTo(1500 * MS - 1);
        assertThat(second.isDone()).isFalse();
        line.clock().advanceTo(1500 * MS);
        assertThat(outcome(second)).isEqualTo(new PlaybackOutcome.Played(25));

        List<Received> got = line.sim().received();
        assertThat(TwilioSimulator.summary(got))
                .containsExactly("media x50", "mark utterance-1", "media x25", "mark utterance-2");
        List<byte[]> expected = new ArrayList<>(reference(ENGINE, "440 Hz 1000 ms"));
        expected.addAll(reference(ENGINE, "660 Hz 500 ms"));
        assertThat(payloads(got)).as("content, frame by frame").containsExactlyElementsOf(expected);
        assertThat(got).allSatisfy(r -> assertThat(r.message().streamSid()).isEqualTo("MZ0001"));

        // Pacing: the lead at once, then one frame per 20 ms, the two utterances back to back; the buffer at Twilio
        // is exactly the lead at its fullest and never runs dry.
        assertThat(mediaMillis(got)).containsExactlyElementsOf(pacedFrom(0, 75));
        assertThat(line.sim().maxBufferedNanos()).isEqualTo(LEAD);
        assertThat(line.sim().starvations()).as("gaps inside an utterance").isZero();
        assertThat(line.player().interrupt()).as("nothing left to interrupt").isEmpty();
    }

    @Test
    void bargeInClearsAtOnceAndReportsWhatWasSentAndHeard() throws Exception {
        Line line = connect(server);
        Utterance longOne = line.player().play("440 Hz 3000 ms");
        Utterance queued = line.player().play("660 Hz 1000 ms");
        line.sim().start("MZ0002");
        playUntil(line, r -> mediaCount(r) >= 35);     // the 35th frame goes at 500 ms
        assertThat(awaitPacing(line)).isEqualTo(520 * MS);

        List<Utterance> hit = line.player().interrupt();
        assertThat(hit).containsExactly(longOne, queued);
        line.sim().awaitReceived(r -> TwilioSimulator.summary(r).contains("clear"), WAIT_MILLIS);
        assertThat(TwilioSimulator.summary(line.sim().received())).containsExactly("media x35", "clear");

        // 35 frames = 700 ms sent, played from 0 to 500 ms: 500 ms heard.
        assertThat(outcome(longOne)).isEqualTo(new PlaybackOutcome.Interrupted(35, Duration.ofMillis(500)));
        assertThat(outcome(queued)).isEqualTo(new PlaybackOutcome.Interrupted(0, Duration.ZERO));

        // The player goes on: the next utterance starts from an empty buffer, a burst at 500 ms.
        Utterance after = line.player().play("880 Hz 200 ms");
        line.sim().awaitReceived(hasMark("utterance-3"), WAIT_MILLIS);
        line.clock().advanceTo(700 * MS);
        assertThat(outcome(after)).isEqualTo(new PlaybackOutcome.Played(10));
        List<Received> all = line.sim().received();
        assertThat(TwilioSimulator.summary(all))
                .containsExactly("media x35", "clear", "media x10", "mark utterance-3");
        assertThat(mediaMillis(all).subList(35, 45)).containsExactlyElementsOf(pacedFrom(500, 10));
    }

    @Test
    void marksEchoedBecauseOfClearDoNotCountAsHeard() throws Exception {
        Line line = connect(server);
        Utterance u = line.player().play("440 Hz 300 ms");
        line.sim().start("MZ0003");
        // All 15 frames and the mark are out at 100 ms; playback reaches the mark only at 300 ms.
        playUntil(line, hasMark("utterance-1"));
        assertThat(line.clock().nanoTime()).isEqualTo(100 * MS);
        assertThat(line.sim().echoed()).isEmpty();

        assertThat(line.player().interrupt()).containsExactly(u);
        line.sim().awaitEchoed("utterance-1", WAIT_MILLIS);   // Twilio echoes pending marks on clear
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Interrupted(15, Duration.ofMillis(100)));
    }

    @Test
    void interruptWithNothingUnconfirmedSendsNoClear() throws Exception {
        Line line = connect(server);
        line.sim().start("MZ0004");
        Utterance first = line.player().play("440 Hz 200 ms");
        line.sim().awaitReceived(hasMark("utterance-1"), WAIT_MILLIS);
        line.clock().advanceTo(200 * MS);
        assertThat(outcome(first)).isEqualTo(new PlaybackOutcome.Played(10));
        assertThat(line.player().interrupt()).isEmpty();
        // A clear would come between the two utterances: the socket keeps the order.
        line.player().play("440 Hz 200 ms");
        line.sim().awaitReceived(hasMark("utterance-2"), WAIT_MILLIS);
        assertThat(TwilioSimulator.summary(line.sim().received()))
                .containsExactly("media x10", "mark utterance-1", "media x10", "mark utterance-2");
    }

    @Test
    void stopFromTwilioEndsEverythingAndTheThread() throws Exception {
        Line line = connect(server);
        OutboundPlayer player = line.player();
        Utterance playing = player.play("440 Hz 2000 ms");
        Utterance queued = player.play("660 Hz 500 ms");
        line.sim().start("MZ0005");
        playUntil(line, r -> mediaCount(r) >= 20);
        awaitPacing(line);
        line.sim().stop();

        assertThat(outcome(playing)).isEqualTo(new PlaybackOutcome.Ended(20));
        assertThat(outcome(queued)).isEqualTo(new PlaybackOutcome.Ended(0));
        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).as("player thread ended").isTrue();
        assertThat(line.sent()).as("nothing sent after stop").hasValue(20);
        Utterance late = player.play("440 Hz 100 ms");
        assertThat(late.isDone()).isTrue();
        assertThat(outcome(late)).isEqualTo(new PlaybackOutcome.Ended(0));
        assertThat(player.interrupt()).isEmpty();
        assertThat(line.sent()).hasValue(20);
    }

    @Test
    void aFailingEngineOrSocketOnOneCallLeavesTheOtherCallAlone() throws Exception {
        Line a = connect(server);
        Line b = connect(server);

        Utterance failing = a.player().play("440 Hz 1000 ms fail at 300 ms");
        Utterance next = a.player().play("660 Hz 200 ms");
        Utterance cutOff = a.player().play("440 Hz 2000 ms");
        Utterance other = b.player().play("550 Hz 1200 ms");
        a.sim().start("MZ000A");
        b.sim().start("MZ000B");

        // Call A: 15 frames, the failure, 10 frames of the next utterance, then 10 of the third (at 500 ms).
        playUntil(a, r -> mediaCount(r) >= 35);
        awaitPacing(a);
        PlaybackOutcome f = outcome(failing);
        assertThat(f).isInstanceOf(PlaybackOutcome.Failed.class);
        assertThat(f.framesSent()).isEqualTo(15);
        assertThat(((PlaybackOutcome.Failed) f).error().kind()).isEqualTo(TtsException.Kind.INTERNAL);
        assertThat(outcome(next)).isEqualTo(new PlaybackOutcome.Played(10));
        // Call A's connection breaks in the middle of its third utterance.
        a.sim().abort();
        assertThat(outcome(cutOff)).isEqualTo(new PlaybackOutcome.Ended(10));
        assertThat(a.player().awaitTermination(Duration.ofMillis(WAIT_MILLIS))).isTrue();
        assertThat(TwilioSimulator.summary(a.sim().received()))
                .containsExactly("media x25", "mark utterance-2", "media x10");

        // Call B, whose clock stood still meanwhile, plays on undisturbed.
        awaitPacing(b);
        assertThat(TwilioSimulator.summary(b.sim().received())).containsExactly("media x" + BURST);
        playUntil(b, hasMark("utterance-1"));
        b.clock().advanceTo(1200 * MS);
        assertThat(outcome(other)).isEqualTo(new PlaybackOutcome.Played(60));
        assertThat(TwilioSimulator.summary(b.sim().received())).containsExactly("media x60", "mark utterance-1");
        assertThat(mediaMillis(b.sim().received())).containsExactlyElementsOf(pacedFrom(0, 60));
        assertThat(b.sim().starvations()).isZero();
    }

    @Test
    void tokenStreamsPlayAsOneUtteranceAcrossSegments() throws Exception {
        Line line = connect(server);
        line.sim().start("MZ0006");
        Utterance u = line.player().playStreaming(List.of("440 Hz ", "200 ms! ", "660 Hz", " 100 ms!").iterator());
        playUntil(line, hasMark("utterance-1"));
        line.clock().advanceTo(300 * MS);
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(15));
        assertThat(TwilioSimulator.summary(line.sim().received())).containsExactly("media x15", "mark utterance-1");
        assertThat(mediaMillis(line.sim().received())).containsExactlyElementsOf(pacedFrom(0, 15));
        assertThat(line.sim().starvations()).isZero();
    }

    /** Realism: FreeTTS speaking a sentence through the same path, in bursts of a sentence's analysis. */
    @Test
    void freeTtsSentencePlaysPacedAndIsConfirmed() throws Exception {
        String text = "Hello from voxbridge.";
        try (TtsEngine freetts = TtsEngines.create("freetts"); CallServer realServer = new CallServer(freetts)) {
            List<byte[]> expected = reference(freetts, text);
            int frames = expected.size();
            assertThat(frames).as("frames of the reference").isGreaterThan(BURST);
            Line line = connect(realServer);
            line.sim().start("MZ0007");
            Utterance u = line.player().play(text);
            playUntil(line, hasMark("utterance-1"));
            line.clock().advanceTo(frames * FRAME);
            assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(frames));
            List<Received> got = line.sim().received();
            assertThat(TwilioSimulator.summary(got)).containsExactly("media x" + frames, "mark utterance-1");
            assertThat(payloads(got)).containsExactlyElementsOf(expected);
            assertThat(mediaMillis(got)).containsExactlyElementsOf(pacedFrom(0, frames));
            assertThat(line.sim().maxBufferedNanos()).isEqualTo(LEAD);
            assertThat(line.sim().starvations()).isZero();
        }
    }

    /** Issue 12's pass-through on a call: a mu-law 8 kHz engine's bytes are the payloads Twilio receives, exactly. */
    @Test
    void muLawFromTheEnginePlaysByteForByte(@TempDir Path dir) throws Exception {
        byte[] codes = new byte[24 * FrameAssembler.FRAME_BYTES + 159];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) (0x7F + 37 * i); // all 256 codes, 0x7F (mu-law's negative zero) first
        }
        Path file = Files.write(dir.resolve("hold.ulaw"), codes);
        try (TtsEngine prerecorded = PrerecordedEngine.builder()
                .raw("please hold", file, new AudioFormatSpec(SampleEncoding.MULAW, 8000)).chunkBytes(161).build();
             CallServer realServer = new CallServer(prerecorded)) {
            Line line = connect(realServer);
            line.sim().start("MZ0008");
            Utterance u = line.player().play("please hold");
            playUntil(line, hasMark("utterance-1"));
            line.clock().advanceTo(25 * FRAME);
            assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(25));
            ByteArrayOutputStream heard = new ByteArrayOutputStream();
            payloads(line.sim().received()).forEach(heard::writeBytes);
            byte[] expected = Arrays.copyOf(codes, 25 * FrameAssembler.FRAME_BYTES);
            expected[expected.length - 1] = MuLaw.SILENCE;
            assertThat(heard.toByteArray()).isEqualTo(expected);
        }
    }
}
