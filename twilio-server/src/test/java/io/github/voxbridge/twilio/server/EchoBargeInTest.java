package io.github.voxbridge.twilio.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallHandler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The line's echo of our own playback must not interrupt it, and the server is what tells the detector what it
 * played (CallSession's PlaybackEcho). A caller that sends back each frame it receives, attenuated: a 2 s greeting
 * at -3 dBFS (the tone engine's loud tone) returned 27 dB down reads -30 dBFS, above the detector's start threshold
 * (-34 dBFS), so only the guard (the greeting's loudest block minus 24 dB: -27 dBFS) keeps it from barging in; 18 dB
 * down (-21 dBFS) is a stronger echo than the guard is set for, and does interrupt: the control, which shows that
 * the echo reaches the detector at all.
 */
class EchoBargeInTest {

    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private MediaStreamServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "echo {0} dB down: barge-in {1}")
    @CsvSource({"27, false", "18, true"})
    void theEchoOfOurGreetingInterruptsItOnlyWhenStrongerThanTheGuardAssumes(double lossDb, boolean bargeIn)
            throws Exception {
        server = MediaStreamServer.builder(new ToneEngine(), () -> new CallHandler() {
            @Override
            public void onStart(Call call) {
                call.say("2000 ms loud");
            }
        }).host("127.0.0.1").port(0).start();
        double gain = Math.pow(10, -lossDb / 20);
        try (RawTwilioClient client = new RawTwilioClient(server.port())) {
            client.start(Map.of());
            long sequence = 2;
            int next = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean done = false;
            while (!done && System.nanoTime() - deadline < 0) {
                if (next >= client.received.size()) {
                    Thread.sleep(2);
                    continue;
                }
                OutboundMessage m = CODEC.parseOutbound(client.received.get(next++));
                switch (m) {
                    case OutboundMessage.Media media -> {
                        // The echo of this frame, as the line returns it: decoded, attenuated, encoded again.
                        short[] pcm = new short[media.payload().length];
                        MuLaw.decode(media.payload(), 0, pcm, 0, pcm.length);
                        for (int i = 0; i < pcm.length; i++) {
                            pcm[i] = (short) Math.round(pcm[i] * gain);
                        }
                        byte[] echo = new byte[pcm.length];
                        MuLaw.encode(pcm, 0, echo, 0, pcm.length);
                        sequence++;
                        client.send(CODEC.write(new InboundMessage.Media(sequence, RawTwilioClient.STREAM_SID,
                                "inbound", sequence - 2, (sequence - 3) * 20, echo)));
                    }
                    case OutboundMessage.Mark mark -> done = true;   // played to the end
                    case OutboundMessage.Clear clear -> done = true; // interrupted
                }
            }
            assertThat(done).as("the greeting ended, one way or the other, within %s", WAIT).isTrue();
            // The echoes of the last frames may still be on their way to the detector: give them time to count.
            Thread.sleep(300);
            double bargeIns = server.meterRegistry().get("voxbridge.barge.ins").counter().count();
            assertThat(bargeIns).as("barge-ins with the echo %s dB down", lossDb).isEqualTo(bargeIn ? 1.0 : 0.0);
            assertThat(client.received.stream().anyMatch(json -> json.startsWith("{\"event\":\"clear\"")))
                    .as("clear sent with the echo %s dB down", lossDb).isEqualTo(bargeIn);
        }
    }
}
