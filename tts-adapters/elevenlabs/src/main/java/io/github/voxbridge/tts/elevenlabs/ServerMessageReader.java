package io.github.voxbridge.tts.elevenlabs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;
import io.github.voxbridge.tts.transport.http.ChunkConsumer;
import io.github.voxbridge.tts.transport.json.JsonMessageReader;
import io.github.voxbridge.tts.transport.json.JsonValueKind;
import io.github.voxbridge.tts.transport.json.ReadOutcome;

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
    /** Reads the hot path (audio messages) without allocating: issue 12, "Benchmarks", 0 B/op. */
    private final JsonMessageReader json = new JsonMessageReader();
    /** The decoded audio, reused from message to message; grows to the largest message seen. */
    private byte[] buffer = new byte[4096];

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
        ReadOutcome outcome = json.read(message);
        if (outcome != ReadOutcome.OBJECT) {
            throw protocol("expected a JSON object, got " + quote(message)
                    + (outcome == ReadOutcome.MALFORMED ? " (" + json.problem() + ")" : ""));
        }
        int error = json.indexOf("error");
        if (error >= 0 && !json.isNull(error)) {
            throw vendorError(message); // the cold path: read whole, with Jackson
        }
        int data = json.indexOf("audio");
        if (data >= 0 && !json.isNull(data)) {
            if (json.kind(data) != JsonValueKind.STRING) {
                throw protocol("audio is not a base64 string in " + quote(message));
            }
            int length;
            try {
                int needed = json.decodedBase64Length(data);
                if (needed > buffer.length) {
                    buffer = new byte[Math.max(needed, 2 * buffer.length)];
                }
                length = json.decodeBase64(data, buffer, 0);
            } catch (IllegalArgumentException e) {
                throw protocol("audio is not valid base64 (" + e.getMessage() + ") in " + quote(message));
            }
            if (length > 0) {
                audio.accept(buffer, 0, length);
            }
        }
        return isTrue("isFinal") || isTrue("is_final");
    }

    private boolean isTrue(String name) {
        int at = json.indexOf(name);
        return at >= 0 && json.isTrue(at);
    }

    private TtsException vendorError(String message) {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (JacksonException e) {
            // Unreachable for a text JsonMessageReader accepted (its tests hold it to Jackson's verdicts).
            return protocol("expected a JSON object, got " + quote(message));
        }
        return vendorError(json, json.get("error"));
    }

    private TtsException vendorError(JsonNode json, JsonNode error) {
        String code = error.isTextual() ? error.asText() : error.path("status").asText(null);
        String text = json.path("message").isTextual() ? json.path("message").asText()
                : error.path("message").isTextual() ? error.path("message").asText() : null;
        StringBuilder what = new StringBuilder("ElevenLabs reported ");
        // The code is the vendor's text too: a key echoed in it is redacted like the message (found by the fuzzer).
        what.append(code == null ? "an error" : redact(code));
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
