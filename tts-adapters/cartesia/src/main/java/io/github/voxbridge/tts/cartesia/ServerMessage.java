package io.github.voxbridge.tts.cartesia;

import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;
import io.github.voxbridge.tts.transport.json.JsonMessageReader;
import io.github.voxbridge.tts.transport.json.JsonValueKind;
import io.github.voxbridge.tts.transport.json.ReadOutcome;

/**
 * One JSON text message from Cartesia's {@code /tts/websocket}, read in place: the only code that parses the
 * server's messages (tts-engines.md section 4a; Cartesia SDK {@code websocket_response.py}):
 * <pre>
 *   {"type":"chunk","data":"&lt;base64&gt;","done":false,"status_code":206,"step_time":…,"context_id":"…"}
 *   {"type":"timestamps","word_timestamps":{…},"context_id":"…"}      (ignored)
 *   {"type":"flush_done","flush_id":…,"context_id":"…"}               (ignored)
 *   {"type":"done","done":true,"status_code":206,"context_id":"…"}
 *   {"type":"error","done":true,"status_code":…,"title":"…","message":"…","error_code":"…","context_id"?:"…"}
 * </pre>
 * Older API versions put the error's text in {@code "error"} (API reference 2024-11-13); both are read.
 *
 * <p>One instance per conversation, {@link #read} called once per message on the synthesizing thread; the fields
 * describe the last message read. Read with the shared allocation-free {@link JsonMessageReader}, the audio decoded
 * into a buffer reused from message to message.
 */
final class ServerMessage {

    /** What a message means to a synthesis. */
    enum Type {
        /** Audio in {@link #audio()}. */
        CHUNK,
        /** The end of the context's audio. */
        DONE,
        /** Cartesia reports a failure: {@link #statusCode()}, {@link #errorCode()}, {@link #errorText()}. */
        ERROR,
        /** Carries nothing the audio needs ({@code timestamps}, {@code flush_done}, a new type without data). */
        IGNORED
    }

    /** How much of a message a PROTOCOL error quotes. */
    private static final int QUOTED_CHARS = 120;

    private final JsonMessageReader json = new JsonMessageReader();
    private final ApiKey key;
    private Type type;
    private byte[] audio = new byte[4096];
    private int audioLength;

    /**
     * Reads {@code message}. A {@code chunk} is read without allocating once the audio buffer has grown to the
     * largest chunk seen (issue 12, "Benchmarks": 0 B/op on the hot path); the other fields are read only when asked
     * for, on the cold paths (an error, a test).
     *
     * @throws TtsException PROTOCOL for a message that is not a JSON object with a textual {@code type}, a
     *                      {@code chunk} whose {@code data} is missing or not base64, or a message of a type not
     *                      known here that carries {@code data} (audio we would otherwise drop silently)
     */
    void read(String message) throws TtsException {
        audioLength = 0;
        ReadOutcome outcome = json.read(message);
        int typeAt = outcome == ReadOutcome.OBJECT ? json.indexOf("type") : -1;
        if (typeAt < 0 || json.kind(typeAt) != JsonValueKind.STRING) {
            throw protocol("expected a JSON message with a type, got "
                    + TtsException.excerpt(redact(message), QUOTED_CHARS)
                    + (outcome == ReadOutcome.MALFORMED ? " (" + json.problem() + ")" : ""));
        }
        if (json.stringEquals(typeAt, "chunk")) {
            type = Type.CHUNK;
            int data = json.indexOf("data");
            if (data < 0 || json.kind(data) != JsonValueKind.STRING) {
                throw protocol("chunk without base64 data: "
                        + TtsException.excerpt(redact(message), QUOTED_CHARS));
            }
            try {
                int length = json.decodedBase64Length(data);
                if (length > audio.length) {
                    audio = new byte[Math.max(length, 2 * audio.length)];
                }
                audioLength = json.decodeBase64(data, audio, 0);
            } catch (IllegalArgumentException e) {
                throw protocol("chunk data is not base64 (" + e.getMessage() + "): "
                        + TtsException.excerpt(redact(json.rawValue(data)), 40));
            }
        } else if (json.stringEquals(typeAt, "done")) {
            type = Type.DONE;
        } else if (json.stringEquals(typeAt, "error")) {
            type = Type.ERROR;
        } else if (json.stringEquals(typeAt, "timestamps") || json.stringEquals(typeAt, "flush_done")
                || json.stringEquals(typeAt, "phoneme_timestamps")) {
            type = Type.IGNORED;
        } else if (json.indexOf("data") >= 0) {
            throw protocol("message of unknown type " + TtsException.excerpt(redact(json.stringValue(typeAt)), 40)
                    + " carries data: " + TtsException.excerpt(redact(message), QUOTED_CHARS));
        } else {
            type = Type.IGNORED; // a type added later without audio: nothing of ours to do with it
        }
    }

    /** Whether the last message names a {@code context_id} other than {@code contextId}; without allocating. */
    boolean fromOtherContext(String contextId) {
        int at = json.indexOf("context_id");
        return at >= 0 && json.kind(at) == JsonValueKind.STRING && !json.stringEquals(at, contextId);
    }

    private String text(String field) {
        int at = json.indexOf(field);
        if (at < 0 || json.kind(at) != JsonValueKind.STRING) {
            return null;
        }
        String value = json.stringValue(at);
        return value.isBlank() ? null : value.strip();
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null || second.equals(first) ? first : first + ": " + second;
    }

    /**
     * @param key redacted from the text of a message quoted in a failure (a server may echo it), or null
     */
    ServerMessage(ApiKey key) {
        this.key = key;
    }

    /** A reader for tests, with no key to redact. */
    ServerMessage() {
        this(null);
    }

    /** The key redacted before any excerpt is cut, so that no part of it is shown either. */
    private String redact(String text) {
        return key == null ? text : key.redact(text);
    }

    private TtsException protocol(String message) {
        return new TtsException(TtsException.Kind.PROTOCOL, CartesiaEngine.NAME, redact(message));
    }

    /** The kind of the last message read. */
    Type type() {
        return type;
    }

    /** Its {@code type} as sent (allocates: cold path). */
    String typeName() {
        return text("type");
    }

    /** Its {@code context_id}, or null if it has none (allocates: cold path). */
    String contextId() {
        return text("context_id");
    }

    /** For {@link Type#CHUNK}: the decoded audio, {@code audio()[0 .. audioLength())}; lent until the next read. */
    byte[] audio() {
        return audio;
    }

    /** For {@link Type#CHUNK}: bytes of audio, {@code >= 0}; 0 for other types. */
    int audioLength() {
        return audioLength;
    }

    /** Its {@code status_code}, or 0 if it has none or it is not an integer (cold path). */
    int statusCode() {
        int at = json.indexOf("status_code");
        if (at < 0 || json.kind(at) != JsonValueKind.NUMBER) {
            return 0;
        }
        try {
            return Integer.parseInt(json.rawValue(at));
        } catch (NumberFormatException e) {
            return 0; // 206.0, 1e3: not a status Cartesia sends
        }
    }

    /** For {@link Type#ERROR}: its {@code error_code}, or null (cold path). */
    String errorCode() {
        return text("error_code");
    }

    /**
     * For {@link Type#ERROR}: its {@code title} and {@code message} (or the older {@code error}), or null (cold
     * path).
     */
    String errorText() {
        return join(text("title"), join(text("message"), text("error")));
    }
}
