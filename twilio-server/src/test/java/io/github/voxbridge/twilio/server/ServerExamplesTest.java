package io.github.voxbridge.twilio.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallHandler;
import io.github.voxbridge.twilio.testkit.CallRecording;
import io.github.voxbridge.twilio.testkit.CallSimulator;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc examples of the server, run: each region is the text of a {@code {@snippet}} (twilio-frames'
 * DocumentationExamplesTest holds them equal).
 */
class ServerExamplesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theServerExampleAnswersASignedCall() throws Exception {
        TtsEngine engine = new ToneEngine() {
            @Override
            public void synthesize(String text, io.github.voxbridge.tts.AudioSink sink,
                    io.github.voxbridge.tts.CancellationToken cancel) throws io.github.voxbridge.tts.TtsException {
                super.synthesize(text.length() * 10 + " ms", sink, cancel); // 10 ms of tone per character
            }
        };
        String token = MediaStreamServerTest.TOKEN;
        String previous = System.getProperty("test.token");
        // @start region="media-stream-server"
        MediaStreamServer server = MediaStreamServer.builder(engine, () -> new CallHandler() {
                    @Override
                    public void onStart(Call call) {
                        call.say("Thanks for calling.");
                    }
                })
                .port(0)                                        // any free port; 8080 by default
                .publicUrl("https://voice.example.org")        // what Twilio sees: used in the TwiML and for signatures
                .authToken(System.getenv("TWILIO_AUTH_TOKEN")) // checks X-Twilio-Signature on every request
                .start();
        // @end region="media-stream-server"
        assertThat(previous).isNull();
        server.close();
        // The same, with the test's token instead of the environment's, and called by the simulator.
        server = MediaStreamServer.builder(engine, () -> new CallHandler() {
            @Override
            public void onStart(Call call) {
                call.say("Thanks for calling.");
            }
        }).host("127.0.0.1").port(0).publicUrl("https://voice.example.org").authToken(token).start();
        try (CallSimulator call = CallSimulator.builder().timeout(WAIT).authToken(token)
                .webhook(URI.create("http://127.0.0.1:" + server.port() + "/twilio/voice"))
                .publicWebhookUrl("https://voice.example.org/twilio/voice")
                .connectTo(URI.create("ws://127.0.0.1:" + server.port() + "/twilio/media")).build()) {
            call.start();
            CallRecording heard = call.awaitMarkEchoed("utterance-1", WAIT);
            byte[] expected = ToneEngine.framed(ToneEngine.tone("Thanks for calling.".length() * 10));
            assertThat(java.util.Arrays.equals(heard.heardAudio(), expected))
                    .as("heard %d bytes, the tone padded to whole frames is %d", heard.heardAudio().length,
                            expected.length).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void theHandlerExampleGreetsAndAnswersKeys() throws Exception {
        TtsEngine engine = new ToneEngine() {
            @Override
            public void synthesize(String text, io.github.voxbridge.tts.AudioSink sink,
                    io.github.voxbridge.tts.CancellationToken cancel) throws io.github.voxbridge.tts.TtsException {
                super.synthesize(text.length() * 10 + " ms", sink, cancel);
            }
        };
        // @start region="call-handler-greeting"
        CallHandler handler = new CallHandler() {
            @Override
            public void onStart(Call call) {
                call.say("Thanks for calling. Press 1 for sales.");
            }

            @Override
            public void onDtmf(Call call, String digit) {
                call.say("You pressed " + digit + ".");
            }
        };
        // @end region="call-handler-greeting"
        MediaStreamServer server = MediaStreamServer.builder(engine, () -> handler).host("127.0.0.1").port(0)
                .start();
        try (CallSimulator call = CallSimulator.builder().timeout(WAIT)
                .webhook(URI.create("http://127.0.0.1:" + server.port() + "/twilio/voice")).build()) {
            call.start();
            call.awaitMarkEchoed("utterance-1", WAIT);
            call.dtmf("1");
            CallRecording heard = call.awaitMarkEchoed("utterance-2", WAIT);
            int greeting = ToneEngine.framed(ToneEngine.tone("Thanks for calling. Press 1 for sales.".length() * 10))
                    .length / 8;
            int answer = ToneEngine.framed(ToneEngine.tone("You pressed 1.".length() * 10)).length / 8;
            assertThat(heard.summary().heardMillis()).isEqualTo(greeting + answer);
        } finally {
            server.close();
        }
    }
}
