package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.OutboundPlayer;
import io.github.voxbridge.twilio.stream.PlaybackClock;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator on the system clock (its default) against real servers on loopback: what a user's test sees. Time
 * bounds are loose (50 ms and more) so that a loaded machine cannot fail them; exact timing is SteppedCallTest's.
 */
class RealTimeCallTest {

    private static final long MS = 1_000_000;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final TwilioCodec CODEC = new TwilioCodec();

    @Test
    void aPacedServerIsHeardWholeWithoutUnderrunsAndItsMarksComeBackInOrder(@TempDir Path dir) throws Exception {
        byte[] first = new byte[25 * 160];
        byte[] second = new byte[15 * 160];
        for (int i = 0; i < first.length; i++) {
            first[i] = (byte) (0x10 + i % 90);
        }
        for (int i = 0; i < second.length; i++) {
            second[i] = (byte) (0x90 + i % 90);
        }
        AudioFormatSpec muLaw = new AudioFormatSpec(SampleEncoding.MULAW, 8000);
        try (TtsEngine engine = PrerecordedEngine.builder()
                .raw("first", Files.write(dir.resolve("1.ulaw"), first), muLaw)
                .raw("second", Files.write(dir.resolve("2.ulaw"), second), muLaw).build();
             VoiceServer server = new VoiceServer(engine, PlaybackClock.system(), null, Map.of());
             CallSimulator sim = CallSimulator.builder().streamUrl(server.mediaUri()).build()) {
            sim.start();
            VoiceServer.PlayerCall call = server.nextPlayerCall();
            long asked = sim.latencyFromNow();
            call.player().play("first");
            call.player().play("second");
            CallRecording r = sim.awaitMarkEchoed("utterance-2", WAIT);

            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(first);
            expected.writeBytes(second);
            assertThat(r.heardAudio()).isEqualTo(expected.toByteArray());
            assertThat(r.summary().underruns()).isZero();
            assertThat(r.summary().framesPlayed()).isEqualTo(40);
            assertThat(r.echoedMarks()).containsExactly("utterance-1", "utterance-2");
            // A mark comes back when what was buffered ahead of it has played: at most the player's lead, 200 ms.
            long lead = OutboundPlayer.DEFAULT_LEAD.toNanos();
            assertThat(r.marks()).allSatisfy(m -> assertThat(m.delayNanos()).isBetween(0L, lead + 50 * MS));
            assertThat(r.summary().firstFrameLatencyNanos()).isBetween(0L, 2_000 * MS);
            assertThat(sim.clock().nanoTime() - asked).as("real time passed: the whole 800 ms was played")
                    .isGreaterThanOrEqualTo(800 * MS);
        }
    }

    /** Ten calls at once, on the shared HTTP client: each hears its greeting whole, in time, nothing lost. */
    @Test
    void tenConcurrentCallsEachHearTheirGreeting(@TempDir Path dir) throws Exception {
        byte[] greeting = new byte[30 * 160];
        for (int i = 0; i < greeting.length; i++) {
            greeting[i] = (byte) (0x20 + i % 64);
        }
        try (TtsEngine engine = PrerecordedEngine.builder().raw("hi", Files.write(dir.resolve("hi.ulaw"), greeting),
                new AudioFormatSpec(SampleEncoding.MULAW, 8000)).build();
             VoiceServer server = new VoiceServer(engine, PlaybackClock.system(), null, Map.of())) {
            server.greeting = "hi";
            java.util.List<CallSimulator> calls = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    CallSimulator sim = CallSimulator.builder().streamUrl(server.mediaUri()).build();
                    calls.add(sim);
                    sim.start();
                }
                for (CallSimulator sim : calls) {
                    CallRecording r = sim.awaitMarkEchoed("utterance-1", WAIT);
                    assertThat(r.heardAudio()).as(sim.callSid()).isEqualTo(greeting);
                    assertThat(r.summary().underruns()).as(sim.callSid()).isZero();
                    assertThat(sim.hangUp().summary().framesLost()).isZero();
                }
            } finally {
                calls.forEach(CallSimulator::close);
            }
        }
    }

    @Test
    void aServerThatPausesMidUtteranceCausesOneUnderrunOfAboutThePause() throws Exception {
        String sid = "MZ000000000000000000000000000000rt";
        try (VoiceServer server = new VoiceServer(null, PlaybackClock.system(), null, Map.of());
             CallSimulator sim = CallSimulator.builder().streamUrl(server.rawUri()).streamSid(sid).build()) {
            sim.start();
            VoiceServer.RawCall call = server.nextRawCall();
            byte[] frame = new byte[160];
            Arrays.fill(frame, (byte) 0x33);
            String media = CODEC.write(new OutboundMessage.Media(sid, frame));
            for (int i = 0; i < 5; i++) {
                call.send(media);                 // 100 ms of audio at once
            }
            Thread.sleep(500);                    // the buffer runs dry about 400 ms before the next frame
            for (int i = 0; i < 5; i++) {
                call.send(media);
            }
            call.send(CODEC.write(new OutboundMessage.Mark(sid, "end")));
            CallRecording r = sim.awaitMarkEchoed("end", WAIT);
            assertThat(r.summary().underruns()).isEqualTo(1);
            assertThat(r.summary().underrunNanos()).isBetween(300 * MS, 700 * MS);
            assertThat(r.timeline()).filteredOn(s -> s instanceof TimelineSpan.Gap).hasSize(1);
            assertThat(r.heardAudio()).hasSize(1600);
        }
    }
}
