package io.github.voxbridge.twilio.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes frames as a WebSocket client does (RFC 6455 section 5.2, masked per section 5.3), independently of
 * {@link ClientFrameParser}: for its tests and for raw-socket tests of the server.
 */
final class ClientFrames {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Appends one frame: FIN, opcode, the payload masked with {@code mask} (4 bytes), or unmasked if null. */
    ClientFrames frame(boolean fin, int rsv, int opcode, byte[] payload, byte[] mask) {
        bytes.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = mask == null ? 0 : 0x80;
        long n = payload.length;
        if (n < 126) {
            bytes.write(maskBit | (int) n);
        } else if (n < 65_536) {
            bytes.write(maskBit | 126);
            bytes.write((int) (n >> 8));
            bytes.write((int) n);
        } else {
            bytes.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes.write((int) (n >> shift));
            }
        }
        if (mask != null) {
            bytes.write(mask, 0, 4);
            for (int i = 0; i < payload.length; i++) {
                bytes.write(payload[i] ^ mask[i & 3]);
            }
        } else {
            bytes.write(payload, 0, payload.length);
        }
        return this;
    }

    ClientFrames text(String text, byte[] mask) {
        return frame(true, 0, ClientFrameParser.OP_TEXT, text.getBytes(StandardCharsets.UTF_8), mask);
    }

    ClientFrames close(int code, String reason, byte[] mask) {
        byte[] why = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + why.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(why, 0, payload, 2, why.length);
        return frame(true, 0, ClientFrameParser.OP_CLOSE, payload, mask);
    }

    /** Raw bytes, for headers no well-behaved client writes. */
    ClientFrames raw(int... values) {
        for (int v : values) {
            bytes.write(v);
        }
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
