package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.SentenceAggregator;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OutboundPlayer} on its own, without a network: the socket is an in-memory {@link Wire}, the audio comes from
 * a {@link SteppedEngine} that makes each frame only when the test allows it, and time is a {@link ManualClock}. So
 * the test always knows where the player is (waiting for {@code start}, for synthesis, inside the transport) when it
 * interrupts, stops or closes it, and every assertion is on an exact message list or outcome. Real time only bounds
 * how long a broken build may hang ({@value #WAIT_MILLIS} ms per wait).
 *
 * <p>The player's log lines are part of its behaviour for an operator (a transport failure, a second {@code start});
 * they are read through {@code java.util.logging}, where {@link System.Logger} goes by default.
 */
class OutboundPlayerTest {

    private static final long MS = 1_000_000L;
    private static final long WAIT_MILLIS = 10_000;
    private static final String PLAYER_THREAD = "voxbridge-player-";
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final String SID = "MZ00000000000000000000000000000001";
    private static final String ACCOUNT = "AC00000000000000000000000000000000";
    private static final String CALL = "CA00000000000000000000000000000000";

    private final SteppedEngine engine = new SteppedEngine();
    private final ManualClock clock = new ManualClock();
    private final Wire wire = new Wire();
    private final List<OutboundPlayer> players = new ArrayList<>();

    private final Logger julLogger = Logger.getLogger(OutboundPlayer.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean parentHandlers;

    @BeforeEach
    void captureLog() {
        parentHandlers = julLogger.getUseParentHandlers();
        julLogger.setUseParentHandlers(false); // captured, not printed
        julLogger.addHandler(capture);
    }

    @AfterEach
    void closePlayers() {
        wire.release.countDown();
        players.forEach(OutboundPlayer::close);
        engine.allowAll();
        julLogger.removeHandler(capture);
        julLogger.setUseParentHandlers(parentHandlers);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * The call's WebSocket in memory: records every message handed over, in order. A message can be refused (the
     * transport throws) or held: {@code send} then blocks, interruptibly as a real socket write does, until the
     * test releases it.
     */
    private static final class Wire implements TextTransport {
        private final List<String> sent = new ArrayList<>();
        volatile Function<String, Exception> failure = json -> null;
        volatile Predicate<String> hold = json -> false;
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean sawInterrupt;
        /** Runs on the sending thread after each message is recorded. */
        volatile Runnable afterEach = () -> { };

        @Override
        public void send(String json) throws IOException {
            Exception f = failure.apply(json);
            if (f instanceof IOException io) {
                throw io;
            } else if (f instanceof RuntimeException r) {
                throw r;
            }
            if (hold.test(json)) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    sawInterrupt = true;
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending");
                }
            }
            synchronized (this) {
                sent.add(json);
                notifyAll();
            }
            afterEach.run();
        }

        synchronized List<String> messages() {
            return List.copyOf(sent);
        }

        synchronized long media() {
            return sent.stream().filter(json -> json.contains("\"media\"")).count();
        }

        /** The messages as {@code "media x3"}, {@code "mark utterance-1"}, {@code "clear"}. */
        List<String> summary() {
            List<String> out = new ArrayList<>();
            int media = 0;
            for (String json : messages()) {
                switch (CODEC.parseOutbound(json)) {
                    case OutboundMessage.Media m -> {
                        media++;
                        continue;
                    }
                    case OutboundMessage.Mark m -> {
                        flush(out, media);
                        out.add("mark " + m.name());
                    }
                    case OutboundMessage.Clear c -> {
                        flush(out, media);
                        out.add("clear");
                    }
                }
                media = 0;
            }
            flush(out, media);
            return out;
        }

        private static void flush(List<String> out, int media) {
            if (media > 0) {
                out.add("media x" + media);
            }
        }

        /** Waits until the summary satisfies {@code done}; fails after the liveness bound. */
        synchronized void awaitSummary(Predicate<List<String>> done) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT_MILLIS * MS;
            while (!done.test(summary())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + WAIT_MILLIS + " ms; the wire has " + summary());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private OutboundPlayer player() {
        return player(OutboundPlayer.builder(engine).clock(clock));
    }

    private OutboundPlayer player(OutboundPlayer.Builder builder) {
        OutboundPlayer player = builder.build(wire);
        players.add(player);
        return player;
    }

    private static String start(String sid) {
        return CODEC.write(new InboundMessage.Start(1, sid, ACCOUNT, CALL, List.of("inbound"), Map.of(),
                InboundMessage.MediaFormat.TWILIO));
    }

    private static String stop() {
        return CODEC.write(new InboundMessage.Stop(9, SID, ACCOUNT, CALL));
    }

    private static String echo(String mark) {
        return CODEC.write(new InboundMessage.Mark(5, SID, mark));
    }

    private static Predicate<List<String>> endsWith(String last) {
        return s -> !s.isEmpty() && s.getLast().equals(last);
    }

    private static Predicate<List<String>> has(String item) {
        return s -> s.contains(item);
    }

    private static PlaybackOutcome outcome(Utterance u) throws Exception {
        return u.outcome().toCompletableFuture().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Polls {@code condition} (every 0.2 ms) until it holds; the bound only stops a broken build hanging. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_MILLIS * MS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + WAIT_MILLIS + " ms for " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private List<String> logLines(Level atLeast) {
        return logged.stream().filter(r -> r.getLevel().intValue() >= atLeast.intValue())
                .map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }

    // ------------------------------------------------------------------------------------------ start, marks

    @Test
    void startSetsTheStreamSidOnceAndOnMessageReturnsWhatItRead() throws Exception {
        OutboundPlayer player = player();
        assertThat(player.streamSid()).as("before start").isEmpty();
        assertThat(player.onMessage(CODEC.write(new InboundMessage.Connected("Call", "1.0.0"))))
                .isEqualTo(new InboundMessage.Connected("Call", "1.0.0"));
        InboundMessage read = player.onMessage(start(SID));
        assertThat(read).isInstanceOfSatisfying(InboundMessage.Start.class,
                s -> assertThat(s.streamSid()).isEqualTo(SID));
        assertThat(player.streamSid()).hasValue(SID);

        // A second start: the same stream again is nothing new; another stream is ignored, with a warning.
        player.onMessage(start(SID));
        assertThat(logLines(Level.ALL)).isEmpty();
        player.onMessage(start("MZ99999999999999999999999999999999"));
        assertThat(player.streamSid()).hasValue(SID);
        assertThat(logLines(Level.ALL)).singleElement().asString()
                .startsWith("WARNING " + PLAYER_THREAD)
                .endsWith(": second start for stream 'MZ99999999999999999999999999999999' ignored; playing on "
                        + SID);

        // The player is usable after reading its stream id, and addresses everything to the first stream.
        Utterance u = player.play("2 frames");
        engine.allowAll();
        wire.awaitSummary(endsWith("mark utterance-1"));
        assertThat(wire.summary()).containsExactly("media x2", "mark utterance-1");
        assertThat(wire.messages()).allSatisfy(json ->
                assertThat(CODEC.parseOutbound(json).streamSid()).isEqualTo(SID));
        assertThat(u.framesSent()).isEqualTo(2);
    }

    @Test
    void aStartAfterTheEndIsIgnored() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(stop());
        player.onMessage(start(SID));
        assertThat(player.streamSid()).isEmpty();
        Utterance late = player.play("2 frames");
        assertThat(late.isDone()).isTrue();
        assertThat(outcome(late)).isEqualTo(new PlaybackOutcome.Ended(0));
        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).isTrue();
        assertThat(engine.texts()).as("nothing synthesized").isEmpty();
    }

    @Test
    void utterancesAreNumberedAndDescribeThemselves() throws Exception {
        OutboundPlayer player = player();
        Utterance first = player.play("2 frames");
        Utterance second = player.play("3 frames");
        assertThat(first.id()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(2);
        assertThat(second.markName()).isEqualTo("utterance-2");
        assertThat(first).hasToString("Utterance[utterance-1, text '2 frames', 0 frames sent]");

        player.onMessage(start(SID));
        engine.allowAll();
        wire.awaitSummary(has("mark utterance-1"));
        player.onMessage(echo("utterance-1"));
        assertThat(outcome(first)).isEqualTo(new PlaybackOutcome.Played(2));
        assertThat(outcome(first).audioSent()).isEqualTo(Duration.ofMillis(40));
        assertThat(first).hasToString("Utterance[utterance-1, text '2 frames', 2 frames sent, Played[framesSent=2]]");
    }

    // -------------------------------------------------------------------------------------------- barge-in

    @Test
    void interruptBeforeAnyFrameSendsNoClearAndCancelsTheSynthesis() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        Utterance u = player.play("5 frames");
        engine.awaitStarted(1); // its turn has come: the player waits for its first frame

        assertThat(player.interrupt()).containsExactly(u);
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Interrupted(0, Duration.ZERO));
        engine.awaitEnded(1);
        assertThat(engine.sawCancel()).as("the synthesis was cancelled").isTrue();
        assertThat(wire.messages()).as("nothing was sent, so nothing to clear").isEmpty();
    }

    @Test
    void interruptClearsFramesSentEvenIfTheClockSaysTheyHavePlayed() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        Utterance u = player.play("5 frames");
        engine.allow(2);
        wire.awaitSummary(endsWith("media x2"));
        // Both frames have played by the player's clock; the utterance is not confirmed, so Twilio may still
        // hold some of them (the network delays what the clock cannot see).
        clock.advanceTo(40 * MS);

        assertThat(player.interrupt()).containsExactly(u);
        assertThat(wire.summary()).containsExactly("media x2", "clear");
        PlaybackOutcome o = outcome(u);
        assertThat(o).isEqualTo(new PlaybackOutcome.Interrupted(2, Duration.ofMillis(40)));
        assertThat(o.audioSent()).isEqualTo(Duration.ofMillis(40));
        engine.awaitEnded(1);
        assertThat(engine.sawCancel()).isTrue();
    }

    @Test
    void anEngineCrashFailsTheUtteranceAndAnInterruptStillClearsItsAudio() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        Utterance crashing = player.play("3 frames then crash");
        engine.allowAll();
        PlaybackOutcome o = outcome(crashing);
        assertThat(o).isInstanceOfSatisfying(PlaybackOutcome.Failed.class, f -> {
            assertThat(f.framesSent()).isEqualTo(3);
            assertThat(f.error().kind()).isEqualTo(TtsException.Kind.INTERNAL);
            assertThat(f.error().getMessage())
                    .isEqualTo("stepped: engine failed: java.lang.IllegalStateException: engine crashed after 3 frames");
            assertThat(f.error().getCause()).isInstanceOf(IllegalStateException.class);
        });
        assertThat(wire.summary()).as("no mark after a failure").containsExactly("media x3");

        // Nothing is left to interrupt, but by the clock (still at 0) the 60 ms sent are still playing.
        assertThat(player.interrupt()).isEmpty();
        assertThat(wire.summary()).containsExactly("media x3", "clear");

        // The next utterance plays.
        Utterance next = player.play("2 frames");
        wire.awaitSummary(endsWith("mark utterance-2"));
        player.onMessage(echo("utterance-2"));
        assertThat(outcome(next)).isEqualTo(new PlaybackOutcome.Played(2));
    }

    @Test
    void aSecondInterruptFindsNothingLeftToInterrupt() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        Utterance u = player.play("2 frames");
        engine.allowAll();
        wire.awaitSummary(endsWith("mark utterance-1"));

        assertThat(player.interrupt()).containsExactly(u);
        assertThat(player.interrupt()).as("the second time").isEmpty();
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Interrupted(2, Duration.ZERO));
        player.onMessage(echo("utterance-1")); // Twilio echoes the pending mark on clear: not heard in full
        player.play("2 frames");
        wire.awaitSummary(endsWith("mark utterance-2"));
        assertThat(wire.summary()).containsExactly("media x2", "mark utterance-1", "clear", "media x2",
                "mark utterance-2");
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Interrupted(2, Duration.ZERO));
    }

    @Test
    void interruptDropsQueuedUtterancesUnsynthesized() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        Utterance playing = player.play("5 frames");
        Utterance queued = player.play("3 frames");
        engine.awaitStarted(1);

        assertThat(player.interrupt()).containsExactly(playing, queued);
        assertThat(outcome(queued)).isEqualTo(new PlaybackOutcome.Interrupted(0, Duration.ZERO));
        Utterance after = player.play("2 frames");
        engine.allow(2);
        wire.awaitSummary(endsWith("mark utterance-3"));
        player.onMessage(echo("utterance-3"));
        assertThat(outcome(after)).isEqualTo(new PlaybackOutcome.Played(2));
        assertThat(engine.texts()).as("texts synthesized").containsExactly("5 frames", "2 frames");
        assertThat(wire.summary()).containsExactly("media x2", "mark utterance-3");
    }

    @Test
    void aFailingClearEndsThePlayer() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        IOException broken = new IOException("connection reset");
        wire.failure = json -> json.contains("\"clear\"") ? broken : null;
        Utterance u = player.play("5 frames");
        engine.allow(2);
        wire.awaitSummary(endsWith("media x2"));

        assertThat(player.interrupt()).containsExactly(u);
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Interrupted(2, Duration.ZERO));
        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).as("the player ended").isTrue();
        assertThat(outcome(player.play("2 frames"))).isEqualTo(new PlaybackOutcome.Ended(0));
        assertTransportFailureLogged(broken);
    }

    /** The one log line a failed transport gives: a warning naming the stream, with the failure attached. */
    private void assertTransportFailureLogged(Throwable failure) {
        assertThat(logged).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).endsWith(": transport failed, ending playback on stream " + SID);
            assertThat(r.getThrown()).isSameAs(failure);
        });
    }

    // ---------------------------------------------------------------------------------------- stop, close, end

    @Test
    void stopWhileSynthesisIsPendingCancelsItAndEndsTheThread() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        Utterance u = player.play("5 frames");
        engine.awaitStarted(1);
        AtomicReference<Thread> completedOn = new AtomicReference<>();
        u.outcome().thenRun(() -> completedOn.set(Thread.currentThread()));

        player.onMessage(stop());
        assertThat(u.isDone()).isTrue();
        assertThat(completedOn.get()).as("completed by the thread that handed over stop")
                .isSameAs(Thread.currentThread());
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Ended(0));
        engine.awaitEnded(1);
        assertThat(engine.sawCancel()).isTrue();
        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).isTrue();
        assertThat(wire.messages()).isEmpty();
    }

    @Test
    void stopEndsAnIdlePlayerQuietly() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        Utterance u = player.play("2 frames");
        engine.allowAll();
        wire.awaitSummary(endsWith("mark utterance-1"));
        player.onMessage(echo("utterance-1"));
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(2));
        // Now the player waits for something to play.
        player.onMessage(stop());
        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).as("player thread ended").isTrue();
        assertThat(logLines(Level.ALL)).as("a normal end logs nothing").isEmpty();
    }

    @Test
    void awaitTerminationTellsWhetherThePlayerHasEnded() {
        OutboundPlayer player = player(); // no start: its thread waits for one
        assertThat(player.awaitTermination(Duration.ofMillis(1))).isFalse();

        Thread.currentThread().interrupt();
        boolean ended = player.awaitTermination(Duration.ofMillis(WAIT_MILLIS)); // returns at once: interrupted
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        assertThat(ended).isFalse();

        player.close();
        assertThat(player.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void closeEndsThePlayingUtteranceOnTheClosingThreadAndWaitsForThePlayer() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        AtomicInteger media = new AtomicInteger();
        wire.hold = json -> json.contains("\"media\"") && media.incrementAndGet() == 2;
        Utterance u = player.play("5 frames");
        AtomicReference<Thread> completedOn = new AtomicReference<>();
        u.outcome().thenRun(() -> completedOn.set(Thread.currentThread()));
        engine.allowAll();
        assertThat(wire.held.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue(); // the player is in send(frame 2)

        boolean[] endedWhenCloseReturned = {false};
        Thread closer = new Thread(() -> {
            player.close();
            endedWhenCloseReturned[0] = player.awaitTermination(Duration.ZERO);
        }, "closer");
        closer.start();
        // close() now waits for the player's thread (or, if broken, has returned without waiting).
        await(() -> closer.getState() == Thread.State.TIMED_WAITING || closer.getState() == Thread.State.TERMINATED,
                "close() to wait for the player or to return");
        wire.release.countDown();
        closer.join(WAIT_MILLIS);

        assertThat(closer.isAlive()).isFalse();
        assertThat(endedWhenCloseReturned[0]).as("the player's thread had ended when close() returned").isTrue();
        assertThat(completedOn.get()).as("the outcome completed on the closing thread").isSameAs(closer);
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Ended(2));
        assertThat(wire.summary()).as("the frame in the transport went; nothing after it").containsExactly("media x2");
        assertThat(logLines(Level.ALL)).isEmpty();
    }

    @Test
    void closeOnAnInterruptedThreadInterruptsAPlayerStuckInTheTransport() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        wire.hold = json -> json.contains("\"media\"");
        Utterance u = player.play("5 frames");
        engine.allowAll();
        assertThat(wire.held.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();

        // A caller that cannot wait: close() does not, and interrupts the transport call at once.
        Thread.currentThread().interrupt();
        player.close();
        assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();

        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).as("player thread ended").isTrue();
        assertThat(wire.sawInterrupt).as("the transport call was interrupted").isTrue();
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Ended(1));
        assertThat(wire.messages()).isEmpty();
        assertThat(logLines(Level.WARNING)).hasSize(2).first().asString()
                .startsWith("WARNING " + PLAYER_THREAD)
                .endsWith(": still in the transport 2000 ms after close; interrupting it");
    }

    @Test
    void aTransportFailureEndsPlaybackWithAWarning() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        IOException broken = new IOException("broken pipe");
        AtomicInteger media = new AtomicInteger();
        wire.failure = json -> json.contains("\"media\"") && media.incrementAndGet() == 2 ? broken : null;
        Utterance u = player.play("5 frames");
        engine.allowAll();

        assertThat(outcome(u)).as("the frame handed to the failing transport counts").isEqualTo(
                new PlaybackOutcome.Ended(2));
        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).isTrue();
        assertThat(outcome(player.play("2 frames"))).isEqualTo(new PlaybackOutcome.Ended(0));
        assertTransportFailureLogged(broken);
    }

    @Test
    void anUncheckedTransportFailureEndsPlaybackWithAnError() throws Exception {
        OutboundPlayer player = player();
        player.onMessage(start(SID));
        IllegalStateException bug = new IllegalStateException("session already closed");
        wire.failure = json -> bug;
        Utterance u = player.play("5 frames");
        engine.allowAll();

        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Ended(1));
        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).isTrue();
        assertThat(logged).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(r.getMessage()).endsWith(": playback failed");
            assertThat(r.getThrown()).isSameAs(bug);
        });
    }

    /**
     * Twilio's {@code stop} arriving at the very moment the player has decided its next frame may go (its pacing
     * check done, the frame not yet handed over): the frame must not go. The clock stages that moment: the stop is
     * handed to the player from inside its first reading of the clock after frame 2 was sent.
     */
    @Test
    void nothingIsSentAfterAStopThatArrivesAsTheNextFrameIsAboutToGo() throws Exception {
        AtomicReference<Runnable> armed = new AtomicReference<>();
        PlaybackClock staged = new PlaybackClock() {
            @Override
            public long nanoTime() {
                if (Thread.currentThread().getName().startsWith(PLAYER_THREAD)) {
                    Runnable action = armed.getAndSet(null);
                    if (action != null) {
                        action.run();
                    }
                }
                return clock.nanoTime();
            }

            @Override
            public void parkUntil(long deadline) {
                clock.parkUntil(deadline);
            }
        };
        OutboundPlayer player = player(OutboundPlayer.builder(engine).clock(staged));
        player.onMessage(start(SID));
        wire.afterEach = () -> {
            if (wire.media() == 2) {
                armed.set(() -> player.onMessage(stop()));
            }
        };
        Utterance u = player.play("5 frames");
        engine.allowAll();

        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Ended(2));
        assertThat(player.awaitTermination(Duration.ofMillis(WAIT_MILLIS))).isTrue();
        assertThat(armed.get()).as("the stop was handed over").isNull();
        assertThat(wire.summary()).containsExactly("media x2");
    }

    // ----------------------------------------------------------------------------------------------- builder

    @Test
    void theLeadIsAtLeastOneFrameAndOneFrameMeansOneFrameAtATime() throws Exception {
        assertThatThrownBy(() -> OutboundPlayer.builder(engine).lead(Duration.ofMillis(19)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lead must be at least one frame (20 ms), was PT0.019S");
        assertThatThrownBy(() -> OutboundPlayer.builder(engine).bufferFrames(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bufferFrames must be at least 1, was 0");

        AtomicInteger aggregators = new AtomicInteger();
        OutboundPlayer player = player(OutboundPlayer.builder(engine)
                .lead(Duration.ofMillis(20))
                .quality(ResamplerQuality.TELEPHONY)
                .bufferFrames(1)
                .aggregators(() -> {
                    aggregators.incrementAndGet();
                    return new SentenceAggregator();
                })
                .clock(clock));
        player.onMessage(start(SID));
        Utterance u = player.playStreaming(List.of("3 fra", "mes").iterator());
        engine.allowAll();
        List<Long> sentAt = new ArrayList<>();
        for (int frame = 1; frame <= 3; frame++) {
            int f = frame;
            await(() -> wire.media() == f, "frame " + f);
            sentAt.add(clock.nanoTime() / MS);
            if (frame < 3) {
                // One frame of lead: the next frame waits until this one has played.
                await(() -> clock.parked(PLAYER_THREAD).isPresent(), "the player to wait for its turn");
                Optional<ManualClock.Park> park = clock.parked(PLAYER_THREAD);
                assertThat(park.orElseThrow().deadline()).isEqualTo(frame * 20 * MS);
                clock.advanceTo(park.orElseThrow().deadline());
            }
        }
        wire.awaitSummary(endsWith("mark utterance-1"));
        assertThat(sentAt).containsExactly(0L, 20L, 40L);
        assertThat(aggregators).as("aggregators made: one per token stream").hasValue(1);
        assertThat(engine.texts()).containsExactly("3 frames");
        player.onMessage(echo("utterance-1"));
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(3));
    }

    /**
     * A refill of 60 ms with a lead of 100 ms: five frames at once, then the player waits until 60 ms have played
     * and sends three at once, every 60 ms: one wake-up per three frames instead of one per frame.
     */
    @Test
    void aRefillSendsSeveralFramesPerWakeUp() throws Exception {
        assertThatThrownBy(() -> OutboundPlayer.builder(engine).refill(Duration.ofMillis(19)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refill must be at least one frame (20 ms), was PT0.019S");
        assertThatThrownBy(() -> OutboundPlayer.builder(engine).refill(Duration.ofMillis(300)).build(wire))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refill (PT0.3S) must not be longer than the lead (PT0.2S)");

        OutboundPlayer player = player(OutboundPlayer.builder(engine)
                .lead(Duration.ofMillis(100))
                .refill(Duration.ofMillis(60))
                .clock(clock));
        player.onMessage(start(SID));
        Utterance u = player.play("11 frames");
        engine.allowAll();
        wire.awaitSummary(endsWith("media x5"));
        List<Long> wakeUps = new ArrayList<>();
        for (int sent = 5; sent < 11; sent += 3) {
            int before = sent;
            await(() -> clock.parked(PLAYER_THREAD).isPresent(), "the player to wait for its refill");
            long deadline = clock.parked(PLAYER_THREAD).orElseThrow().deadline();
            assertThat(wire.media()).as("nothing sent while it waits").isEqualTo(before);
            wakeUps.add(deadline / MS);
            clock.advanceTo(deadline);
            await(() -> wire.media() == Math.min(before + 3, 11), "three frames at " + deadline / MS + " ms");
        }
        wire.awaitSummary(endsWith("mark utterance-1"));
        assertThat(wakeUps).containsExactly(60L, 120L);
        player.onMessage(echo("utterance-1"));
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(11));
    }

    /**
     * A byte transport that holds what is sent with {@code more} and "writes" it with the next message sent without
     * it, or on flush, as Jetty's batch buffer does: {@link #writes} are the groups that reached the socket.
     */
    private static final class BatchingWire implements Utf8TextTransport {
        private final List<String> pending = new ArrayList<>();
        private final List<List<String>> writes = new ArrayList<>();
        private int flushes;

        @Override
        public void sendText(ByteBuffer utf8) {
            sendText(utf8, false);
        }

        @Override
        public synchronized void sendText(ByteBuffer utf8, boolean more) {
            OutboundMessage m = CODEC.parseOutbound(java.nio.charset.StandardCharsets.UTF_8.decode(utf8).toString());
            pending.add(m instanceof OutboundMessage.Media ? "media" : m instanceof OutboundMessage.Mark k
                    ? "mark " + k.name() : "clear");
            if (!more) {
                write();
            }
        }

        @Override
        public synchronized void flush() {
            flushes++;
            write();
        }

        private void write() {
            if (!pending.isEmpty()) {
                writes.add(List.copyOf(pending));
                pending.clear();
                notifyAll();
            }
        }

        synchronized List<String> held() {
            return List.copyOf(pending);
        }

        /** The writes as {@code "media x5"}, {@code "media x3 + mark utterance-1"}. */
        synchronized List<String> writes() {
            List<String> out = new ArrayList<>();
            for (List<String> w : writes) {
                List<String> parts = new ArrayList<>();
                int media = 0;
                for (String m : w) {
                    if (m.equals("media")) {
                        media++;
                    } else {
                        if (media > 0) {
                            parts.add("media x" + media);
                        }
                        media = 0;
                        parts.add(m);
                    }
                }
                if (media > 0) {
                    parts.add("media x" + media);
                }
                out.add(String.join(" + ", parts));
            }
            return out;
        }

        synchronized int writtenMedia() {
            return (int) writes.stream().flatMap(List::stream).filter("media"::equals).count();
        }

        synchronized void awaitWrites(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT_MILLIS * MS;
            while (writes.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + WAIT_MILLIS + " ms for " + count + " writes: " + writes()
                            + ", held " + pending);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Test
    void aRefillsFramesGoToTheTransportAsOneWriteAndNothingIsHeldWhileThePlayerWaits() throws Exception {
        BatchingWire batching = new BatchingWire();
        OutboundPlayer player = OutboundPlayer.builder(engine)
                .lead(Duration.ofMillis(100))
                .refill(Duration.ofMillis(60))
                .clock(clock)
                .build(batching);
        players.add(player);
        player.onMessage(start(SID));
        Utterance u = player.play("11 frames");
        engine.allow(11);
        engine.awaitEnded(1); // all made: from here on every frame's successor is ready
        int firstBurstWrites = 0;
        for (int media : new int[] {5, 8}) {
            await(() -> batching.writtenMedia() == media, media + " frames written");
            await(() -> clock.parked(PLAYER_THREAD).isPresent(), "the player to wait for its refill");
            assertThat(batching.held()).as("held while the player waits after %d frames", media).isEmpty();
            if (media == 5) {
                firstBurstWrites = batching.writes().size();
            }
            clock.advanceTo(clock.parked(PLAYER_THREAD).orElseThrow().deadline());
        }
        await(() -> batching.writes().getLast().equals("mark utterance-1"), "the mark");
        List<String> writes = batching.writes();
        // The first refill raced the engine (a frame not yet made is not waited for), so only its total is fixed.
        assertThat(writes.subList(firstBurstWrites, writes.size()))
                .as("one write per refill once the frames are made; the last frame has no successor, then the mark")
                .containsExactly("media x3", "media x3", "mark utterance-1");
        assertThat(batching.held()).isEmpty();
        player.onMessage(echo("utterance-1"));
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(11));

        // An engine slower than playback: the frames made so far are written before the player waits for more.
        clock.advanceTo(1000 * MS); // everything sent has played: the next utterance starts a new refill
        Utterance slow = player.play("4 frames");
        engine.allow(2);
        await(() -> batching.writtenMedia() == 13, "frames 12 and 13 written while the engine makes the next");
        assertThat(batching.held()).isEmpty();
        engine.allow(2);
        await(() -> batching.writes().getLast().equals("mark utterance-2"), "the rest and the mark");
        assertThat(batching.writtenMedia()).isEqualTo(15);
        player.onMessage(echo("utterance-2"));
        assertThat(outcome(slow)).isEqualTo(new PlaybackOutcome.Played(4));
    }

    @Test
    void playbackListenerHearsTheFirstFrameLatencyAndEachGapInTheMiddleOfAnUtterance() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        OutboundPlayer player = player(OutboundPlayer.builder(engine).clock(clock)
                .playbackListener(new PlaybackListener() {
                    @Override
                    public void firstFrameSent(Utterance u, long latencyNanos) {
                        events.add("first " + u.id() + " after " + latencyNanos / MS + " ms");
                    }

                    @Override
                    public void underrun(Utterance u, long gapNanos) {
                        events.add("underrun " + u.id() + " of " + gapNanos / MS + " ms");
                    }
                }));
        player.onMessage(start(SID));
        Utterance u = player.play("5 frames");
        engine.awaitStarted(1);               // its turn came at 0 ms; the engine makes nothing yet
        clock.advanceTo(30 * MS);
        engine.allow(2);                      // frames 1 and 2 go at 30 ms and play until 70 ms
        wire.awaitSummary(endsWith("media x2"));
        clock.advanceTo(100 * MS);            // the engine stalls past the end of what was sent
        engine.allow(1);                      // frame 3 at 100 ms: the caller heard 30 ms of silence
        await(() -> wire.media() == 3, "frame 3");
        engine.allow(2);                      // frames 4 and 5 at 100 ms, buffered behind frame 3: no gap
        wire.awaitSummary(endsWith("mark utterance-1"));
        player.onMessage(echo("utterance-1"));
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(5));

        Utterance next = player.play("1 frames");   // turn at 100 ms, sent at once: latency 0, never an underrun
        engine.allow(1);
        wire.awaitSummary(endsWith("mark utterance-2"));
        assertThat(events).containsExactly("first 1 after 30 ms", "underrun 1 of 30 ms", "first 2 after 0 ms");
        player.onMessage(echo("utterance-2"));
        assertThat(outcome(next)).isEqualTo(new PlaybackOutcome.Played(1));
    }

    @Test
    void aPlaybackListenerThatThrowsIsLoggedAndPlaybackGoesOn() throws Exception {
        OutboundPlayer player = player(OutboundPlayer.builder(engine).clock(clock)
                .playbackListener(new PlaybackListener() {
                    @Override
                    public void firstFrameSent(Utterance u, long latencyNanos) {
                        throw new IllegalStateException("metrics broke");
                    }
                }));
        player.onMessage(start(SID));
        Utterance u = player.play("3 frames");
        engine.allowAll();
        wire.awaitSummary(endsWith("mark utterance-1"));
        assertThat(wire.summary()).containsExactly("media x3", "mark utterance-1");
        player.onMessage(echo("utterance-1"));
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(3));
        assertThat(logLines(Level.WARNING)).anyMatch(line -> line.contains("playback listener failed"));
    }
}
