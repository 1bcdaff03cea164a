package io.github.voxbridge.tts.transport.json;

/**
 * Reads one JSON message, a WebSocket text frame of a TTS vendor, without allocating: validates the whole text
 * strictly by RFC 8259 and records the members of its top-level object, so that an engine can find {@code "audio"}
 * or {@code "data"}, test {@code "isFinal"} or {@code "type"}, and decode the base64 audio into its own buffer, for
 * every message of a call, with no garbage (issue 12: 0 B/op per 20 ms of audio).
 *
 * <p>A reader is reused: each {@link #read} replaces what the previous one recorded. It copies the text into a
 * {@code char[]} of its own, which grows to the longest message read so far (so after the first messages of a
 * stream nothing is allocated), and all spans ({@code nameStart}, {@code valueStart}, ...) are indexes into that
 * text, in chars. Not thread-safe: one reader per conversation, used on the thread that receives its messages.
 *
 * <p>What is recorded per top-level member: where its name is, what kind its value is ({@link JsonValueKind}), and
 * where its value is: for a string the characters between the quotes (still escaped), for anything else the whole
 * value (an object or array is validated and skipped, not recorded inside). Duplicate names are accepted, as Jackson
 * and JavaScript accept them; {@link #indexOf} finds the last, the one their trees keep.
 *
 * <p>Accessors take a member index from {@link #indexOf} ({@code 0 <= member < memberCount()}); the predicates
 * ({@link #isTrue}, {@link #isNull}, {@link #stringEquals}) also take -1, an absent member, and answer false.
 * Only after {@link ReadOutcome#OBJECT} are there members; after any other outcome {@link #memberCount()} is 0.
 */
public final class JsonMessageReader {

    /** Members recorded by {@link #JsonMessageReader()}: more than any vendor message of tts-engines.md has. */
    public static final int DEFAULT_MAX_MEMBERS = 32;
    /** Nesting limit of {@link #JsonMessageReader()}: the top-level object is level 1; vendor messages use 3. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** The text copy's first capacity, in chars (a 20 ms ElevenLabs ulaw_8000 message is about 470). */
    private static final int INITIAL_CHARS = 4096;

    /** {@link #spans} holds four ints per member: name start, name end, value start, value end. */
    private static final int NAME_START = 0;
    private static final int NAME_END = 1;
    private static final int VALUE_START = 2;
    private static final int VALUE_END = 3;
    /** {@link #flags} per member: the value's {@link JsonValueKind} ordinal in the low bits, and these two bits. */
    private static final int KIND_BITS = 0x7;
    private static final int NAME_ESCAPED = 0x8;
    private static final int VALUE_ESCAPED = 0x10;
    private static final JsonValueKind[] KINDS = JsonValueKind.values();

    private final int maxMembers;
    private final JsonSyntax syntax;
    /** The members' spans, four per member (one array: one bounds check per member on the hot path). */
    private final int[] spans;
    /** The members' kinds and escape bits, one byte per member (a byte, not an enum reference: no card mark). */
    private final byte[] flags;
    private char[] text = new char[INITIAL_CHARS];
    private char[] unescaped = new char[0];
    private int length;
    private int members;

    /** A reader of at most {@link #DEFAULT_MAX_MEMBERS} members and {@link #DEFAULT_MAX_DEPTH} levels. */
    public JsonMessageReader() {
        this(DEFAULT_MAX_MEMBERS, DEFAULT_MAX_DEPTH);
    }

    /**
     * A reader with its own limits.
     *
     * @param maxMembers the most top-level members recorded, {@code >= 1}; a message with more is
     *     {@link ReadOutcome#TOO_MANY_MEMBERS}
     * @param maxDepth the deepest nesting of objects and arrays accepted, {@code >= 1} (the top-level value is
     *     level 1); deeper is {@link ReadOutcome#TOO_DEEP}. Also bounds this reader's recursion.
     */
    public JsonMessageReader(int maxMembers, int maxDepth) {
        if (maxMembers < 1 || maxDepth < 1 || maxDepth > 10_000) {
            throw new IllegalArgumentException("maxMembers must be >= 1 and maxDepth 1..10000, got " + maxMembers
                    + " and " + maxDepth);
        }
        this.maxMembers = maxMembers;
        this.syntax = new JsonSyntax(maxDepth);
        spans = new int[4 * maxMembers];
        flags = new byte[maxMembers];
    }

