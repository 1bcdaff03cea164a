package io.github.voxbridge.twilio.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the frames a WebSocket client sends (RFC 6455 section 5), arriving in pieces of any size, and hands on whole
 * messages. Stateful and streaming, as a Netty decoder: a header or payload split across reads is carried to the
 * next {@link #parse} call; nothing is handed on before it is complete.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               | Masking-key (client frames)   |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 * (RFC 6455 figure 1; lengths in network byte order.)
 *
 * <p>What it refuses, with a {@link WebSocketFailure} naming the close code RFC 6455 section 7.4.1 gives: a set RSV
 * bit (no extension is negotiated), an unmasked frame (section 5.1: a client masks every frame), an unknown opcode,
 * a control frame longer than 125 bytes or fragmented (section 5.5), a continuation with no message started or a
 * new message inside a fragmented one (section 5.4), a close frame of one byte or with a code a peer may not send
 * (section 7.4), a 64-bit length with its top bit set: 1002; a message longer than the limit: 1009, as soon as its
 * header says so, before any of it is buffered. Text is handed on as bytes; the caller checks the UTF-8.
 *
 * <p>Allocation: the message buffer grows (doubling, up to the limit) only for a message longer than any before it,
 * and is then reused; a call's media messages, all about 400 bytes, allocate nothing here.
 */
final class ClientFrameParser {

    /** What the parser hands on. Each method runs on the thread that called {@link #parse}. */
    interface Sink {
        /**
         * A whole text message, not yet checked for UTF-8.
         *
         * @param utf8 the parser's buffer: valid only during this call
         */
        void text(byte[] utf8, int length) throws WebSocketFailure;

        /** A whole binary message of {@code length} bytes (its content is not kept: Media Streams is text only). */
        void binary(long length) throws WebSocketFailure;

        /** A ping; its payload (at most 125 bytes) is valid only during this call. */
        void ping(byte[] payload, int length) throws WebSocketFailure;

        /** A close frame: the code (1005 when it had none, RFC 6455 section 7.1.5) and reason. */
        void closeFrame(int code, String reason) throws WebSocketFailure;
    }

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    /** RFC 6455 section 7.4.1. */
    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_PROTOCOL_ERROR = 1002;
    static final int CLOSE_NO_STATUS = 1005;
    static final int CLOSE_ABNORMAL = 1006;
    static final int CLOSE_BAD_PAYLOAD = 1007;
    static final int CLOSE_TOO_LARGE = 1009;
    static final int CLOSE_SERVER_ERROR = 1011;

    /** Section 5.5: a control frame's payload is at most 125 bytes. */
    static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int FIRST_MESSAGE_CAPACITY = 1024;

    private final long maxMessageBytes;

    /** Header bytes of the frame being read (2 to 14 of them). */
    private final byte[] header = new byte[14];
    private int headerRead;
    /** Payload bytes of the current frame not read yet; -1 while its header is incomplete. */
    private long payloadLeft = -1;
    private int opcode;
    private boolean fin;
    private final byte[] mask = new byte[4];
    private int maskIndex;

    /** The data message being assembled: its opcode (0 when none), its bytes so far. */
    private int messageOpcode;
    private long messageLength;
    private byte[] message = new byte[FIRST_MESSAGE_CAPACITY];
    private final byte[] control = new byte[MAX_CONTROL_PAYLOAD];
    private int controlLength;

    /**
     * @param maxMessageBytes the longest message taken, in bytes (text or binary, all its fragments together)
     */
    ClientFrameParser(long maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1, was " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Reads everything {@code in} holds (position to limit), handing each completed message to {@code sink}.
     *
     * @throws WebSocketFailure at the first violation: the parser is then unusable, the connection must close
     */
    void parse(ByteBuffer in, Sink sink) throws WebSocketFailure {
        while (in.hasRemaining()) {
            if (payloadLeft < 0) {
                if (!readHeader(in)) {
                    return;
                }
                if (payloadLeft > 0) {
                    continue;
                }
            } else {
                readPayload(in);
            }
            if (payloadLeft == 0) {
                frameDone(sink);
            }
        }
    }

    /** Reads header bytes; true once the header is complete (then {@link #payloadLeft} is set). */
    private boolean readHeader(ByteBuffer in) throws WebSocketFailure {
        while (headerRead < 2 && in.hasRemaining()) {
            header[headerRead++] = in.get();
        }
        if (headerRead < 2) {
            return false;
        }
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        int len7 = b1 & 0x7F;
        int needed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
        if (headerRead == 2) {
            checkFirstTwoBytes(b0, b1, len7);
        }
        while (headerRead < needed && in.hasRemaining()) {
            header[headerRead++] = in.get();
        }
        if (headerRead < needed) {
            return false;
        }
        long length;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "a 64-bit payload length with its top bit set");
            }
        } else {
            length = len7;
        }
        System.arraycopy(header, needed - 4, mask, 0, 4);
        maskIndex = 0;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        headerRead = 0;
        startFrame(length);
        payloadLeft = length;
        return true;
    }

    private void checkFirstTwoBytes(int b0, int b1, int len7) throws WebSocketFailure {
        if ((b0 & 0x70) != 0) {
            throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "a frame with RSV bits set (0x"
                    + Integer.toHexString(b0 & 0x70) + ") though no extension was negotiated");
        }
        if ((b1 & 0x80) == 0) {
            throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "an unmasked frame from the client"
                    + " (RFC 6455 section 5.1: clients mask every frame)");
        }
        int op = b0 & 0x0F;
        boolean isFin = (b0 & 0x80) != 0;
        switch (op) {
            case OP_CONTINUATION, OP_TEXT, OP_BINARY -> { }
            case OP_CLOSE, OP_PING, OP_PONG -> {
                if (!isFin) {
                    throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "a fragmented control frame (opcode 0x"
                            + Integer.toHexString(op) + ")");
                }
                if (len7 > MAX_CONTROL_PAYLOAD) {
                    throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "a control frame (opcode 0x"
                            + Integer.toHexString(op) + ") longer than 125 bytes");
                }
            }
            default -> throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "an unknown opcode 0x"
                    + Integer.toHexString(op));
        }
    }

    /** Checks the frame against the message in progress and makes room for its payload. */
    private void startFrame(long length) throws WebSocketFailure {
        switch (opcode) {
            case OP_TEXT, OP_BINARY -> {
                if (messageOpcode != 0) {
                    throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "a new " + name(opcode)
                            + " message inside a fragmented " + name(messageOpcode) + " message");
                }
                messageOpcode = opcode;
                messageLength = 0;
                reserve(length);
            }
            case OP_CONTINUATION -> {
                if (messageOpcode == 0) {
                    throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "a continuation frame with no message"
                            + " started");
                }
                reserve(length);
            }
            default -> controlLength = 0;
        }
    }

    private void reserve(long frameLength) throws WebSocketFailure {
        long total = messageLength + frameLength;
        if (total > maxMessageBytes) {
            throw new WebSocketFailure(CLOSE_TOO_LARGE, "a " + name(messageOpcode) + " message of at least "
                    + total + " bytes, more than the " + maxMessageBytes + " allowed");
        }
        if (messageOpcode == OP_TEXT && total > message.length) {
            message = Arrays.copyOf(message, (int) Math.min(maxMessageBytes, Math.max(total, 2L * message.length)));
        }
    }

    private void readPayload(ByteBuffer in) {
        int n = (int) Math.min(payloadLeft, in.remaining());
        switch (opcode) {
            case OP_CLOSE, OP_PING, OP_PONG -> {
                unmask(in, control, controlLength, n);
                controlLength += n;
            }
            default -> {
                if (messageOpcode == OP_TEXT) {
                    unmask(in, message, (int) messageLength, n);
                } else {
                    in.position(in.position() + n);
                    maskIndex = (maskIndex + n) & 3;
                }
                messageLength += n;
            }
        }
        payloadLeft -= n;
    }

    private void unmask(ByteBuffer in, byte[] to, int at, int n) {
        int p = in.position();
        int k = maskIndex;
        if (in.hasArray()) {
            byte[] a = in.array();
            int base = in.arrayOffset() + p;
            for (int i = 0; i < n; i++) {
                to[at + i] = (byte) (a[base + i] ^ mask[(k + i) & 3]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                to[at + i] = (byte) (in.get(p + i) ^ mask[(k + i) & 3]);
            }
        }
        in.position(p + n);
        maskIndex = (k + n) & 3;
    }

    private void frameDone(Sink sink) throws WebSocketFailure {
        payloadLeft = -1;
        switch (opcode) {
            case OP_CLOSE -> closeFrame(sink);
            case OP_PING -> sink.ping(control, controlLength);
            case OP_PONG -> { }
            default -> {
                if (fin) {
                    int op = messageOpcode;
                    long length = messageLength;
                    messageOpcode = 0;
                    messageLength = 0;
                    if (op == OP_TEXT) {
                        sink.text(message, (int) length);
                    } else {
                        sink.binary(length);
                    }
                }
            }
        }
    }

    private void closeFrame(Sink sink) throws WebSocketFailure {
        if (controlLength == 0) {
            sink.closeFrame(CLOSE_NO_STATUS, "");
            return;
        }
        if (controlLength == 1) {
            throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "a close frame with a one-byte payload");
        }
        int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
        if (!mayBeSent(code)) {
            throw new WebSocketFailure(CLOSE_PROTOCOL_ERROR, "a close frame with code " + code
                    + ", which a peer may not send");
        }
        String reason = Utf8Text.decode(control, 2, controlLength - 2);
        if (reason == null) {
            throw new WebSocketFailure(CLOSE_BAD_PAYLOAD, "a close frame whose reason is not valid UTF-8");
        }
        sink.closeFrame(code, reason);
    }

    /** RFC 6455 section 7.4.1 and the IANA registry: the codes a close frame may carry. */
    private static boolean mayBeSent(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private static String name(int op) {
        return op == OP_TEXT ? "text" : op == OP_BINARY ? "binary" : "opcode 0x" + Integer.toHexString(op);
    }
}
