package io.github.voxbridge.tts.elevenlabs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;
import io.github.voxbridge.tts.transport.http.ChunkConsumer;
import java.util.Base64;

/**
 * Reads the server's messages on the stream-input socket (tts-engines.md section 2b), one whole text message at a
 * time, and hands their audio on. The only place their JSON is parsed, so that the audio path can later be replaced
 * by an allocation-free scanner without touching the rest.
 * <ul>
 *   <li>{@code {"audio":"<base64>","isFinal":null|false,"normalizedAlignment":…,"alignment":…}}: the decoded bytes go
 *       to the consumer, exactly as decoded, one chunk per message (an odd count too); {@code audio} null, absent or
 *       empty carries nothing;</li>
 *   <li>{@code isFinal: true} (or {@code is_final}, the spelling of the multi-context docs, section 2c; both
 *       accepted): the end of the audio, after any audio in the same message;</li>
 *   <li>{@code {"error":"<code>","message":"…","code":1008}} (section 2b, [3P]): a failure of the kind
 *       {@link ErrorCodes} gives the code, UNAVAILABLE for a code it does not know, with the vendor's message and
 *       code;</li>
 *   <li>anything that is not a JSON object, an {@code audio} that is not a string, bad base64: PROTOCOL, quoting
 *       the message.</li>
 * </ul>
 * Other fields (alignment, fields added later) are ignored. One reader per synthesis, used on one thread.
 */
final class ServerMessageReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUOTED_CHARS = 120;

    private final ChunkConsumer audio;
    private final ApiKey key;

    /**
     * @param audio receives each message's decoded audio
     * @param key   redacted from any vendor text quoted in a failure
     */
    ServerMessageReader(ChunkConsumer audio, ApiKey key) {
        this.audio = audio;
        this.key = key;
    }

    /**
     * Reads one message.
     *
     * @return whether it is the end marker ({@code isFinal: true})
     * @throws TtsException PROTOCOL for a message that cannot be understood; the vendor's kind for an error message
     */
    boolean read(String message) throws TtsException {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (JacksonException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw protocol("expected a JSON object, got " + quote(message));
        }
        JsonNode error = json.get("error");
        if (error != null && !error.isNull()) {
            throw vendorError(json, error);
        }
        JsonNode data = json.get("audio");
        if (data != null && !data.isNull()) {
            if (!data.isTextual()) {
                throw protocol("audio is not a base64 string in " + quote(message));
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(data.asText());
            } catch (IllegalArgumentException e) {
                throw protocol("audio is not valid base64 (" + e.getMessage() + ") in " + quote(message));
            }
            if (bytes.length > 0) {
                audio.accept(bytes, 0, bytes.length);
            }
        }
        return isTrue(json.get("isFinal")) || isTrue(json.get("is_final"));
    }

    private static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.booleanValue();
    }

    private TtsException vendorError(JsonNode json, JsonNode error) {
        String code = error.isTextual() ? error.asText() : error.path("status").asText(null);
        String text = json.path("message").isTextual() ? json.path("message").asText()
                : error.path("message").isTextual() ? error.path("message").asText() : null;
        StringBuilder what = new StringBuilder("ElevenLabs reported ");
        what.append(code == null ? "an error" : code);
        if (text != null && !text.isBlank()) {
            what.append(": ").append(TtsException.excerpt(redact(text.strip()), 300));
        }
        if (json.path("code").isNumber()) {
            what.append(" (code ").append(json.path("code").asInt()).append(')');
        }
        if (code == null && text == null) {
            what.append(' ').append(quote(json.toString()));
        }
        return new TtsException(ErrorCodes.kindOf(code, TtsException.Kind.UNAVAILABLE), ElevenLabsEngine.NAME,
                what.toString());
    }

    private TtsException protocol(String what) {
        return new TtsException(TtsException.Kind.PROTOCOL, ElevenLabsEngine.NAME, what);
    }

    private String quote(String text) {
        return TtsException.excerpt(redact(text), QUOTED_CHARS);
    }

    private String redact(String text) {
        return key == null ? text : key.redact(text);
    }
}
