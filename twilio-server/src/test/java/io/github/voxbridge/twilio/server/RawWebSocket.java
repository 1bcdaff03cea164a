package io.github.voxbridge.twilio.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket that writes exactly the bytes a test gives it (well-formed frames through
 * {@link ClientFrames}, or broken ones) and reads the server's frames one by one: what the JDK's client cannot do
 * (it neither sends a broken frame nor stops reading for real). With a small receive buffer and no reads it plays a
 * stuck client.
 */
final class RawWebSocket implements AutoCloseable {

    /** RFC 6455 section 1.3's sample key; its accept value is {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}. */
    static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final byte[] MASK = {0x3C, (byte) 0xA5, 0x5A, (byte) 0xC3};

    /** A frame from the server. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's code, or -1. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        String closeReason() {
            return new String(payload, 2, Math.max(0, payload.length - 2), StandardCharsets.UTF_8);
        }
    }

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;
    /** The server's answer to the upgrade: status line and headers. */
    final String response;

    /** Connects and sends an upgrade request with the given extra header lines (each ending in CRLF). */
    RawWebSocket(int port, int receiveBufferBytes, String requestLineAndHeaders) throws IOException {
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        out.write((requestLineAndHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        response = head.toString();
    }

    /** A well-formed upgrade of {@code /twilio/media}; fails unless the server answers 101. */
    static RawWebSocket upgraded(int port, int receiveBufferBytes) throws IOException {
        RawWebSocket ws = new RawWebSocket(port, receiveBufferBytes, upgradeRequest(port, "13", SAMPLE_KEY, ""));
        if (!ws.response.startsWith("HTTP/1.1 101")) {
            ws.close();
            throw new IOException("handshake refused: " + ws.response);
        }
        return ws;
    }

    static String upgradeRequest(int port, String version, String key, String moreHeaders) {
        return "GET /twilio/media HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: " + version
                + "\r\n" + moreHeaders;
    }

    static String key(String sixteenBytes) {
        return Base64.getEncoder().encodeToString(sixteenBytes.getBytes(StandardCharsets.US_ASCII));
    }

    void send(ClientFrames frames) throws IOException {
        out.write(frames.toByteArray());
        out.flush();
    }

    void sendText(String text) throws IOException {
        send(new ClientFrames().text(text, MASK));
    }

    /** The server's next frame (unmasked, as servers send them). */
    Frame read() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("the server closed inside a frame");
        }
        return new Frame(b0 & 0x0F, payload);
    }

    /** Skips text frames until a frame of {@code opcode} arrives. */
    Frame readUntil(int opcode) throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() == opcode) {
                return f;
            }
        }
    }

    /** Whether the server closes the TCP connection within {@code millis} (reading and dropping what comes). */
    boolean closedByServerWithin(long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        try {
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // drop
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset is a close too.
            return true;
        } finally {
            socket.setSoTimeout(5_000);
        }
    }

    /** The response body after the headers, up to {@code max} bytes, until the server closes or stops. */
    String body(int max) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            int b;
            while (bytes.size() < max && (b = in.read()) >= 0) {
                bytes.write(b);
            }
        } catch (SocketTimeoutException e) {
            // keep-alive: the body is what came
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
