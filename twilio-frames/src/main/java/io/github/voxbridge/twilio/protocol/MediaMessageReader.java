package io.github.voxbridge.twilio.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code media} message in place, from the UTF-8 bytes of its WebSocket frame, without garbage: the message
 * of every 20 ms of every call, Twilio's to the server ({@link #inbound()}) or the server's to Twilio
 * ({@link #outbound()}, for simulators). {@link TwilioCodec#parse} builds a JSON tree, a {@code String} per
 * field and a payload array for it: 3.2 KB per message with the decoding after it ({@code InboundBench}), which at
 * 1,000 calls was 130 to 155 MB/s of the server's allocation; reading in place, the server allocates 8 to 16 MB/s.
 *
 * <p>A fast path, not a second parser. {@link #read} takes a media message only when it can read it exactly as
 * {@code TwilioCodec.parse} would, and declines ({@code false}) anything else: another event, an unknown or repeated
 * field, a missing one, a backslash escape, a byte outside printable ASCII, a JSON number where Twilio writes a
 * string, a counter that does not fit a {@code long}, a payload that is empty or not padded base64. The caller then
 * gives the message to {@code TwilioCodec.parse}, which reads it or says exactly what is wrong (and logs an unknown
 * field once). So whatever this class accepts, {@code parse} returns as an equal {@link InboundMessage.Media}
 * ({@link #toInbound()}), and an {@link #outbound()} reader's message is {@code parseOutbound}'s
 * ({@link #toOutbound()}); {@code MediaMessageReaderTest} holds them to that over generated and mutated messages, and
 * a Jazzer target over any bytes.
 *
 * <p>What it accepts, then: one JSON object (whitespace between tokens as RFC 8259 allows it) with exactly the
 * fields {@code event} (= {@code "media"}), {@code sequenceNumber}, {@code streamSid} and {@code media}, in any order,
 * and {@code media} an object of exactly {@code track}, {@code chunk}, {@code timestamp} and {@code payload}; counters
 * as strings of 1 to 19 decimal digits; the payload standard base64 (RFC 4648 section 4) with its padding.
 *
 * <p>Not thread-safe: one reader per call, used by the thread that reads the call's socket. What it read stays
 * valid until the next {@link #read}; {@link #track()}, {@link #trackIs} and {@link #streamSid()} read the bytes given
 * to {@code read}, so they are to be called before the caller reuses those bytes.
 */
public final class MediaMessageReader {

    private static final int EVENT = 1;
    private static final int SEQUENCE_NUMBER = 1 << 1;
    private static final int STREAM_SID = 1 << 2;
    private static final int MEDIA = 1 << 3;
    private static final int TRACK = 1 << 4;
    private static final int CHUNK = 1 << 5;
    private static final int TIMESTAMP = 1 << 6;
    private static final int PAYLOAD = 1 << 7;
    private static final int ENVELOPE_FIELDS = EVENT | SEQUENCE_NUMBER | STREAM_SID | MEDIA;
    private static final int MEDIA_FIELDS = TRACK | CHUNK | TIMESTAMP | PAYLOAD;

    private static final byte[] EVENT_NAME = ascii("event");
    private static final byte[] SEQUENCE_NUMBER_NAME = ascii("sequenceNumber");
    private static final byte[] STREAM_SID_NAME = ascii("streamSid");
    private static final byte[] MEDIA_NAME = ascii("media");
    private static final byte[] TRACK_NAME = ascii("track");
    private static final byte[] CHUNK_NAME = ascii("chunk");
    private static final byte[] TIMESTAMP_NAME = ascii("timestamp");
    private static final byte[] PAYLOAD_NAME = ascii("payload");

    /** RFC 4648 table 1: the value of each base64 character, -1 for every other byte. */
    private static final byte[] BASE64 = new byte[128];

    static {
        java.util.Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = (byte) i;
        }
    }

    /** What {@link #read} returns past the end of a token it could not take: decline. */
    private static final int DECLINE = -1;

    private final int maxMessageBytes;
    /** The fields of this reader's direction: every one must be there, and no other. */
    private final int required;
    private final boolean inbound;

    private byte[] text;
    private int end;
    private int seen;
    private long sequenceNumber;
    private long chunk;
    private long timestamp;
    private int streamSidStart;
    private int streamSidLength;
    private int trackStart;
    private int trackLength;
    private int payloadStart;
    private int payloadChars;
    /** Where the last string literal read began (after its quote), and its length: see {@link #string}. */
    private int stringStart;
    private int stringLength;
    /** The decoded payload; grows to the longest seen (Twilio's 160 bytes after the first message). */
    private byte[] payload = new byte[160];
    private int payloadLength;
    private boolean valid;

    /**
     * A reader of Twilio's media messages, as {@link TwilioCodec#parse} reads them, declining messages longer than
     * {@link TwilioCodec#DEFAULT_MAX_MESSAGE_CHARS} as the codec refuses them.
     */
    public static MediaMessageReader inbound() {
        return inbound(TwilioCodec.DEFAULT_MAX_MESSAGE_CHARS);
    }

    /**
     * @param maxMessageChars the limit of the {@link TwilioCodec} that reads what this reader declines: longer
     *                        messages are declined, so that the codec reports them
     * @throws IllegalArgumentException if {@code maxMessageChars} is not positive
     */
    public static MediaMessageReader inbound(int maxMessageChars) {
        return new MediaMessageReader(maxMessageChars, true);
    }

    /**
     * A reader of the server's media messages ({@code {"event":"media","streamSid":…,"media":{"payload":…}}}), as
     * {@link TwilioCodec#parseOutbound} reads them: for a simulator of Twilio. Only {@link #streamSid()},
     * {@link #payload()} and {@link #payloadLength()} describe what it read.
     */
    public static MediaMessageReader outbound() {
        return outbound(TwilioCodec.DEFAULT_MAX_MESSAGE_CHARS);
    }

    /** {@link #outbound()} for a codec with another limit (see {@link #inbound(int)}). */
    public static MediaMessageReader outbound(int maxMessageChars) {
        return new MediaMessageReader(maxMessageChars, false);
    }

    private MediaMessageReader(int maxMessageChars, boolean inbound) {
        if (maxMessageChars <= 0) {
            throw new IllegalArgumentException("maxMessageChars must be positive, got " + maxMessageChars);
        }
        this.maxMessageBytes = maxMessageChars;
        this.inbound = inbound;
        this.required = inbound ? ENVELOPE_FIELDS | MEDIA_FIELDS : EVENT | STREAM_SID | MEDIA | PAYLOAD;
    }

    /**
     * Reads {@code utf8[offset, offset + length)} if it is a media message this reader takes (see the class
     * comment). On {@code true} the accessors below describe the message until the next call (the string ones
     * read {@code utf8}, which the reader refers to until then).
     *
     * @return {@code true} if read; {@code false} to leave the message to {@link TwilioCodec#parse} (or
     *         {@link TwilioCodec#parseOutbound}, for an outbound reader)
     * @throws IndexOutOfBoundsException if the range is not inside {@code utf8}
     */
    public boolean read(byte[] utf8, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, utf8.length);
        valid = false;
        if (length > maxMessageBytes) {
            return false;
        }
        text = utf8;
        end = offset + length;
        seen = 0;
        int at = object(whitespace(offset), 0);
        if (at == DECLINE || whitespace(utf8, at, end) != end || seen != required) {
            return false;
        }
        valid = decodePayload();
        return valid;
    }

    /** The message's {@code sequenceNumber} (inbound). */
    public long sequenceNumber() {
        checkInbound("sequenceNumber");
        return sequenceNumber;
    }

    /** {@code media.chunk}: 1 for the stream's first media message, then one more each (inbound). */
    public long chunk() {
        checkInbound("media.chunk");
        return chunk;
    }

    /** {@code media.timestamp}: milliseconds since the stream began (inbound). */
    public long timestamp() {
        checkInbound("media.timestamp");
        return timestamp;
    }

    /**
     * The decoded mu-law bytes, {@code [0, payloadLength())}; the array is the reader's own and is overwritten by
     * the next {@link #read}.
     */
    public byte[] payload() {
        check();
        return payload;
    }

    /** How many bytes of {@link #payload()} the message carried (= samples at 8 kHz). */
    public int payloadLength() {
        check();
        return payloadLength;
    }

    /**
     * Whether {@code media.track} is {@code track}, compared in the message's bytes without making a string
     * (inbound).
     */
    public boolean trackIs(String track) {
        checkInbound("media.track");
        return equalsAscii(text, trackStart, trackLength, track);
    }

    /** {@code media.track}, as a new string ({@link #trackIs} makes none) (inbound). */
    public String track() {
        checkInbound("media.track");
        return new String(text, trackStart, trackLength, StandardCharsets.US_ASCII);
    }

    /** Whether {@code streamSid} is {@code streamSid}, compared in the message's bytes without making a string. */
    public boolean streamSidIs(String streamSid) {
        check();
        return equalsAscii(text, streamSidStart, streamSidLength, streamSid);
    }

    /** {@code streamSid}, as a new string. */
    public String streamSid() {
        check();
        return new String(text, streamSidStart, streamSidLength, StandardCharsets.US_ASCII);
    }

    /** The message read, as {@link TwilioCodec#parse} returns it (allocates: for tests, logs and the slow path). */
    public InboundMessage.Media toInbound() {
        checkInbound("its fields");
        return new InboundMessage.Media(sequenceNumber, streamSid(), track(), chunk, timestamp,
                java.util.Arrays.copyOf(payload, payloadLength));
    }

    /** The message read, as {@link TwilioCodec#parseOutbound} returns it (allocates). */
    public OutboundMessage.Media toOutbound() {
        check();
        if (inbound) {
            throw new IllegalStateException("an inbound reader: its message is toInbound()");
        }
        return new OutboundMessage.Media(streamSid(), java.util.Arrays.copyOf(payload, payloadLength));
    }

    private void check() {
        if (!valid) {
            throw new IllegalStateException("no media message read: the last read() returned false, or none ran");
        }
    }

    private void checkInbound(String field) {
        check();
        if (!inbound) {
            throw new IllegalStateException("an outbound media message has no " + field);
        }
    }

    // ------------------------------------------------------------------------------------------------ scanning

    /**
     * An object's fields from {@code at} (its opening brace); {@code depth} 0 for the message, 1 for {@code media}.
     * Returns the index after its closing brace, or {@link #DECLINE}.
     */
    private int object(int at, int depth) {
        if (at >= end || text[at] != '{') {
            return DECLINE;
        }
        at = whitespace(at + 1);
        while (true) {
            at = string(at);
            if (at == DECLINE) {
                return DECLINE;
            }
            int field = depth == 0 ? envelopeField(stringStart, stringLength) : mediaField(stringStart, stringLength);
            if (field == 0 || (required & field) == 0 || (seen & field) != 0) {
                return DECLINE; // unknown or repeated: the codec logs (or ignores) the one and refuses the other
            }
            seen |= field;
            at = whitespace(at);
            if (at >= end || text[at] != ':') {
                return DECLINE;
            }
            at = value(whitespace(at + 1), field);
            if (at == DECLINE) {
                return DECLINE;
            }
            at = whitespace(at);
            if (at >= end) {
                return DECLINE;
            }
            if (text[at] == '}') {
                return at + 1;
            }
            if (text[at] != ',') {
                return DECLINE;
            }
            at = whitespace(at + 1);
        }
    }

    private int value(int at, int field) {
        if (field == MEDIA) {
            return object(at, 1);
        }
        at = string(at);
        if (at == DECLINE) {
            return DECLINE;
        }
        int start = stringStart;
        int length = stringLength;
        switch (field) {
            case EVENT -> {
                return equalsAscii(text, start, length, "media") ? at : DECLINE;
            }
            case STREAM_SID -> {
                streamSidStart = start;
                streamSidLength = length;
            }
            case TRACK -> {
                trackStart = start;
                trackLength = length;
            }
            case PAYLOAD -> {
                payloadStart = start;
                payloadChars = length;
            }
            default -> {
                long n = decimal(start, length);
                if (n < 0) {
                    return DECLINE;
                }
                if (field == SEQUENCE_NUMBER) {
                    sequenceNumber = n;
                } else if (field == CHUNK) {
                    chunk = n;
                } else {
                    timestamp = n;
                }
            }
        }
        return at;
    }

    /**
     * A string literal from {@code at} (its opening quote) of printable ASCII without escapes; sets
     * {@link #stringStart} and {@link #stringLength}. Returns the index after its closing quote, or {@link #DECLINE}.
     */
    private int string(int at) {
        if (at >= end || text[at] != '"') {
            return DECLINE;
        }
        int start = at + 1;
        for (int i = start; i < end; i++) {
            byte b = text[i];
            if (b == '"') {
                stringStart = start;
                stringLength = i - start;
                return i + 1;
            }
            // A backslash (escapes: the codec unescapes), a control character (JSON forbids it raw) or any byte of a
            // multi-byte character (negative) or DEL: declined.
            if (b == '\\' || b < 0x20 || b == 0x7F) {
                return DECLINE;
            }
        }
        return DECLINE;
    }

    /** 1 to 19 decimal digits that fit in a {@code long} (as the codec's {@code Long.parseLong}), or -1. */
    private long decimal(int start, int length) {
        if (length < 1 || length > 19) {
            return -1;
        }
        long n = 0;
        for (int i = start; i < start + length; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9 || n > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            n = n * 10 + digit;
        }
        return n;
    }

    private int whitespace(int at) {
        return whitespace(text, at, end);
    }

    /** The first index from {@code at} that is not JSON whitespace (RFC 8259 section 2: space, tab, LF, CR). */
    private static int whitespace(byte[] text, int at, int end) {
        while (at < end) {
            byte b = text[at];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                break;
            }
            at++;
        }
        return at;
    }

    private int envelopeField(int start, int length) {
        if (equalsBytes(start, length, EVENT_NAME)) {
            return EVENT;
        } else if (equalsBytes(start, length, SEQUENCE_NUMBER_NAME)) {
            return SEQUENCE_NUMBER;
        } else if (equalsBytes(start, length, STREAM_SID_NAME)) {
            return STREAM_SID;
        } else if (equalsBytes(start, length, MEDIA_NAME)) {
            return MEDIA;
        }
        return 0;
    }

    private int mediaField(int start, int length) {
        if (equalsBytes(start, length, TRACK_NAME)) {
            return TRACK;
        } else if (equalsBytes(start, length, CHUNK_NAME)) {
            return CHUNK;
        } else if (equalsBytes(start, length, TIMESTAMP_NAME)) {
            return TIMESTAMP;
        } else if (equalsBytes(start, length, PAYLOAD_NAME)) {
            return PAYLOAD;
        }
        return 0;
    }

    private boolean equalsBytes(int start, int length, byte[] name) {
        return length == name.length && java.util.Arrays.equals(text, start, start + length, name, 0, length);
    }

    private static boolean equalsAscii(byte[] text, int start, int length, String s) {
        if (length != s.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[start + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ base64

    /**
     * Decodes the payload into {@link #payload}. Takes only padded base64 (a multiple of four characters, {@code =}
     * only as the last one or two), which {@code java.util.Base64.getDecoder()} decodes to the same bytes; declines
     * the rest (an empty payload, missing padding, a stray character), which the codec's decoder then judges.
     */
    private boolean decodePayload() {
        byte[] utf8 = text;
        int chars = payloadChars;
        if (chars == 0 || (chars & 3) != 0) {
            return false;
        }
        int from = payloadStart;
        int last = from + chars;
        int pad = utf8[last - 1] == '=' ? (utf8[last - 2] == '=' ? 2 : 1) : 0;
        int bytes = chars / 4 * 3 - pad;
        if (payload.length < bytes) {
            payload = new byte[Math.max(bytes, payload.length * 2)];
        }
        int out = 0;
        int full = last - (pad == 0 ? 0 : 4);
        int i = from;
        for (; i < full; i += 4) {
            int bits = sextet(utf8[i]) << 18 | sextet(utf8[i + 1]) << 12 | sextet(utf8[i + 2]) << 6
                    | sextet(utf8[i + 3]);
            if (bits < 0) {
                return false;
            }
            payload[out] = (byte) (bits >> 16);
            payload[out + 1] = (byte) (bits >> 8);
            payload[out + 2] = (byte) bits;
            out += 3;
        }
        if (pad == 1) {
            int bits = sextet(utf8[i]) << 18 | sextet(utf8[i + 1]) << 12 | sextet(utf8[i + 2]) << 6;
            if (bits < 0) {
                return false;
            }
            payload[out] = (byte) (bits >> 16);
            payload[out + 1] = (byte) (bits >> 8);
            out += 2;
        } else if (pad == 2) {
            int bits = sextet(utf8[i]) << 18 | sextet(utf8[i + 1]) << 12;
            if (bits < 0) {
                return false;
            }
            payload[out] = (byte) (bits >> 16);
            out += 1;
        }
        payloadLength = out;
        return true;
    }

    /** A base64 character's six bits, or -1, which makes its group negative at any of the shifts above. */
    private static int sextet(byte c) {
        return c < 0 ? -1 : BASE64[c];
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
