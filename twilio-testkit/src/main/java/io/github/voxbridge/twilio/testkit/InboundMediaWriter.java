package io.github.voxbridge.twilio.testkit;

import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.util.Base64;

/**
 * Writes the caller's {@code media} messages of one call into one reused buffer, 20 ms after 20 ms without garbage
 * from this code: the same JSON as {@link TwilioCodec#write} of an
 * {@link io.github.voxbridge.twilio.protocol.InboundMessage.Media} with track {@code inbound}, character for
 * character. {@link #write} returns the buffer itself: valid until the next call, so the caller sends it and waits
 * for the send to complete before writing again. Not thread-safe.
 */
final class InboundMediaWriter {

    /** Base64 of a 160-byte payload: 4 characters per 3 bytes, padded (RFC 4648 section 4). */
    private static final int BASE64_CHARS = 4 * ((CallSimulator.FRAME_BYTES + 2) / 3);

    private final StringBuilder json = new StringBuilder(128 + BASE64_CHARS);
    private final byte[] base64 = new byte[BASE64_CHARS];
    private final Base64.Encoder encoder = Base64.getEncoder();
    /** The streamSid as a JSON string, quotes and escapes included, exactly as the codec writes it. */
    private final String quotedSid;

    InboundMediaWriter(TwilioCodec codec, String streamSid) {
        // {"event":"clear","streamSid":<quoted>}: the codec's own escaping of the sid, taken once.
        String clear = codec.write(new OutboundMessage.Clear(streamSid));
        String key = "\"streamSid\":";
        this.quotedSid = clear.substring(clear.indexOf(key) + key.length(), clear.length() - 1);
    }

    /**
     * One media message.
     *
     * @param payload exactly {@value CallSimulator#FRAME_BYTES} bytes of mu-law
     * @return the JSON text, in this writer's buffer
     */
    CharSequence write(long sequenceNumber, long chunk, long timestampMillis, byte[] payload) {
        if (payload.length != CallSimulator.FRAME_BYTES) {
            throw new IllegalArgumentException("a caller frame is " + CallSimulator.FRAME_BYTES + " bytes, got "
                    + payload.length);
        }
        int n = encoder.encode(payload, base64);
        json.setLength(0);
        json.append("{\"event\":\"media\",\"sequenceNumber\":\"").append(sequenceNumber)
                .append("\",\"streamSid\":").append(quotedSid)
                .append(",\"media\":{\"track\":\"inbound\",\"chunk\":\"").append(chunk)
                .append("\",\"timestamp\":\"").append(timestampMillis)
                .append("\",\"payload\":\"");
        for (int i = 0; i < n; i++) {
            json.append((char) base64[i]);
        }
        return json.append("\"}}");
    }
}
