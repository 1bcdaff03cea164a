package io.github.voxbridge.twilio.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The media stream's WebSocket at the byte level, against the real server: the upgrade (RFC 6455 section 4.2),
 * frames a well-behaved client may send (fragments, pings between them), the close handshake either way, and every
 * kind of broken frame, each closing its own connection with the code RFC 6455 section 7.4.1 gives.
 */
class MediaSocketConnectionTest {

    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ToneEngine engine = new ToneEngine();
    private MediaStreamServer server;

    @BeforeEach
    void start() {
        server = MediaStreamServer.builder(engine, () -> new CallHandler() {
            @Override
            public void onStart(Call call) {
                if (call.customParameters().containsKey("hangup")) {
                    call.hangUp();
                } else {
                    call.say("200 ms");
                }
            }
        }).host("127.0.0.1").port(0).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int port() {
        return server.port();
    }

    @Test
    void theUpgradeAnswersWithRfc6455sAcceptValueAndNegotiatesNoExtension() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(port(), 0, RawWebSocket.upgradeRequest(port(), "13",
                RawWebSocket.SAMPLE_KEY, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                        + "Sec-WebSocket-Protocol: chat\r\n"))) {
            assertThat(ws.response).startsWith("HTTP/1.1 101 ");
            assertThat(ws.response.toLowerCase(java.util.Locale.ROOT))
                    .contains("\r\nupgrade: websocket\r\n", "\r\nconnection: upgrade\r\n")
                    .doesNotContain("sec-websocket-extensions", "sec-websocket-protocol");
            // RFC 6455 section 1.3: the sample key's accept value.
            assertThat(ws.response).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
        }
    }

    @Test
    void requestsThatAreNotVersion13UpgradesAreRefusedSayingWhy() throws Exception {
        String plainGet = "GET /twilio/media HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
        assertRefused(plainGet, "400", "no &quot;Upgrade: websocket&quot; header");
        assertRefused(plainGet.replace("GET", "POST"), "400", "a POST request, not GET");
        assertRefused(RawWebSocket.upgradeRequest(port(), "8", RawWebSocket.SAMPLE_KEY, "Connection: close\r\n")
                .replace("Connection: Upgrade\r\n", "Connection: Upgrade, close\r\n"), "426",
                "version 8 in Sec-WebSocket-Version, not 13");
        assertRefused(RawWebSocket.upgradeRequest(port(), "13", RawWebSocket.key("too short"), ""), "400",
                "is not 16 bytes in base64");
        // The 426 names the version this server speaks (RFC 6455 section 4.4).
        try (RawWebSocket ws = new RawWebSocket(port(), 0,
                RawWebSocket.upgradeRequest(port(), "8", RawWebSocket.SAMPLE_KEY, ""))) {
            assertThat(ws.response).contains("Sec-WebSocket-Version: 13\r\n");
        }
        assertThat(server.activeCalls()).isZero();
    }

    private void assertRefused(String request, String status, String why) throws Exception {
        try (RawWebSocket ws = new RawWebSocket(port(), 0, request)) {
            assertThat(ws.response).startsWith("HTTP/1.1 " + status + " ");
            assertThat(ws.body(4096)).contains(why);
        }
    }

    @Test
    void aFragmentedStartWithAPingBetweenItsFragmentsStartsTheCallAndThePingIsAnswered() throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgraded(port(), 0)) {
            ws.sendText(CODEC.write(new InboundMessage.Connected("Call", "1.0.0")));
            byte[] start = RawTwilioClient.startMessage(1, Map.of()).getBytes(StandardCharsets.UTF_8);
            int third = start.length / 3;
            byte[] ping = "are you there?".getBytes(StandardCharsets.UTF_8);
            ws.send(new ClientFrames()
                    .frame(false, 0, ClientFrameParser.OP_TEXT, java.util.Arrays.copyOfRange(start, 0, third),
                            RawWebSocket.MASK)
                    .frame(true, 0, ClientFrameParser.OP_PING, ping, RawWebSocket.MASK)
                    .frame(false, 0, ClientFrameParser.OP_CONTINUATION,
                            java.util.Arrays.copyOfRange(start, third, 2 * third), RawWebSocket.MASK)
                    .frame(true, 0, ClientFrameParser.OP_CONTINUATION,
                            java.util.Arrays.copyOfRange(start, 2 * third, start.length), RawWebSocket.MASK));
            RawWebSocket.Frame pong = ws.read();
            assertThat(pong.opcode()).isEqualTo(ClientFrameParser.OP_PONG);
            assertThat(pong.payload()).isEqualTo(ping);
            // The handler's 200 ms greeting: ten media messages for the start's stream, then its mark.
            int media = 0;
            while (true) {
                RawWebSocket.Frame f = ws.read();
                assertThat(f.opcode()).isEqualTo(ClientFrameParser.OP_TEXT);
                OutboundMessage m = CODEC.parseOutbound(f.text());
                assertThat(m.streamSid()).isEqualTo(RawTwilioClient.STREAM_SID);
                if (m instanceof OutboundMessage.Media) {
                    media++;
                } else {
                    assertThat(m).isInstanceOf(OutboundMessage.Mark.class);
                    break;
                }
            }
            assertThat(media).isEqualTo(10);
        }
    }

    @Test
    void aClientsCloseIsEchoedWithItsCodeAndTheServerClosesTheConnection() throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgraded(port(), 0)) {
            ws.sendText(CODEC.write(new InboundMessage.Connected("Call", "1.0.0")));
            RawTwilioClient.await(() -> server.activeCalls() == 1, WAIT, "the call to open");
            ws.send(new ClientFrames().close(1001, "going away", RawWebSocket.MASK));
            RawWebSocket.Frame close = ws.readUntil(ClientFrameParser.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(ws.closedByServerWithin(2_000)).isTrue();
            RawTwilioClient.await(() -> server.activeCalls() == 0, WAIT, "the call to end");
        }
    }

    @Test
    void aHangUpSendsCloseAndTheConnectionEndsWhenTheClientAnswers() throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgraded(port(), 0)) {
            ws.sendText(CODEC.write(new InboundMessage.Connected("Call", "1.0.0")));
            ws.sendText(RawTwilioClient.startMessage(1, Map.of("hangup", "yes")));
            RawWebSocket.Frame close = ws.readUntil(ClientFrameParser.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(close.closeReason()).isEqualTo("hang up");
            long answered = System.nanoTime();
            ws.send(new ClientFrames().close(1000, "", RawWebSocket.MASK));
            // Well before the 2 s the server waits for an answer that does not come.
            assertThat(ws.closedByServerWithin(1_500)).isTrue();
            assertThat((System.nanoTime() - answered) / 1e6).isLessThan(1_500);
        }
    }

    @Test
    void aSilentClientIsClosedWith1001AfterTheIdleTimeoutAndItsCallEndsTimedOut() throws Exception {
        server.close();
        server = MediaStreamServer.builder(engine, () -> new CallHandler() { })
                .host("127.0.0.1").port(0).idleTimeout(Duration.ofMillis(400)).start();
        try (RawWebSocket ws = RawWebSocket.upgraded(port(), 0)) {
            ws.sendText(CODEC.write(new InboundMessage.Connected("Call", "1.0.0")));
            long sent = System.nanoTime();
            RawWebSocket.Frame close = ws.readUntil(ClientFrameParser.OP_CLOSE);
            double silentMillis = (System.nanoTime() - sent) / 1e6;
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(close.closeReason()).isEqualTo("no traffic on the media stream for 400 ms");
            assertThat(silentMillis).isBetween(300.0, 3_000.0);
            assertThat(ws.closedByServerWithin(1_000)).isTrue();
            RawTwilioClient.await(() -> {
                var c = server.meterRegistry().find("voxbridge.calls").tag("outcome", "timed_out").counter();
                return c != null && c.count() == 1;
            }, WAIT, "the call to end timed out");
        }
    }

    @Test
    void brokenFramesCloseTheirOwnConnectionWithTheCodeTheRfcGives() throws Exception {
        assertClosedWith(new ClientFrames().frame(true, 0, ClientFrameParser.OP_TEXT,
                "{}".getBytes(StandardCharsets.US_ASCII), null), 1002, "an unmasked frame");
        assertClosedWith(new ClientFrames().frame(true, 2, ClientFrameParser.OP_TEXT,
                "{}".getBytes(StandardCharsets.US_ASCII), RawWebSocket.MASK), 1002, "RSV bits set");
        assertClosedWith(new ClientFrames().frame(true, 0, ClientFrameParser.OP_TEXT,
                new byte[] {'{', (byte) 0xC3, 0x28, '}'}, RawWebSocket.MASK), 1007, "not valid UTF-8");
        assertClosedWith(new ClientFrames().frame(true, 0, ClientFrameParser.OP_CONTINUATION,
                "x".getBytes(StandardCharsets.US_ASCII), RawWebSocket.MASK), 1002, "no message started");
        RawTwilioClient.await(() -> counted("websocket") == 4, WAIT, "four websocket protocol errors counted");
    }

    private void assertClosedWith(ClientFrames broken, int code, String reasonPart) throws Exception {
        try (RawWebSocket ws = RawWebSocket.upgraded(port(), 0)) {
            ws.sendText(CODEC.write(new InboundMessage.Connected("Call", "1.0.0")));
            ws.send(broken);
            RawWebSocket.Frame close = ws.readUntil(ClientFrameParser.OP_CLOSE);
            assertThat(close.closeCode()).as(close.closeReason()).isEqualTo(code);
            assertThat(close.closeReason()).contains(reasonPart);
            // The server does not wait for the client's answer to a protocol error.
            assertThat(ws.closedByServerWithin(1_000)).isTrue();
        }
    }

    private double counted(String kind) {
        var c = server.meterRegistry().find("voxbridge.protocol.errors").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }
}
