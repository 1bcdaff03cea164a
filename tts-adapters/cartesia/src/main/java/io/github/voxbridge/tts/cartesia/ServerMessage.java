package io.github.voxbridge.tts.cartesia;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.voxbridge.tts.TtsException;
import java.util.Base64;

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
 * describe the last message read. Kept apart so that the audio path ({@code chunk}) can later be read by an
 * allocation-free scanner into a reused buffer without touching the conversation: {@link #audio()} and
 * {@link #audioLength()} already have that shape. Today it uses Jackson and allocates per message.
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

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a message a PROTOCOL error quotes. */
    private static final int QUOTED_CHARS = 120;

    private Type type;
    private String typeName;
    private String contextId;
    private byte[] audio = new byte[0];
    private int audioLength;
    private int statusCode;
    private String errorCode;
    private String errorText;

    /**
     * Reads {@code message}.
     *
     * @throws TtsException PROTOCOL for a message that is not a JSON object with a textual {@code type}, a
     *                      {@code chunk} whose {@code data} is missing or not base64, or a message of a type not
     *                      known here that carries {@code data} (audio we would otherwise drop silently)
     */
    void read(String message) throws TtsException {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (JacksonException e) {
            json = null;
        }
        if (json == null || !json.isObject() || !json.path("type").isTextual()) {
            throw protocol("expected a JSON message with a type, got " + TtsException.excerpt(message, QUOTED_CHARS));
        }
        typeName = json.get("type").textValue();
        JsonNode context = json.get("context_id");
        contextId = context != null && context.isTextual() ? context.textValue() : null;
        audioLength = 0;
        statusCode = json.path("status_code").canConvertToInt() ? json.path("status_code").asInt() : 0;
        errorCode = null;
        errorText = null;
        switch (typeName) {
            case "chunk" -> {
                type = Type.CHUNK;
                JsonNode data = json.get("data");
                if (data == null || !data.isTextual()) {
                    throw protocol("chunk without base64 data: " + TtsException.excerpt(message, QUOTED_CHARS));
                }
                try {
                    audio = Base64.getDecoder().decode(data.textValue());
                } catch (IllegalArgumentException e) {
                    throw protocol("chunk data is not base64 (" + e.getMessage() + "): "
                            + TtsException.excerpt(data.textValue(), 40));
                }
                audioLength = audio.length;
            }
            case "done" -> type = Type.DONE;
            case "error" -> {
                type = Type.ERROR;
                errorCode = text(json, "error_code");
                errorText = join(text(json, "title"), join(text(json, "message"), text(json, "error")));
            }
            case "timestamps", "flush_done", "phoneme_timestamps" -> type = Type.IGNORED;
            default -> {
                if (json.has("data")) {
                    throw protocol("message of unknown type " + TtsException.excerpt(typeName, 40)
                            + " carries data: " + TtsException.excerpt(message, QUOTED_CHARS));
                }
                type = Type.IGNORED; // a type added later without audio: nothing of ours to do with it
            }
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue().strip() : null;
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null || second.equals(first) ? first : first + ": " + second;
    }

    private static TtsException protocol(String message) {
        return new TtsException(TtsException.Kind.PROTOCOL, CartesiaEngine.NAME, message);
    }

    /** The kind of the last message read. */
    Type type() {
        return type;
    }

    /** Its {@code type} as sent. */
    String typeName() {
        return typeName;
    }

    /** Its {@code context_id}, or null if it has none. */
    String contextId() {
        return contextId;
    }

    /** For {@link Type#CHUNK}: the decoded audio, {@code audio()[0 .. audioLength())}; lent until the next read. */
    byte[] audio() {
        return audio;
    }

    /** For {@link Type#CHUNK}: bytes of audio, {@code >= 0}; 0 for other types. */
    int audioLength() {
        return audioLength;
    }

    /** Its {@code status_code}, or 0 if it has none. */
    int statusCode() {
        return statusCode;
    }

    /** For {@link Type#ERROR}: its {@code error_code}, or null. */
    String errorCode() {
        return errorCode;
    }

    /** For {@link Type#ERROR}: its {@code title} and {@code message} (or older {@code error}), or null. */
    String errorText() {
        return errorText;
    }
}