    /**
     * Reads one message, replacing what the previous call recorded.
     *
     * @param message the whole text of the message (for example a WebSocket text message joined from its parts)
     * @return {@link ReadOutcome#OBJECT} when the text is one JSON object (whitespace around it allowed) whose
     *     members are now recorded; otherwise why not, with {@link #problem()} and {@link #problemOffset()} set
     */
    public ReadOutcome read(CharSequence message) {
        copy(message);
        members = 0;
        JsonSyntax s = syntax;
        s.reset(text, length, message instanceof String string ? string : null);
        int i = s.whitespace(0);
        if (i >= length) {
            s.fail(JsonSyntax.EXPECTED_VALUE, i);
            return ReadOutcome.MALFORMED;
        }
        if (text[i] != '{') {
            i = s.value(i, 0);
            return i < 0 ? failed() : end(i, ReadOutcome.NOT_AN_OBJECT);
        }
        int count = 0;
        char[] t = text;
        int n = length;
        i = s.whitespace(i + 1);
        if (i < n && t[i] == '}') {
            i++;
        } else {
            while (true) {
                if (i >= n || t[i] != '"') {
                    s.fail(JsonSyntax.EXPECTED_NAME, i);
                    return ReadOutcome.MALFORMED;
                }
                int name = i + 1;
                i = s.string(i, true);
                if (i < 0) {
                    return ReadOutcome.MALFORMED;
                }
                int memberFlags = s.escaped ? NAME_ESCAPED : 0;
                int nameStop = i - 1;
                i = s.whitespace(i);
                if (i >= n || t[i] != ':') {
                    s.fail(JsonSyntax.EXPECTED_COLON, i);
                    return ReadOutcome.MALFORMED;
                }
                int value = s.whitespace(i + 1);
                int valueStart;
                int valueStop;
                // Strings first: most members' values are (and the audio is one); the rest through value().
                if (value < n && t[value] == '"') {
                    i = s.string(value, false);
                    if (i < 0) {
                        return ReadOutcome.MALFORMED;
                    }
                    memberFlags |= JsonValueKind.STRING.ordinal() | (s.escaped ? VALUE_ESCAPED : 0);
                    valueStart = value + 1;
                    valueStop = i - 1;
                } else {
                    i = s.value(value, 1);
                    if (i < 0) {
                        return failed();
                    }
                    memberFlags |= kindAt(value).ordinal();
                    valueStart = value;
                    valueStop = i;
                }
                if (count < maxMembers) {
                    int at = 4 * count;
                    int[] sp = spans;
                    sp[at + VALUE_END] = valueStop;
                    sp[at + NAME_START] = name;
                    sp[at + NAME_END] = nameStop;
                    sp[at + VALUE_START] = valueStart;
                    flags[count] = (byte) memberFlags;
                }
                count++;
                i = s.whitespace(i);
                if (i < n && t[i] == ',') {
                    i = s.whitespace(i + 1);
                } else if (i < n && t[i] == '}') {
                    i++;
                    break;
                } else {
                    s.fail(JsonSyntax.EXPECTED_OBJECT_END, i);
                    return ReadOutcome.MALFORMED;
                }
            }
        }
        ReadOutcome outcome = end(i, count > maxMembers ? ReadOutcome.TOO_MANY_MEMBERS : ReadOutcome.OBJECT);
        if (outcome == ReadOutcome.TOO_MANY_MEMBERS) {
            s.fail("more top-level members than the reader's limit of " + maxMembers, 0);
        } else if (outcome == ReadOutcome.OBJECT) {
            members = count;
        }
        return outcome;
    }

