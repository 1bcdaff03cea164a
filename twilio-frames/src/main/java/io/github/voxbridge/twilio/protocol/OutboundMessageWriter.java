package io.github.voxbridge.twilio.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Writes the messages a server sends on one Twilio stream, the per-frame {@code media} message without garbage.
 *
 * <p>Layout of a media message, all ASCII (one byte per character):
 * <pre>
 *   offset 0                                                     prefixLength        prefixLength + b64
 *   | {"event":"media","streamSid":"MZ…","media":{"payload":"   | base64 of payload | "}} |
 *     the prefix: built once, stream SID JSON-escaped            4 * ceil(n / 3)     suffix, 3 bytes
 * </pre>
 * The prefix is computed in the constructor; each call only base64-encodes the payload
 * ({@link java.util.Base64}, standard alphabet with padding, which the JDK compiles to vector code) and copies.
 * The result is the JSON {@link TwilioCodec#write} produces for the same {@link OutboundMessage.Media}: same
 * fields, same order, same escaping.
 *
 * <p>Three ways out, by what the transport takes:
 * <ul>
 *   <li>{@link #mediaMessage(byte[])}: a {@code String} (for text-frame WebSocket APIs). The {@code String} and its
 *       array are the only allocation (about 330 bytes for a 160-byte frame).</li>
 *   <li>{@link #writeMediaMessage(byte[], byte[], int)} and {@link #writeMediaMessage(byte[], ByteBuffer)}: the
 *       message's bytes (ASCII, hence also UTF-8) into the caller's buffer, allocating nothing. Send them as a
 *       <b>text</b> frame: Twilio drops binary frames.</li>
 * </ul>
 * Mark and clear messages are rare and returned as {@code String}s; {@link #clearMessage()} is built once.
 *
 * <p>Not thread-safe: the writer reuses internal buffers. Use one per stream (or per thread). Payload buffers are
 * only read, during the call. An empty payload is refused (real stacks sent empty payloads; they help nobody).
 */
public final class OutboundMessageWriter {

    /** The suffix closing the payload string, the media object and the message. */
    private static final byte[] MEDIA_SUFFIX = {'"', '}', '}'};

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    /** Payload size the buffers are first sized for: one 20 ms frame, 160 bytes. */
    private static final int INITIAL_PAYLOAD_BYTES = 160;

    private final String streamSid;
    private final byte[] mediaPrefix;
    private final String markPrefix;
    private final String clearMessage;

    /** The message being built; {@link #mediaPrefix} sits at offset 0 for good. */
    private byte[] message;
    /** Scratch for {@link Base64.Encoder#encode(byte[], byte[])}, which writes from index 0. */
    private byte[] encoded;

    /**
     * A writer for the stream {@code streamSid} (from {@link InboundMessage.Start#streamSid()}).
     *
     * @throws IllegalArgumentException if {@code streamSid} is empty: media sent before {@code start} has nowhere
     *                                  to go
     */
    public OutboundMessageWriter(String streamSid) {
        Objects.requireNonNull(streamSid, "streamSid");
        if (streamSid.isEmpty()) {
            throw new IllegalArgumentException("empty streamSid: wait for the start message");
        }
        this.streamSid = streamSid;
        String sid = AsciiJsonString.quote(streamSid);
        this.mediaPrefix = AsciiJsonString.asciiBytes(
                "{\"event\":\"media\",\"streamSid\":" + sid + ",\"media\":{\"payload\":\"");
        this.markPrefix = "{\"event\":\"mark\",\"streamSid\":" + sid + ",\"mark\":{\"name\":";
        this.clearMessage = "{\"event\":\"clear\",\"streamSid\":" + sid + "}";
        this.message = new byte[mediaMessageLength(INITIAL_PAYLOAD_BYTES)];
        System.arraycopy(mediaPrefix, 0, message, 0, mediaPrefix.length);
        this.encoded = new byte[base64Length(INITIAL_PAYLOAD_BYTES)];
    }

    /** The stream this writer addresses. */
    public String streamSid() {
        return streamSid;
    }

    /** Length in bytes (and characters) of the media message for a payload of {@code payloadBytes} bytes. */
    public int mediaMessageLength(int payloadBytes) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadBytes);
        }
        long total = mediaPrefix.length + 4L * ((payloadBytes + 2L) / 3) + MEDIA_SUFFIX.length;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a payload of " + payloadBytes + " bytes makes a message larger"
                    + " than an array holds");
        }
        return mediaPrefix.length + base64Length(payloadBytes) + MEDIA_SUFFIX.length;
    }

    private static int base64Length(int bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    /**
     * The media message carrying the whole of {@code payload}.
     *
     * @param payload mu-law bytes at 8000 Hz, typically one 160-byte frame; read during the call only
     * @throws IllegalArgumentException if {@code payload} is empty
     */
    public String mediaMessage(byte[] payload) {
        int length = build(payload);
        return new String(message, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * The media message carrying {@code payload[offset .. offset + length)}.
     *
     * @throws IllegalArgumentException  if {@code length} is 0
     * @throws IndexOutOfBoundsException if the range is outside {@code payload}
     */
    public String mediaMessage(byte[] payload, int offset, int length) {
        int total = build(payload, offset, length);
        return new String(message, 0, total, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the media message for the whole of {@code payload} into {@code dst} at {@code dstOffset}.
     *
     * @return the number of bytes written, {@link #mediaMessageLength(int) mediaMessageLength(payload.length)}
     * @throws IndexOutOfBoundsException if {@code dst} has no room for it (nothing is written then)
     * @throws IllegalArgumentException  if {@code payload} is empty
     */
    public int writeMediaMessage(byte[] payload, byte[] dst, int dstOffset) {
        int total = mediaMessageLength(payload.length);
        Objects.checkFromIndexSize(dstOffset, total, dst.length);
        checkNotEmpty(payload.length);
        System.arraycopy(mediaPrefix, 0, dst, dstOffset, mediaPrefix.length);
        int at = dstOffset + mediaPrefix.length;
        at += encodeWhole(payload, dst, at);
        System.arraycopy(MEDIA_SUFFIX, 0, dst, at, MEDIA_SUFFIX.length);
        return total;
    }

    /**
     * Puts the media message for the whole of {@code payload} into {@code dst} at its position, which advances
     * by the message length.
     *
     * @throws java.nio.BufferOverflowException if fewer bytes remain than the message needs (nothing is written)
     * @throws IllegalArgumentException         if {@code payload} is empty
     */
    public void writeMediaMessage(byte[] payload, ByteBuffer dst) {
        int total = mediaMessageLength(payload.length);
        if (dst.remaining() < total) {
            throw new java.nio.BufferOverflowException();
        }
        int length = build(payload);
        dst.put(message, 0, length);
    }

    /**
     * The mark message asking Twilio to echo {@code name} when playback reaches it.
     */
    public String markMessage(String name) {
        Objects.requireNonNull(name, "name");
        StringBuilder b = new StringBuilder(markPrefix.length() + name.length() + 5).append(markPrefix);
        b.append('"');
        AsciiJsonString.appendEscaped(b, name);
        return b.append("\"}}").toString();
    }

    /** The clear message for this stream (built once). */
    public String clearMessage() {
        return clearMessage;
    }

    /** Builds the message for the whole of {@code payload} in {@link #message}; returns its length. */
    private int build(byte[] payload) {
        checkNotEmpty(payload.length);
        int total = ensureCapacity(payload.length);
        int at = mediaPrefix.length + encodeWhole(payload, message, mediaPrefix.length);
        System.arraycopy(MEDIA_SUFFIX, 0, message, at, MEDIA_SUFFIX.length);
        return total;
    }

    private int build(byte[] payload, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (offset == 0 && length == payload.length) {
            return build(payload);
        }
        checkNotEmpty(length);
        int total = ensureCapacity(length);
        int at = mediaPrefix.length + encodeRange(payload, offset, length, message, mediaPrefix.length);
        System.arraycopy(MEDIA_SUFFIX, 0, message, at, MEDIA_SUFFIX.length);
        return total;
    }

    /** Base64 of all of {@code src} into {@code dst} at {@code at}, via the JDK encoder; returns the length. */
    private int encodeWhole(byte[] src, byte[] dst, int at) {
        int n = base64Length(src.length);
        if (encoded.length < n) {
            encoded = new byte[n];
        }
        BASE64.encode(src, encoded);
        System.arraycopy(encoded, 0, dst, at, n);
        return n;
    }

    /**
     * Base64 of a range, straight into {@code dst}: RFC 4648 section 4, standard alphabet, '=' padding, the same
     * output as {@link Base64#getEncoder()} (which has no offset-taking array method).
     */
    static int encodeRange(byte[] src, int offset, int length, byte[] dst, int at) {
        int start = at;
        int end = offset + length;
        int i = offset;
        for (; i + 3 <= end; i += 3) {
            int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            dst[at++] = ALPHABET[bits >>> 18];
            dst[at++] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[at++] = ALPHABET[(bits >>> 6) & 0x3F];
            dst[at++] = ALPHABET[bits & 0x3F];
        }
        int left = end - i;
        if (left > 0) {
            int bits = (src[i] & 0xFF) << 16 | (left == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            dst[at++] = ALPHABET[bits >>> 18];
            dst[at++] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[at++] = left == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : (byte) '=';
            dst[at++] = '=';
        }
        return at - start;
    }

    private int ensureCapacity(int payloadBytes) {
        int total = mediaMessageLength(payloadBytes);
        if (message.length < total) {
            byte[] bigger = new byte[total];
            System.arraycopy(mediaPrefix, 0, bigger, 0, mediaPrefix.length);
            message = bigger;
        }
        return total;
    }

    private static void checkNotEmpty(int payloadBytes) {
        if (payloadBytes == 0) {
            throw new IllegalArgumentException("empty media payload: send nothing rather than an empty message");
        }
    }
}
