package io.github.voxbridge.twilio.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import io.github.voxbridge.twilio.stream.PlaybackClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of {@link CallSimulator} and {@link CallLoad}, run: each region below is the snippet,
 * character for character (twilio-frames' DocumentationExamplesTest holds every Javadoc snippet of the checkout to
 * its region).
 */
class TestkitExamplesTest {

    @Test
    void callSimulatorExample(@TempDir Path dir) throws Exception {
        byte[] recorded = new byte[12 * 160];
        for (int i = 0; i < recorded.length; i++) {
            recorded[i] = (byte) (i * 7);
        }
        String authToken = "example-token";
        try (TtsEngine engine = PrerecordedEngine.builder().raw("Thanks for calling",
                Files.write(dir.resolve("greeting.ulaw"), recorded), new AudioFormatSpec(SampleEncoding.MULAW, 8000))
                .build();
             VoiceServer server = new VoiceServer(engine, PlaybackClock.system(), authToken, Map.of())) {
            server.greeting = "Thanks for calling";
            String serverUrl = "http://127.0.0.1:" + server.webhookUri().getPort();
            byte[] greeting = recorded;
            // @start region="call-simulator-call"
            try (CallSimulator call = CallSimulator.builder()
                    .webhook(URI.create(serverUrl + "/voice"))    // the number's voice webhook
                    .authToken(authToken)                         // signs the webhook and the WebSocket upgrade
                    .build()) {
                call.start();                                     // webhook, TwiML, WebSocket, start, caller's media
                CallRecording heard = call.awaitMarkEchoed("utterance-1", Duration.ofSeconds(10));
                assertEquals(0, heard.summary().underruns());     // the greeting played without a drop-out
                assertArrayEquals(greeting, heard.heardAudio());  // the mu-law the caller heard, byte for byte
            }                                                     // hangs up: stop, then close
            // @end region="call-simulator-call"
        }
    }

    @Test
    void callLoadExample(@TempDir Path dir) throws Exception {
        byte[] recorded = new byte[12 * 160];
        String authToken = "example-token";
        try (TtsEngine engine = PrerecordedEngine.builder().raw("Thanks for calling",
                Files.write(dir.resolve("greeting.ulaw"), recorded), new AudioFormatSpec(SampleEncoding.MULAW, 8000))
                .build();
             VoiceServer server = new VoiceServer(engine, PlaybackClock.system(), authToken, Map.of())) {
            server.greeting = "Thanks for calling";
            String serverUrl = "http://127.0.0.1:" + server.webhookUri().getPort();
            // @start region="call-load-run"
            CallLoadResult result = CallLoad.builder(URI.create(serverUrl + "/voice"))  // the number's voice webhook
                    .calls(5).duration(Duration.ofSeconds(1)).authToken(authToken)
                    .build().run();                                 // places them all, waits for the last hang-up
            assertEquals(5, result.completed());                    // each one placed, heard and hung up
            assertEquals(0, result.framesLost());                   // the greetings played to the end
            long p99 = result.firstFrameLatencyPercentileNanos(99); // from each call's start to its first media
            // @end region="call-load-run"
            assertEquals(result.firstFrameLatencyNanos().get(4), p99);
        }
    }
}
