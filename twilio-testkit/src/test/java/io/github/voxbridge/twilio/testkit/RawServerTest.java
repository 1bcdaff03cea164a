package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator against a server that sends exactly what the test tells it (Jetty 12 on loopback): late frames,
 * bad messages. The clock is a {@link ManualClock}; arrival times are the clock's, which stands still while the test
 * sends, so gaps are exact.
 */
class RawServerTest {

    private static final long MS = 1_000_000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SID = "MZ0000000000000000000000000000raw1";
    private static final TwilioCodec CODEC = new TwilioCodec();

    private final ManualClock clock = new ManualClock();
    private VoiceServer server;
    private CallSimulator sim;
    private VoiceServer.RawCall call;

    @BeforeEach
    void connect() throws Exception {
        server = new VoiceServer(null, clock, null, Map.of());
        sim = CallSimulator.builder().streamUrl(server.rawUri()).streamSid(SID).clock(clock).build();
        sim.connect();
        call = server.nextRawCall();
        sim.start();
        await(() -> call.inbound().size() >= 2, "connected and start at the server");
    }

    @AfterEach
    void close() throws Exception {
        sim.close();
        server.close();
    }

    private static String media(int value) {
        byte[] f = new byte[160];
        Arrays.fill(f, (byte) value);
        return CODEC.write(new OutboundMessage.Media(SID, f));
    }

    /** Sends and waits until the simulator has taken the message in. */
    private void send(String text) throws Exception {
        call.send(text);
        await(() -> sim.messagesReceived() == call.sent().get(), "the simulator to receive " + text);
    }