    private ReadOutcome failed() {
        return syntax.tooDeep ? ReadOutcome.TOO_DEEP : ReadOutcome.MALFORMED;
    }

    /** After the top-level value: only whitespace may follow. */
    private ReadOutcome end(int i, ReadOutcome ifClean) {
        i = syntax.whitespace(i);
        if (i < length) {
            syntax.fail("text after the JSON value", i);
            return ReadOutcome.MALFORMED;
        }
        return ifClean;
    }

    private JsonValueKind kindAt(int i) {
        return switch (text[i]) {
            case '"' -> JsonValueKind.STRING;
            case '{' -> JsonValueKind.OBJECT;
            case '[' -> JsonValueKind.ARRAY;
            case 't' -> JsonValueKind.TRUE;
            case 'f' -> JsonValueKind.FALSE;
            case 'n' -> JsonValueKind.NULL;
            default -> JsonValueKind.NUMBER;
        };
    }

    private void copy(CharSequence message) {
        int n = message.length();
        if (n > text.length) {
            text = new char[Math.max(n, 2 * text.length)];
        }
        if (message instanceof String string) {
            string.getChars(0, n, text, 0);
        } else if (message instanceof StringBuilder builder) {
            builder.getChars(0, n, text, 0);
        } else {
            for (int k = 0; k < n; k++) {
                text[k] = message.charAt(k);
            }
        }
        length = n;
    }

    /** Why the last {@link #read} was not {@link ReadOutcome#OBJECT}, or null if it was: a short phrase. */
    public String problem() {
        return syntax.problem;
    }

    /** Where that problem is, in chars from the start of the message; -1 if there is none. */
    public int problemOffset() {
        return syntax.problemAt;
    }

    /** The top-level members recorded by the last {@link #read}: 0 unless it gave {@link ReadOutcome#OBJECT}. */
    public int memberCount() {
        return members;
    }

    /**
     * The member named {@code name}, comparing the name after unescaping with {@code name}'s chars; the last one when
     * the name occurs more than once. Allocation-free.
     *
     * @param name the member name, e.g. {@code "audio"}
     * @return the member index, or -1 if there is no such member
     */
    public int indexOf(String name) {
        for (int m = members - 1; m >= 0; m--) {
            if (matches(spans[4 * m + NAME_START], spans[4 * m + NAME_END], (flags[m] & NAME_ESCAPED) != 0, name)) {
                return m;
            }
        }
        return -1;
    }

    /** The kind of the member's value. */
    public JsonValueKind kind(int member) {
        check(member);
        return KINDS[flags[member] & KIND_BITS];
    }

    /** Whether the member exists ({@code member >= 0}) and its value is {@code true}. */
    public boolean isTrue(int member) {
        return member >= 0 && kind(member) == JsonValueKind.TRUE;
    }

    /** Whether the member exists ({@code member >= 0}) and its value is {@code null}. */
    public boolean isNull(int member) {
        return member >= 0 && kind(member) == JsonValueKind.NULL;
    }

    /**
     * Whether the member exists ({@code member >= 0}) and its value is a string equal, after unescaping, to
     * {@code expected}. Allocation-free.
     */
    public boolean stringEquals(int member, String expected) {
        return member >= 0 && kind(member) == JsonValueKind.STRING
                && matches(spans[4 * member + VALUE_START], spans[4 * member + VALUE_END],
                        (flags[member] & VALUE_ESCAPED) != 0, expected);
    }

    /** Where the member's name starts in the message, in chars: just after its opening quote. */
    public int nameStart(int member) {
        check(member);
        return spans[4 * member + NAME_START];
    }

    /** Where the member's name ends (exclusive), in chars: at its closing quote. */
    public int nameEnd(int member) {
        check(member);
        return spans[4 * member + NAME_END];
    }

    /** Where the member's value starts, in chars: after the opening quote of a string, else its first char. */
    public int valueStart(int member) {
        check(member);
        return spans[4 * member + VALUE_START];
    }

