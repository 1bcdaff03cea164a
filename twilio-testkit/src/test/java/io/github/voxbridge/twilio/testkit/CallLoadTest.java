package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.stream.PlaybackClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many simulated calls against a real voice server on loopback ({@link VoiceServer}), and the figures added up. */
class CallLoadTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final long MS = 1_000_000;
    /** 25 frames, 500 ms: over well before each 2 s call hangs up, so nothing is lost. */
    private static final int GREETING_FRAMES = 25;

    private static TtsEngine greetingEngine(Path dir) throws Exception {
        byte[] greeting = new byte[GREETING_FRAMES * 160];
        for (int i = 0; i < greeting.length; i++) {
            greeting[i] = (byte) (0x20 + i % 64);
        }
        return PrerecordedEngine.builder().raw("hi", Files.write(dir.resolve("hi.ulaw"), greeting),
                new AudioFormatSpec(SampleEncoding.MULAW, 8000)).build();
    }

    @Test
    void twentySignedCallsEachHearTheGreetingAndAreAddedUp(@TempDir Path dir) throws Exception {
        try (TtsEngine engine = greetingEngine(dir);
             VoiceServer server = new VoiceServer(engine, PlaybackClock.system(), TOKEN, Map.of())) {
            server.greeting = "hi";
            CallLoadResult r = CallLoad.builder(server.webhookUri()).calls(20).duration(Duration.ofSeconds(2))
                    .rampUp(Duration.ofMillis(500)).authToken(TOKEN).ioThreads(3).build().run();

            assertThat(r.failureReasons()).isEmpty();
            assertThat(r.allCompleted()).isTrue();
            assertThat(List.of(r.calls(), r.started(), r.completed(), r.failed())).containsExactly(20, 20, 20, 0);
            assertThat(server.webhooks).hasSize(20).allSatisfy(w -> assertThat(w.valid()).isTrue());
            assertThat(server.upgrades).hasSize(20).containsOnly("valid");
            assertThat(r.framesReceived()).isEqualTo(20 * GREETING_FRAMES);
            assertThat(r.framesPlayed()).isEqualTo(20 * GREETING_FRAMES);
            assertThat(List.of(r.framesCut(), r.framesCleared(), r.framesLost(), r.clears(), r.protocolErrors()))
                    .containsOnly(0L);
            assertThat(r.marksReceived()).isEqualTo(20);
            assertThat(r.marksEchoed()).isEqualTo(20);
            assertThat(r.callsWithoutMedia()).isZero();
            assertThat(r.firstFrameLatencyNanos()).hasSize(20).isSorted()
                    .allSatisfy(l -> assertThat(l).isBetween(0L, 2_000 * MS));
            long p50 = r.firstFrameLatencyPercentileNanos(50);
            long p99 = r.firstFrameLatencyPercentileNanos(99);
            assertThat(p50).isEqualTo(r.firstFrameLatencyNanos().get(9)); // nearest rank: ceil(0.5 * 20) = 10th
            assertThat(p99).isEqualTo(r.firstFrameLatencyNanos().get(19)); // ceil(0.99 * 20) = 20th
            assertThat(r.firstFrameLatencyPercentileNanos(100)).isEqualTo(p99);
            assertThat(r.callNanos()).isEqualTo(2_000 * MS);
            // The last call starts 19/20 of the ramp-up in, and lasts 2 s from its start.
            assertThat(r.wallNanos()).isGreaterThanOrEqualTo(2_000 * MS + 475 * MS);
            assertThat(r.cpuNanos()).isPositive();
            assertThat(r.cpuSecondsPerCallMinute()).isPositive()
                    .isEqualTo(r.cpuNanos() / 1e9 / (20 * 2 / 60.0), org.assertj.core.data.Offset.offset(1e-9));
            // The caller's media of the twenty calls go from three pacer threads (7, 7 and 6 calls each), and what
            // the server sends them is read by three clients' selector threads: each call still sends 20 ms
            // frames in order for its 2 s (100, give or take the hang-up's timing and a tick), numbered as Twilio
            // numbers them, each message's sequence number one more than the one before.
            for (int i = 0; i < 20; i++) {
                List<InboundMessage> inbound = server.nextPlayerCall().inbound();
                List<InboundMessage.Media> media = inbound.stream()
                        .filter(InboundMessage.Media.class::isInstance).map(InboundMessage.Media.class::cast).toList();
                assertThat(media.size()).as("media messages of a 2 s call").isBetween(95, 101);
                for (int k = 0; k < media.size(); k++) {
                    assertThat(media.get(k).chunk()).isEqualTo(k + 1);
                    assertThat(media.get(k).timestamp()).isEqualTo(20L * k);
                }
                List<Long> sequence = inbound.stream().filter(m -> !(m instanceof InboundMessage.Connected))
                        .map(CallLoadTest::sequenceNumber).toList();
                for (int k = 0; k < sequence.size(); k++) {
                    assertThat(sequence.get(k)).isEqualTo(k + 1L);
                }
            }
        }
    }

    private static long sequenceNumber(InboundMessage m) {
        return switch (m) {
            case InboundMessage.Start s -> s.sequenceNumber();
            case InboundMessage.Media md -> md.sequenceNumber();
            case InboundMessage.Mark mk -> mk.sequenceNumber();
            case InboundMessage.Stop st -> st.sequenceNumber();
            case InboundMessage.Dtmf d -> d.sequenceNumber();
            default -> throw new AssertionError("unexpected " + m);
        };
    }

    @Test
    void aRefusedConnectionFailsEveryCallWithOneReasonNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/twilio/voice");
        CallLoadResult r = CallLoad.builder(url).calls(3).duration(Duration.ofSeconds(1)).rampUp(Duration.ZERO)
                .build().run();
        assertThat(List.of(r.calls(), r.started(), r.completed(), r.failed())).containsExactly(3, 0, 0, 3);
        assertThat(r.failureReasons()).containsExactly("connection refused: " + url);
        assertThat(r.firstFrameLatencyNanos()).isEmpty();
        assertThat(r.firstFrameLatencyPercentileNanos(50)).isEqualTo(-1);
        assertThat(r.cpuSecondsPerCallMinute()).isNaN();
        assertThat(r.allCompleted()).isFalse();
    }

    /** The JDK client's message for a connection closed without an answer does not name the URL: the reason does. */
    @Test
    void aWebhookThatClosesWithoutAnAnswerIsNamedInTheReason() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.getInputStream().read(); // the request has arrived; close without a byte of answer
                    } catch (IOException e) {
                        return; // closed by the test
                    }
                }
            });
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/twilio/voice");
            CallLoadResult r = CallLoad.builder(url).calls(2).duration(Duration.ofSeconds(1)).build().run();
            server.close();
            acceptor.join();
            assertThat(r.failed()).isEqualTo(2);
            assertThat(r.failureReasons()).isNotEmpty()
                    .allSatisfy(reason -> assertThat(reason).startsWith("webhook " + url + ": "));
        }
    }

    @Test
    void aWrongTokenIsRefusedWith403(@TempDir Path dir) throws Exception {
        try (TtsEngine engine = greetingEngine(dir);
             VoiceServer server = new VoiceServer(engine, PlaybackClock.system(), TOKEN, Map.of())) {
            CallLoadResult r = CallLoad.builder(server.webhookUri()).calls(2).duration(Duration.ofSeconds(1))
                    .authToken("not-the-token").build().run();
            assertThat(r.failed()).isEqualTo(2);
            assertThat(r.failureReasons()).singleElement().asString()
                    .startsWith("webhook " + server.webhookUri() + " answered HTTP 403")
                    .doesNotContain("\n").doesNotContain("not-the-token");
        }
    }

    @Test
    void aStreamTheServerClosesEarlyFailsTheCall() throws Exception {
        try (VoiceServer server = new VoiceServer(null, PlaybackClock.system(), null, Map.of())) {
            server.streamPath = "/raw";
            Thread closer = Thread.ofVirtual().start(() -> {
                try {
                    VoiceServer.RawCall call = server.nextRawCall();
                    // Mid-call: after start (a close before it is a failed send of connected or start).
                    RealTimeWait.until(() -> call.inbound().size() >= 2, "connected and start");
                    call.session().close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CallLoadResult r = CallLoad.builder(server.webhookUri()).duration(Duration.ofSeconds(2)).build().run();
            closer.join();
            assertThat(List.of(r.started(), r.completed(), r.failed())).containsExactly(1, 0, 1);
            assertThat(r.failureReasons()).containsExactly(CallLoad.CLOSED_EARLY);
            assertThat(r.callsWithoutMedia()).isOne();
        }
    }

    /**
     * A server that closes the moment {@code stop} arrives, while it is still sending media, often closes before the
     * simulator's own close goes out: the JDK client has then answered the server's close, and its own close fails
     * ("Output closed"). That is a normal end of a call, not a transport error.
     */
    @Test
    void aServerThatClosesAsSoonAsStopArrivesEndsEveryCallCleanly(@TempDir Path dir) throws Exception {
        byte[] long5s = new byte[250 * 160];
        try (TtsEngine engine = PrerecordedEngine.builder().raw("long", Files.write(dir.resolve("long.ulaw"), long5s),
                new AudioFormatSpec(SampleEncoding.MULAW, 8000)).build();
             VoiceServer server = new VoiceServer(engine, PlaybackClock.system(), null, Map.of())) {
            server.greeting = "long";
            server.closesOnStop = true;
            CallLoadResult r = CallLoad.builder(server.webhookUri()).calls(40).duration(Duration.ofMillis(500))
                    .rampUp(Duration.ofMillis(400)).build().run();
            assertThat(r.failureReasons()).isEmpty();
            assertThat(r.completed()).isEqualTo(40);
        }
    }

    @Test
    void aMessageTwilioWouldRejectFailsTheCallWithTheParsersReason() throws Exception {
        try (VoiceServer server = new VoiceServer(null, PlaybackClock.system(), null, Map.of())) {
            server.streamPath = "/raw";
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    VoiceServer.RawCall call = server.nextRawCall();
                    RealTimeWait.until(() -> call.inbound().size() >= 2, "connected and start");
                    call.send("{\"event\":\"media\"\n}");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            CallLoadResult r = CallLoad.builder(server.webhookUri()).duration(Duration.ofSeconds(1)).build().run();
            sender.join();
            assertThat(List.of(r.started(), r.completed(), r.failed())).containsExactly(1, 0, 1);
            assertThat(r.protocolErrors()).isOne();
            assertThat(r.failureReasons()).singleElement().asString().startsWith("malformed: ")
                    .doesNotContain("\n");
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        URI ok = URI.create("http://127.0.0.1:8080/twilio/voice");
        assertThatThrownBy(() -> CallLoad.builder(URI.create("ws://127.0.0.1:8080/media")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://127.0.0.1:8080/media");
        assertThatThrownBy(() -> CallLoad.builder(ok).calls(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> CallLoad.builder(ok).duration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> CallLoad.builder(ok).rampUp(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.005S");
        assertThatThrownBy(() -> CallLoad.builder(ok).speakAfter(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.005S");
        assertThatThrownBy(() -> CallLoad.builder(ok).ioThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ioThreads must be at least 1, got 0");
        assertThatThrownBy(() -> new CallLoadResult(1, 1, 1, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                List.of(5L, 4L), 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 before 4");
        CallLoadResult one = new CallLoadResult(1, 1, 1, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                List.of(7L), 1, 1, 1);
        assertThatThrownBy(() -> one.firstFrameLatencyPercentileNanos(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0.0");
        assertThat(one.firstFrameLatencyPercentileNanos(0.001)).isEqualTo(7);
    }
}
