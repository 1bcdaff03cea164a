package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.TwilioSimulator.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link OutboundPlayer} behind a real Jetty WebSocket endpoint on loopback, with {@link TwilioSimulator} playing
 * Twilio over the JDK's WebSocket client: order, pacing lead, mark semantics, barge-in, stop, failures.
 * The audio comes from {@link ToneEngine} (known lengths: 50 frames a second). Each test runs in real time, a
 * second or two; tolerances allow for scheduling jitter of a loaded two-core machine.
 */
class OutboundPlayerLoopbackTest {

    private static final long MS = 1_000_000L;
    private static final long FRAME = PlaybackPacer.FRAME_NANOS;
    /** Scheduling slack allowed on top of the model, in nanoseconds. */
    private static final long JITTER = 15 * MS;
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final ToneEngine ENGINE = new ToneEngine();

    private static CallServer server;
    private final List<TwilioSimulator> sims = new ArrayList<>();

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

    private TwilioSimulator connect() throws Exception {
        TwilioSimulator sim = new TwilioSimulator(server.uri());
        sims.add(sim);
        return sim;
    }

    private static PlaybackOutcome outcome(Utterance u) throws Exception {
        return u.outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The payloads the same text gives through {@link TwilioTtsStream}, for comparing content. */
    private static List<byte[]> reference(String text) {
        List<byte[]> payloads = new ArrayList<>();
        try (MediaMessages m = TwilioTtsStream.builder(ENGINE).streamSid("MZref").build().generate(text)) {
            m.forEachRemaining(json -> payloads.add(((OutboundMessage.Media) CODEC.parseOutbound(json)).payload()));
        }
        return payloads;
    }

    private static List<byte[]> payloads(List<Received> messages) {
        return messages.stream().filter(Received::isMedia)
                .map(r -> ((OutboundMessage.Media) r.message()).payload()).toList();
    }

    private static void log(String what, Object... args) {
        System.out.printf("OutboundPlayerLoopbackTest: " + what + "%n", args);
    }

    @Test
    void playsQueuedUtterancesInOrderAfterStartPacedAndConfirmedByMarks() throws Exception {
        TwilioSimulator sim = connect();
        OutboundPlayer player = server.nextPlayer();
        Utterance first = player.play("440 Hz 1000 ms");
        Utterance second = player.play("660 Hz 500 ms");
        AtomicLong firstDone = new AtomicLong();
        first.outcome().thenRun(() -> firstDone.set(System.nanoTime()));

        Thread.sleep(100);
        assertThat(sim.received()).as("nothing may be sent before start").isEmpty();
        assertThat(first.isDone()).isFalse();

        sim.start("MZ0001");
        assertThat(outcome(first)).isEqualTo(new PlaybackOutcome.Played(50));
        assertThat(outcome(second)).isEqualTo(new PlaybackOutcome.Played(25));

        List<Received> got = sim.received();
        assertThat(TwilioSimulator.summary(got))
                .containsExactly("media x50", "mark utterance-1", "media x25", "mark utterance-2");
        List<byte[]> expected = new ArrayList<>(reference("440 Hz 1000 ms"));
        expected.addAll(reference("660 Hz 500 ms"));
        assertThat(payloads(got)).as("content, frame by frame").containsExactlyElementsOf(expected);
        assertThat(got).allSatisfy(r -> assertThat(r.message().streamSid()).isEqualTo("MZ0001"));

        // Pacing: ahead by the lead (so Twilio never starves), never by more than lead + one frame + jitter.
        long lead = OutboundPlayer.DEFAULT_LEAD.toNanos();
        log("max buffered at Twilio %.1f ms (lead %d ms), starvations %d", sim.maxBufferedNanos() / 1e6,
                lead / MS, sim.starvations());
        assertThat(sim.maxBufferedNanos()).isBetween(lead - FRAME, lead + FRAME + JITTER);
        assertThat(sim.starvations()).as("gaps inside an utterance").isZero();
        // Not sent in one burst: the 50th frame leaves about 1000 - 200 ms after the first.
        long firstMedia = got.get(0).arrivalNanos();
        assertThat(got.get(49).arrivalNanos() - firstMedia).isGreaterThan(1000 * MS - lead - FRAME - JITTER);

        // Heard in full only once playback reached the mark: after the simulator echoed it, ~1 s after the first frame.
        assertThat(firstDone.get() - sim.echoNanos("utterance-1")).isPositive();
        assertThat(firstDone.get() - firstMedia).isGreaterThanOrEqualTo(1000 * MS);
        assertThat(player.interrupt()).as("nothing left to interrupt").isEmpty();
    }

    @Test
    void bargeInClearsWithinOneFrameAndReportsWhatWasSent() throws Exception {
        TwilioSimulator sim = connect();
        OutboundPlayer player = server.nextPlayer();
        Utterance longOne = player.play("440 Hz 3000 ms");
        Utterance queued = player.play("660 Hz 1000 ms");
        sim.start("MZ0002");
        sim.awaitReceived(r -> TwilioSimulator.mediaCount(r) >= 35, 5000);   // ~ 500 ms into playback

        long called = System.nanoTime();
        List<Utterance> hit = player.interrupt();
        long returned = System.nanoTime();
        assertThat(hit).containsExactly(longOne, queued);

        List<Received> got = sim.awaitReceived(r -> r.stream().anyMatch(m -> m.message() instanceof
                OutboundMessage.Clear), 2000);
        Thread.sleep(200);
        List<Received> all = sim.received();
        int clearAt = all.indexOf(got.getLast());
        long lateFrames = all.subList(0, clearAt).stream()
                .filter(r -> r.isMedia() && r.arrivalNanos() > called).count();
        log("interrupt() took %.2f ms; clear arrived %.2f ms after the call; %d media arrived in between",
                (returned - called) / 1e6, (got.getLast().arrivalNanos() - called) / 1e6, lateFrames);
        assertThat(lateFrames).as("media arriving after interrupt() and before clear").isLessThanOrEqualTo(1);
        assertThat(all.subList(clearAt + 1, all.size())).as("nothing after clear").isEmpty();
        assertThat(TwilioSimulator.summary(all)).containsExactly("media x" + clearAt, "clear");

        PlaybackOutcome o = outcome(longOne);
        assertThat(o).isInstanceOf(PlaybackOutcome.Interrupted.class);
        assertThat(o.framesSent()).as("frames sent = frames Twilio received").isEqualTo(clearAt);
        Duration heard = ((PlaybackOutcome.Interrupted) o).heardEstimate();
        log("interrupted after %d frames sent, heard estimate %d ms", o.framesSent(), heard.toMillis());
        // Sent runs a lead ahead of playback.
        assertThat(heard.toNanos()).isBetween(o.framesSent() * FRAME - OutboundPlayer.DEFAULT_LEAD.toNanos()
                - JITTER, o.framesSent() * FRAME - OutboundPlayer.DEFAULT_LEAD.toNanos() + FRAME + JITTER);
        assertThat(outcome(queued)).isEqualTo(new PlaybackOutcome.Interrupted(0, Duration.ZERO));

        // The player goes on: the next utterance starts from an empty buffer.
        Utterance after = player.play("880 Hz 200 ms");
        assertThat(outcome(after)).isEqualTo(new PlaybackOutcome.Played(10));
        assertThat(after.markName()).isEqualTo("utterance-3");
        assertThat(TwilioSimulator.summary(sim.received()))
                .containsExactly("media x" + clearAt, "clear", "media x10", "mark utterance-3");
    }

    @Test
    void marksEchoedBecauseOfClearDoNotCountAsHeard() throws Exception {
        TwilioSimulator sim = connect();
        OutboundPlayer player = server.nextPlayer();
        Utterance u = player.play("440 Hz 300 ms");
        sim.start("MZ0003");
        // All 15 frames and the mark are out ~100 ms in; playback reaches the mark only at ~300 ms.
        sim.awaitReceived(r -> TwilioSimulator.summary(r).contains("mark utterance-1"), 2000);
        assertThat(sim.echoed()).isEmpty();

        assertThat(player.interrupt()).containsExactly(u);
        sim.awaitReceived(r -> TwilioSimulator.summary(r).contains("clear"), 2000);
        Thread.sleep(50);
        assertThat(sim.echoed()).as("Twilio echoes pending marks on clear").containsExactly("utterance-1");
        PlaybackOutcome o = outcome(u);
        assertThat(o).isInstanceOf(PlaybackOutcome.Interrupted.class);
        assertThat(o.framesSent()).isEqualTo(15);
        assertThat(((PlaybackOutcome.Interrupted) o).heardEstimate()).isLessThan(Duration.ofMillis(300));
    }

    @Test
    void interruptWithNothingUnconfirmedSendsNoClear() throws Exception {
        TwilioSimulator sim = connect();
        OutboundPlayer player = server.nextPlayer();
        sim.start("MZ0004");
        assertThat(outcome(player.play("440 Hz 200 ms"))).isEqualTo(new PlaybackOutcome.Played(10));
        assertThat(player.interrupt()).isEmpty();
        Thread.sleep(100);
        assertThat(TwilioSimulator.summary(sim.received())).containsExactly("media x10", "mark utterance-1");
    }

    @Test
    void stopFromTwilioEndsEverythingAndTheThread() throws Exception {
        TwilioSimulator sim = connect();
        OutboundPlayer player = server.nextPlayer();
        Utterance playing = player.play("440 Hz 2000 ms");
        Utterance queued = player.play("660 Hz 500 ms");
        sim.start("MZ0005");
        sim.awaitReceived(r -> TwilioSimulator.mediaCount(r) >= 20, 3000);
        sim.stop();

        PlaybackOutcome o = outcome(playing);
        assertThat(o).isInstanceOf(PlaybackOutcome.Ended.class);
        assertThat(o.framesSent()).isBetween(20L, 30L);
        assertThat(outcome(queued)).isEqualTo(new PlaybackOutcome.Ended(0));
        assertThat(player.awaitTermination(Duration.ofSeconds(2))).as("player thread ended").isTrue();
        Utterance late = player.play("440 Hz 100 ms");
        assertThat(late.isDone()).isTrue();
        assertThat(outcome(late)).isEqualTo(new PlaybackOutcome.Ended(0));
        Thread.sleep(100);
        assertThat(TwilioSimulator.mediaCount(sim.received())).isLessThanOrEqualTo(o.framesSent());
        assertThat(player.interrupt()).isEmpty();
    }

    @Test
    void aFailingEngineOrSocketOnOneCallLeavesTheOtherCallAlone() throws Exception {
        TwilioSimulator simA = connect();
        OutboundPlayer a = server.nextPlayer();
        TwilioSimulator simB = connect();
        OutboundPlayer b = server.nextPlayer();

        Utterance failing = a.play("440 Hz 1000 ms fail at 300 ms");
        Utterance next = a.play("660 Hz 200 ms");
        Utterance cutOff = a.play("440 Hz 2000 ms");
        Utterance other = b.play("550 Hz 1200 ms");
        simA.start("MZ000A");
        simB.start("MZ000B");

        PlaybackOutcome f = outcome(failing);
        assertThat(f).isInstanceOf(PlaybackOutcome.Failed.class);
        assertThat(f.framesSent()).isEqualTo(15);
        assertThat(((PlaybackOutcome.Failed) f).error().kind()).isEqualTo(TtsException.Kind.INTERNAL);
        assertThat(outcome(next)).isEqualTo(new PlaybackOutcome.Played(10));

        // Call A's connection breaks in the middle of its third utterance.
        simA.awaitReceived(r -> TwilioSimulator.mediaCount(r) >= 15 + 10 + 10, 3000);
        simA.abort();
        PlaybackOutcome cut = outcome(cutOff);
        assertThat(cut).isInstanceOf(PlaybackOutcome.Ended.class);
        assertThat(a.awaitTermination(Duration.ofSeconds(2))).isTrue();

        assertThat(outcome(other)).isEqualTo(new PlaybackOutcome.Played(60));
        assertThat(TwilioSimulator.summary(simB.received())).containsExactly("media x60", "mark utterance-1");
        assertThat(simB.starvations()).isZero();
        assertThat(TwilioSimulator.summary(simA.received()).subList(0, 3))
                .containsExactly("media x25", "mark utterance-2", "media x" + (TwilioSimulator.mediaCount(
                        simA.received()) - 25));
    }

    @Test
    void tokenStreamsPlayAsOneUtteranceAcrossSegments() throws Exception {
        TwilioSimulator sim = connect();
        OutboundPlayer player = server.nextPlayer();
        sim.start("MZ0006");
        Utterance u = player.playStreaming(List.of("440 Hz ", "200 ms! ", "660 Hz", " 100 ms!").iterator());
        assertThat(outcome(u)).isEqualTo(new PlaybackOutcome.Played(15));
        assertThat(TwilioSimulator.summary(sim.received())).containsExactly("media x15", "mark utterance-1");
        assertThat(sim.starvations()).isZero();
    }

    /** Realism: FreeTTS speaking a sentence through the same path; its bursts must not starve the call either. */
    @Test
    void freeTtsSentencePlaysPacedAndIsConfirmed() throws Exception {
        try (TtsEngine freetts = TtsEngines.create("freetts"); CallServer realServer = new CallServer(freetts);
             TwilioSimulator sim = new TwilioSimulator(realServer.uri())) {
            OutboundPlayer player = realServer.nextPlayer();
            sim.start("MZ0007");
            long t0 = System.nanoTime();
            Utterance u = player.play("Hello from voxbridge.");
            PlaybackOutcome o = outcome(u);
            List<Received> got = sim.received();
            log("FreeTTS: %d frames (%.2f s of audio) confirmed %.2f s after play(); max buffered %.1f ms,"
                    + " starvations %d", o.framesSent(), o.framesSent() * 0.02, (System.nanoTime() - t0) / 1e9,
                    sim.maxBufferedNanos() / 1e6, sim.starvations());
            assertThat(o).isInstanceOf(PlaybackOutcome.Played.class);
            assertThat(o.framesSent()).isBetween(40L, 200L);
            assertThat(TwilioSimulator.summary(got)).containsExactly("media x" + o.framesSent(), "mark utterance-1");
            assertThat(sim.maxBufferedNanos()).isLessThanOrEqualTo(OutboundPlayer.DEFAULT_LEAD.toNanos() + FRAME + JITTER);
            assertThat(sim.starvations()).isZero();
        }
    }
}
