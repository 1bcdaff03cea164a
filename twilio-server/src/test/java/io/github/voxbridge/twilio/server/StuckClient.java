package io.github.voxbridge.twilio.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client that stops reading after the handshake, on a plain socket with a small receive buffer: what a
 * stuck or overloaded peer looks like to the server (the JDK's WebSocket client keeps reading into its own buffers
 * even when the application requests nothing, so it cannot play this part). Sends text frames, masked as RFC 6455
 * section 5.3 requires of clients (with an all-zero key, which leaves the payload as is).
 */
final class StuckClient implements AutoCloseable {

    private final Socket socket = new Socket();
    private final OutputStream out;

    StuckClient(int port) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("voxbridge-stuck!".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /twilio/media HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
    }

    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 65_535) {
            throw new IllegalArgumentException("frames over 64 KiB are not needed here, was " + payload.length);
        }
        byte[] header = payload.length < 126
                ? new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0}
                : new byte[] {(byte) 0x81, (byte) (0x80 | 126), (byte) (payload.length >> 8), (byte) payload.length,
                        0, 0, 0, 0};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
