package io.github.voxbridge.twilio.vad;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.InboundTrackDecoder;
import io.github.voxbridge.twilio.stream.OutboundPlayer;
import io.github.voxbridge.twilio.stream.PlaybackListener;
import io.github.voxbridge.twilio.stream.PlaybackOutcome;
import io.github.voxbridge.twilio.stream.Utterance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The barge-in example of {@link VoiceActivityDetector}'s Javadoc, run: a real {@link OutboundPlayer} speaks with the
 * embedded FreeTTS engine; the caller's media (noise, then "Wait, stop. I have a question.") goes through the
 * example's decoder and detector, whose start interrupts the player, which sends {@code clear}.
 */
class VadExamplesTest {

    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final String SID = "MZ00000000000000000000000000000001";

    @Test
    void bargeInExample() throws Exception {
        TtsEngine engine = TtsEngines.create("freetts", Map.of());
        List<String> sent = new CopyOnWriteArrayList<>();
        OutboundPlayer player = OutboundPlayer.builder(engine).build(sent::add);
        try {
            player.onMessage(CODEC.write(new InboundMessage.Start(1, SID, "AC0", "CA0", List.of("inbound"), Map.of(),
                    InboundMessage.MediaFormat.TWILIO)));
            Utterance greeting = player.play("Thanks for calling voxbridge. Please listen carefully, as our menu"
                    + " options have changed, and we would like to tell you about all of them in some detail.");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sent.stream().noneMatch(json -> json.contains("\"media\"")) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sent).as("the greeting is playing").anyMatch(json -> json.contains("\"media\""));

            // @start region="vad-barge-in"
            // One per call, next to the call's OutboundPlayer: the caller's audio goes through the detector.
            VoiceActivityDetector vad = VoiceActivityDetector.withDefaults(8000, new SpeechActivityListener() {
                @Override
                public void speechStarted(long onsetSample, long detectedAtSample) {
                    player.interrupt();                  // the caller speaks over us: stop, clear Twilio's buffer
                }

                @Override
                public void speechEnded(long endSample, long detectedAtSample) {
                    // e.g. tell the speech recogniser that the caller's turn is over
                }
            });
            InboundTrackDecoder inbound = InboundTrackDecoder.at8kHz("inbound", vad); // inbound.accept(each message)
            // @end region="vad-barge-in"

            double[] speech = SpeechClip.load("wait-stop").scaledTo(-20);
            int length = 8000 + speech.length;
            short[] caller = PhoneLine.toPcm16(PhoneLine.mix(LineNoise.white(1, length, -50),
                    PhoneLine.placed(speech, 8000, length)));
            for (int chunk = 0; (chunk + 1) * 160 <= caller.length && !vad.isSpeaking(); chunk++) {
                byte[] payload = new byte[160];
                MuLaw.encode(caller, chunk * 160, payload, 0, 160);
                assertThat(sent).as("no clear before the caller speaks (chunk %d)", chunk)
                        .noneMatch(json -> json.contains("\"clear\""));
                inbound.accept(new InboundMessage.Media(chunk + 2, SID, "inbound", chunk + 1, 20L * chunk, payload));
            }
            assertThat(vad.isSpeaking()).isTrue();
            assertThat(sent).as("clear sent on barge-in").anyMatch(json -> json.contains("\"clear\""));
            PlaybackOutcome outcome = greeting.outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOf(PlaybackOutcome.Interrupted.class);
        } finally {
            player.close();
            engine.close();
        }
    }

    /**
     * {@link PlaybackEcho}'s example, run: a real player speaks with FreeTTS and records each frame it sends; the
     * detector, before each inbound message, is told how loud that was, so the echo of the greeting (here the frames
     * themselves, 27 dB down: above the start threshold whenever the greeting's loudest block is above -7 dBFS) is not
     * the caller.
     */
    @Test
    void playbackEchoExample() throws Exception {
        TtsEngine engine = TtsEngines.create("freetts", Map.of());
        List<String> sent = new CopyOnWriteArrayList<>();
        io.github.voxbridge.twilio.stream.TextTransport transport = sent::add;
        List<String> events = new CopyOnWriteArrayList<>();
        VoiceActivityDetector vad = VoiceActivityDetector.withDefaults(8000, new SpeechActivityListener() {
            @Override
            public void speechStarted(long onsetSample, long detectedAtSample) {
                events.add("started");
            }

            @Override
            public void speechEnded(long endSample, long detectedAtSample) {
                events.add("ended");
            }
        });
        InboundTrackDecoder inbound = InboundTrackDecoder.at8kHz("inbound", vad);

        // @start region="vad-playback-echo"
        // One per call, beside the call's player and detector: what the player sent lately, for the detector.
        PlaybackEcho echo = new PlaybackEcho(PlaybackEcho.DEFAULT_WINDOW);
        OutboundPlayer player = OutboundPlayer.builder(engine)
                .playbackListener(new PlaybackListener() {
                    @Override
                    public void frameSent(Utterance utterance, byte[] mulaw, int offset) {
                        echo.frameSent(System.nanoTime(), mulaw, offset); // on the player's thread
                    }
                })
                .build(transport);
        // @end region="vad-playback-echo"
        long chunk = 0;
        double guard = Double.NEGATIVE_INFINITY;
        boolean marked = false;
        try {
            player.onMessage(CODEC.write(new InboundMessage.Start(1, SID, "AC0", "CA0", List.of("inbound"), Map.of(),
                    InboundMessage.MediaFormat.TWILIO)));
            player.play("Thanks for calling voxbridge. How can I help you today?");
            // The caller's line returns each frame as it is sent, 27 dB down (an echo, with no delay).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int next = 0; !marked && System.nanoTime() < deadline; ) {
                if (next >= sent.size()) {
                    Thread.sleep(2);
                    continue;
                }
                OutboundMessage m = CODEC.parseOutbound(sent.get(next++));
                marked = m instanceof OutboundMessage.Mark;
                if (!(m instanceof OutboundMessage.Media media)) {
                    continue;
                }
                short[] pcm = new short[160];
                MuLaw.decode(media.payload(), 0, pcm, 0, 160);
                for (int i = 0; i < 160; i++) {
                    pcm[i] = (short) Math.round(pcm[i] * Math.pow(10, -27 / 20.0));
                }
                byte[] payload = new byte[160];
                MuLaw.encode(pcm, 0, payload, 0, 160);
                chunk++;
                InboundMessage.Media message = new InboundMessage.Media(chunk + 1, SID, "inbound", chunk, 20 * chunk,
                        payload);
                // @start region="vad-playback-level"
                // On the reader's thread, before each inbound message goes to the detector's decoder:
                vad.playbackLevel(echo.loudestDbfs(System.nanoTime()));
                inbound.accept(message);
                // @end region="vad-playback-level"
                guard = Math.max(guard, echo.loudestDbfs(System.nanoTime()));
            }
        } finally {
            player.close();
            engine.close();
        }
        assertThat(marked).as("the whole greeting was sent").isTrue();
        assertThat(chunk).as("frames of the greeting").isGreaterThan(50);
        System.out.printf("VAD playback echo example: FreeTTS greeting, loudest block %.1f dBFS, its echo 27 dB down;"
                + " events %s%n", guard, events);
        assertThat(guard).as("the player told the echo what it sent").isGreaterThan(-60.0);
        assertThat(events).as("the echo of our own greeting is not the caller").isEmpty();
    }
}
