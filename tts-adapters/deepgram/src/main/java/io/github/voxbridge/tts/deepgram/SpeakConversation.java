package io.github.voxbridge.tts.deepgram;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.audio.SinkFeed;
import io.github.voxbridge.tts.transport.websocket.WebSocketConversation;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * One synthesis on Deepgram's {@code /v1/speak} socket (tts-engines.md section 3b): {@code Speak} per piece of text,
 * one {@code Flush}; binary frames are audio; {@code Flushed} is the end; {@code Clear} on cancel, {@code Close}
 * when done.
 */
final class SpeakConversation implements WebSocketConversation {

    static final String FLUSH = "{\"type\":\"Flush\"}";
    static final String CLEAR = "{\"type\":\"Clear\"}";
    static final String CLOSE = "{\"type\":\"Close\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> pieces;
    private final SinkFeed sink;

    SpeakConversation(List<String> pieces, SinkFeed sink) {
        this.pieces = pieces;
        this.sink = sink;
    }

    @Override
    public List<String> opening() {
        List<String> messages = new ArrayList<>(pieces.size() + 1);
        for (String piece : pieces) {
            messages.add(JSON.createObjectNode().put("type", "Speak").put("text", piece).toString());
        }
        // One Flush for the whole text: Deepgram warns after 20 flushes a minute (section 3b), and Flushed then
        // marks the end of all of it.
        messages.add(FLUSH);
        return messages;
    }

    @Override
    public boolean onText(String message) throws TtsException {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (JacksonException e) {
            json = null;
        }
        if (json == null || !json.isObject() || !json.path("type").isTextual()) {
            throw new TtsException(TtsException.Kind.PROTOCOL, DeepgramEngine.NAME,
                    "expected a JSON message with a type, got " + TtsException.excerpt(message, 120));
        }
        return switch (json.path("type").asText()) {
            case "Flushed" -> true;
            case "Error" -> throw new TtsException(TtsException.Kind.UNAVAILABLE, DeepgramEngine.NAME,
                    "Deepgram reported an error: " + TtsException.excerpt(message, 300)); // shape [U]: kept whole
            // Metadata, Cleared, Warning (warn_code/warn_msg or code/description: section 3b) and any type added
            // later carry nothing the audio needs.
            default -> false;
        };
    }

    @Override
    public boolean onBinary(byte[] data, int length) {
        sink.accept(data, 0, length);
        return false;
    }

    @Override
    public String cancelMessage() {
        return CLEAR;
    }

    @Override
    public String closingMessage() {
        return CLOSE;
    }

    /** Deepgram names the reason of a refused upgrade in {@code dg-error} (section 3b). */
    @Override
    public String handshakeError(HttpHeaders headers) {
        return headers.firstValue("dg-error").orElse(null);
    }
}