    @Test
    void aPauseInsideAnUtteranceIsAnUnderrunOfExactlyTheMissingTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(media(i));                       // 0..100 ms
        }
        clock.advanceTo(130 * MS);                // the buffer ran dry at 100 ms
        for (int i = 5; i < 10; i++) {
            send(media(i));                       // 130..230 ms
        }
        send(CODEC.write(new OutboundMessage.Mark(SID, "end")));
        clock.advanceTo(230 * MS);
        CallRecording r = sim.awaitMarkEchoed("end", WAIT);
        assertThat(r.summary().underruns()).isEqualTo(1);
        assertThat(r.summary().underrunNanos()).isEqualTo(30 * MS);
        assertThat(r.timeline()).filteredOn(s -> !(s instanceof TimelineSpan.Frame))
                .containsExactly(new TimelineSpan.Gap(100 * MS, 30 * MS));
        assertThat(r.marks()).containsExactly(new MarkRecord("end", 130 * MS, 230 * MS, true, false));
        await(() -> call.inbound().stream().anyMatch(t -> t.contains("\"mark\"")), "the mark's echo at the server");
    }

    @Test
    void badMessagesAreRecordedAndTheCallGoesOn() throws Exception {
        send("not json");
        send("{\"event\":\"dance\",\"streamSid\":\"" + SID + "\"}");
        call.sendBinary(new byte[] {1, 2, 3});
        await(() -> sim.messagesReceived() == call.sent().get(), "the binary frame");
        send(CODEC.write(new OutboundMessage.Media("MZ-someone-else", new byte[160])));
        send("{\"event\":\"media\",\"streamSid\":\"" + SID + "\",\"media\":{\"payload\":\"\"}}");
        send(media(0x42));
        clock.advanceTo(20 * MS);
        CallRecording r = sim.recording();
        assertThat(r.protocolErrors()).extracting(ProtocolError::kind).containsExactly(
                ProtocolError.Kind.MALFORMED, ProtocolError.Kind.UNKNOWN_EVENT, ProtocolError.Kind.BINARY_FRAME,
                ProtocolError.Kind.WRONG_STREAM_SID, ProtocolError.Kind.MALFORMED);
        assertThat(r.protocolErrors().get(1).detail()).contains("dance");
        assertThat(r.protocolErrors().get(2).detail()).contains("3 bytes");
        assertThat(r.protocolErrors().get(3).detail()).contains("MZ-someone-else");
        assertThat(r.protocolErrors().get(4).detail()).contains("empty payload");
        assertThat(r.summary().protocolErrors()).isEqualTo(5);
        byte[] heard = new byte[160];
        Arrays.fill(heard, (byte) 0x42);
        assertThat(r.heardAudio()).as("only the valid frame plays").isEqualTo(heard);
        assertThat(r.summary().framesReceived()).isEqualTo(1);
    }

    /**
     * A message in pieces (a frame and its continuations) is read whole: a media message, read in place, cut
     * inside its payload; a mark whose name goes beyond ASCII from its second piece on (the simulator's bytes give
     * way to text there); then a media message again, read in place after it.
     */
    @Test
    void aMessageInPiecesIsReadWholeWhateverItsCharacters() throws Exception {
        String first = media(0x11);
        call.sendInPieces(first.substring(0, 30), first.substring(30, 31), first.substring(31));
        String mark = "{\"event\":\"mark\",\"streamSid\":\"" + SID + "\",\"mark\":{\"name\":\"fin-é✓😀\"}}";
        int cut = mark.indexOf("fin-") + 4;
        call.sendInPieces(mark.substring(0, cut), mark.substring(cut, cut + 1), mark.substring(cut + 1));
        send(media(0x22));
        clock.advanceTo(60 * MS);
        CallRecording r = sim.awaitMarkEchoed("fin-é✓😀", WAIT);
        assertThat(r.protocolErrors()).isEmpty();
        byte[] heard = new byte[320];
        Arrays.fill(heard, 0, 160, (byte) 0x11);
        Arrays.fill(heard, 160, 320, (byte) 0x22);
        assertThat(r.heardAudio()).isEqualTo(heard);
        assertThat(r.marks()).extracting(MarkRecord::name).containsExactly("fin-é✓😀");
    }

    @Test
    void whenTheServerClosesTheCallEndsAndWhatWasBufferedIsLost() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(media(i));
        }
        clock.advanceTo(50 * MS);
        call.session().close();
        CallRecording r = sim.await(c -> c.endNanos().isPresent(), WAIT);
        assertThat(r.endNanos()).hasValue(50 * MS);
        assertThat(r.summary().framesPlayed()).isEqualTo(2);
        assertThat(r.summary().framesCut()).isEqualTo(1);
        assertThat(r.summary().framesLost()).isEqualTo(2);
        assertThat(r.heardAudio()).hasSize(400);
        assertThat(sim.hangUp().summary()).isEqualTo(r.summary());
        assertThat(call.inbound()).as("no stop after the server closed").noneMatch(t -> t.contains("\"stop\""));
    }

    @Test
    void theCallersAudioGoesOutTwentyMillisecondsAtATimeThenSilence() throws Exception {
        byte[] said = new byte[2 * 160 + 40];
        for (int i = 0; i < said.length; i++) {
            said[i] = (byte) (i % 0x7F);
        }
        try (CallSimulator caller = CallSimulator.builder().streamUrl(server.rawUri()).clock(clock)
                .callerAudio(CallerAudio.muLaw(said)).build()) {
            caller.connect();
            VoiceServer.RawCall other = server.nextRawCall();
            caller.start();
            clock.advanceTo(80 * MS);
            await(() -> other.inbound().size() == 2 + 4, "start and four media at the server");
            List<byte[]> payloads = VoiceServer.parse(other.inbound()).stream()
                    .filter(m -> m instanceof InboundMessage.Media)
                    .map(m -> ((InboundMessage.Media) m).payload()).toList();
            byte[] expected = new byte[4 * 160];
            Arrays.fill(expected, MuLaw.SILENCE);
            System.arraycopy(said, 0, expected, 0, said.length);
            for (int i = 0; i < 4; i++) {
                assertThat(payloads.get(i)).as("frame %d", i)
                        .isEqualTo(Arrays.copyOfRange(expected, 160 * i, 160 * i + 160));
            }
        }
    }

    @Test
    void misuseIsRefusedWithTheValueNamed() {
        assertThatThrownBy(() -> sim.dtmf("11")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DTMF digit: 11");
        assertThatThrownBy(() -> CallSimulator.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exactly one of webhook(...) and streamUrl(...)");
        assertThatThrownBy(() -> CallSimulator.builder().webhook(server.webhookUri()).customParameter("k", "v")
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("[k]");
        assertThatThrownBy(() -> CallSimulator.builder().streamUrl(server.rawUri()).build().recording())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has not started");
        assertThatThrownBy(sim::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> CallSimulator.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + WAIT + " for " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }

}