    /** Where the member's value ends (exclusive), in chars: at the closing quote of a string, else after it. */
    public int valueEnd(int member) {
        check(member);
        return spans[4 * member + VALUE_END];
    }

    /**
     * The number of bytes {@link #decodeBase64} writes for this string member if its value is valid base64 (an upper
     * bound otherwise), by {@link Base64Chars#decodedLength}.
     *
     * @throws IllegalArgumentException if the value is not a string
     */
    public int decodedBase64Length(int member) {
        requireString(member);
        if ((flags[member] & VALUE_ESCAPED) == 0) {
            return Base64Chars.decodedLength(text, spans[4 * member + VALUE_START], spans[4 * member + VALUE_END]);
        }
        int n = unescape(member);
        return Base64Chars.decodedLength(unescaped, 0, n);
    }

    /**
     * Decodes the member's string value as base64 ({@link Base64Chars}: what {@link java.util.Base64#getDecoder()}
     * accepts) into {@code out} from {@code outOff}. The value is the JSON string after unescaping: a vendor that
     * writes {@code /} as {@code \/} (legal JSON) is decoded as if it had not; such a value takes a slower path
     * through a scratch array (allocated once, grown to the longest such value), and any escape giving a character
     * outside the alphabet (e.g. {@code \n}) is rejected like the raw character. Allocation-free for a valid value
     * without escapes.
     *
     * @return the number of bytes written, {@code >= 0}
     * @throws IllegalArgumentException if the value is not a string, not valid base64 (the message says what and at
     *     which char of the unescaped value), or {@code out} has fewer than {@link #decodedBase64Length} bytes from
     *     {@code outOff}
     */
    public int decodeBase64(int member, byte[] out, int outOff) {
        requireString(member);
        if ((flags[member] & VALUE_ESCAPED) == 0) {
            return Base64Chars.decode(text, spans[4 * member + VALUE_START], spans[4 * member + VALUE_END], out, outOff);
        }
        int n = unescape(member);
        return Base64Chars.decode(unescaped, 0, n, out, outOff);
    }

    /** The member's name, unescaped. Allocates: for messages and tests, not the hot path. */
    public String name(int member) {
        check(member);
        return JsonStrings.unescape(text, spans[4 * member + NAME_START], spans[4 * member + NAME_END]);
    }

    /**
     * The member's string value, unescaped. Allocates: for error messages (a vendor's {@code "message"}), not the
     * hot path.
     *
     * @throws IllegalArgumentException if the value is not a string
     */
    public String stringValue(int member) {
        requireString(member);
        return JsonStrings.unescape(text, spans[4 * member + VALUE_START], spans[4 * member + VALUE_END]);
    }

    /** The member's value as it stands in the message (a string without its quotes, still escaped). Allocates. */
    public String rawValue(int member) {
        check(member);
        return new String(text, spans[4 * member + VALUE_START], spans[4 * member + VALUE_END] - spans[4 * member + VALUE_START]);
    }

    private int unescape(int member) {
        int from = spans[4 * member + VALUE_START];
        int to = spans[4 * member + VALUE_END];
        if (unescaped.length < to - from) {
            unescaped = new char[Math.max(to - from, 2 * unescaped.length)];
        }
        return JsonStrings.unescapeInto(text, from, to, unescaped);
    }

    private boolean matches(int from, int to, boolean escaped, String expected) {
        int n = expected.length();
        char[] t = text;
        if (!escaped) {
            if (to - from != n) {
                return false;
            }
            for (int k = 0; k < n; k++) {
                if (t[from + k] != expected.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
        return JsonStrings.escapedEquals(t, from, to, expected);
    }

    private void requireString(int member) {
        if (kind(member) != JsonValueKind.STRING) {
            throw new IllegalArgumentException("member \"" + name(member) + "\" is " + kind(member)
                    + ", not a string");
        }
    }

    private void check(int member) {
        if (member < 0 || member >= members) {
            throw new IndexOutOfBoundsException("member " + member + " of " + members);
        }
    }
}
