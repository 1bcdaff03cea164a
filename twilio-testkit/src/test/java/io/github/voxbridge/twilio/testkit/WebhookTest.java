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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call as Twilio places it: the signed webhook, the TwiML's stream and parameters, the signed upgrade. The
 * server checks each signature with an HMAC of its own ({@link VoiceServer#hmacSha1Base64}), not with the
 * simulator's signer.
 */
class WebhookTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String CALL = "CA0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    private TtsEngine engine;
    private VoiceServer server;
    private byte[] hello;
    private final Map<String, String> twimlParameters = new LinkedHashMap<>();

    @BeforeEach
    void serve() throws Exception {
        hello = new byte[5 * 160];
        for (int i = 0; i < hello.length; i++) {
            hello[i] = (byte) (i % 100);
        }
        engine = PrerecordedEngine.builder().raw("hello", Files.write(dir.resolve("hello.ulaw"), hello),
                new AudioFormatSpec(SampleEncoding.MULAW, 8000)).build();
        twimlParameters.put("caller-name", "Ann & Bob <b>");
        twimlParameters.put("lang", "en");
        server = new VoiceServer(engine, PlaybackClock.system(), TOKEN, twimlParameters);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        engine.close();
    }

    @Test
    void aSignedCallPostsTheWebhookFollowsTheTwimlAndIsHeard() throws Exception {
        try (CallSimulator sim = CallSimulator.builder().webhook(server.webhookUri()).authToken(TOKEN)
                .callSid(CALL).from("+15555550123").webhookParameter("FromCity", "SPRINGFIELD").build()) {
            sim.start();
            VoiceServer.PlayerCall call = server.nextPlayerCall();
            assertThat(sim.stream()).isEqualTo(new StreamTwiml(server.mediaUri(), twimlParameters));

            assertThat(server.webhooks).hasSize(1);
            VoiceServer.Webhook hook = server.webhooks.getFirst();
            assertThat(hook.valid()).isTrue();
            assertThat(hook.form()).containsEntry("CallSid", CALL).containsEntry("From", "+15555550123")
                    .containsEntry("Caller", "+15555550123").containsEntry("CallStatus", "ringing")
                    .containsEntry("Direction", "inbound").containsEntry("ApiVersion", "2010-04-01")
                    .containsEntry("FromCity", "SPRINGFIELD").containsKeys("AccountSid", "To", "Called");
            assertThat(server.upgrades).containsExactly("valid");

            RealTimeWait.until(() -> call.inbound().size() >= 2, "start at the server");
            InboundMessage.Start start = (InboundMessage.Start) call.inbound().get(1);
            assertThat(start.callSid()).isEqualTo(CALL);
            assertThat(start.streamSid()).isEqualTo(sim.streamSid());
            assertThat(start.customParameters()).containsExactlyEntriesOf(twimlParameters);

            call.player().play("hello");
            CallRecording r = sim.awaitMarkEchoed("utterance-1", Duration.ofSeconds(10));
            assertThat(r.heardAudio()).isEqualTo(hello);
        }
    }

    @Test
    void aWronglySignedOrUnsignedWebhookIsRefusedWith403() {
        assertThatThrownBy(() -> CallSimulator.builder().webhook(server.webhookUri()).authToken("wrong").build()
                .connect()).isInstanceOf(IOException.class).hasMessageContaining("answered HTTP 403");
        assertThatThrownBy(() -> CallSimulator.builder().webhook(server.webhookUri()).build().connect())
                .isInstanceOf(IOException.class).hasMessageContaining("answered HTTP 403");
        assertThat(server.webhooks).extracting(VoiceServer.Webhook::valid).containsExactly(false, false);
        assertThat(server.webhooks.get(1).signature()).isNull();
        assertThat(server.upgrades).isEmpty();
    }

    @Test
    void aWronglySignedUpgradeIsRefusedWith403() {
        assertThatThrownBy(() -> CallSimulator.builder().streamUrl(server.mediaUri()).authToken("wrong").build()
                .connect()).isInstanceOf(IOException.class)
                .hasMessageContaining("WebSocket upgrade to " + server.mediaUri() + " refused: HTTP 403");
        assertThatThrownBy(() -> CallSimulator.builder().streamUrl(server.mediaUri()).build().connect())
                .hasMessageContaining("refused: HTTP 403");
        assertThat(server.upgrades).containsExactly("invalid", "missing");
    }

    /** The TwiML names the public host; the test connects elsewhere; the upgrade is signed over the public URL. */
    @Test
    void theUpgradeIsSignedOverTheStreamUrlAsWrittenWhereverItConnects() throws Exception {
        String publicStream = "wss://voice.example.org/media";
        try (VoiceServer open = new VoiceServer(engine, PlaybackClock.system(), null, Map.of());
             CallSimulator sim = CallSimulator.builder().streamUrl(java.net.URI.create(publicStream))
                     .connectTo(open.mediaUri()).authToken(TOKEN).build()) {
            sim.start();
            open.nextPlayerCall();
            assertThat(open.upgradeSignatures).containsExactly(VoiceServer.hmacSha1Base64(TOKEN, publicStream));
        }
    }

    /** Behind a proxy: the test reaches the server at one address, Twilio signs the public one. */
    @Test
    void theSignatureCoversThePublicUrlsWhenTheServerIsReachedElsewhere() throws Exception {
        String publicUrl = "https://voice.example.org/voice";
        CallSimulator sim = CallSimulator.builder().webhook(server.webhookUri()).publicWebhookUrl(publicUrl)
                .authToken(TOKEN).build();
        assertThatThrownBy(sim::connect).hasMessageContaining("answered HTTP 403");
        String header = server.webhooks.getFirst().signature();
        Map<String, String> form = server.webhooks.getFirst().form();
        StringBuilder data = new StringBuilder(publicUrl);
        form.keySet().stream().sorted().forEach(k -> data.append(k).append(form.get(k)));
        assertThat(header).as("signed over the public URL").isEqualTo(VoiceServer.hmacSha1Base64(TOKEN, data.toString()));
    }
}
