package io.github.voxbridge.twilio.vad;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.InboundTrackDecoder;
import io.github.voxbridge.twilio.stream.OutboundPlayer;
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
}
