package io.github.voxbridge.twilio.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes to a {@code String}, refusing malformed input (a WebSocket text message must be valid UTF-8, RFC 6455
 * section 8.1) instead of replacing it. Twilio's messages are ASCII: those take the fast path, one pass to check and
 * one copy.
 */
final class Utf8Text {

    private Utf8Text() {
    }

    /** The text, or {@code null} if the bytes are not valid UTF-8. */
    static String decode(byte[] utf8, int offset, int length) {
        int end = offset + length;
        int ascii = 0;
        for (int i = offset; i < end; i++) {
            ascii |= utf8[i];
        }
        if (ascii >= 0) {
            return new String(utf8, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
