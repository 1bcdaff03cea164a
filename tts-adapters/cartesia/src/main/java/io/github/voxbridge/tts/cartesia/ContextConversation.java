package io.github.voxbridge.tts.cartesia;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.audio.SinkFeed;
import io.github.voxbridge.tts.transport.http.ApiKey;
import io.github.voxbridge.tts.transport.http.HttpFailures;
import io.github.voxbridge.tts.transport.websocket.WebSocketConversation;
import java.util.ArrayList;
import java.util.List;

/**
 * One synthesis on Cartesia's {@code /tts/websocket} as one context (tts-engines.md section 4a; Cartesia docs
 * "Stream inputs using continuations"): a generation request per piece of text with {@code "continue":true}, every
 * field but the transcript the same each time (Cartesia requires it), then {@code {"transcript":"",
 * "continue":false,…}} to end the input. Cartesia joins the transcripts verbatim, so every piece but the last ends
 * with the space that separated it from the next. {@code chunk} messages are the audio, {@code done} the end;
 * messages for another context (late chunks of a cancelled one) are dropped. Cancel sends
 * {@code {"context_id":…,"cancel":true}}; nothing is sent after {@code done} but the close frame.
 */
final class ContextConversation implements WebSocketConversation {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of Cartesia's error text a message quotes. */
    private static final int ERROR_CHARS = 300;

    private final String contextId;
    private final List<String> requests;
    private final SinkFeed sink;
    private final ApiKey key;
    private final ServerMessage message;

    /**
     * @param contextId this synthesis' context, unique on the socket
     * @param fields    the generation request's fields other than {@code transcript}, {@code context_id} and
     *                  {@code continue}, in the order sent
     * @param pieces    the text, in pieces (at least one), spoken in order
     * @param sink      where the audio goes
     * @param key       redacted from anything Cartesia says back
     */
    ContextConversation(String contextId, ObjectNode fields, List<String> pieces, SinkFeed sink, ApiKey key) {
        this.message = new ServerMessage(key);
        this.contextId = contextId;
        this.sink = sink;
        this.key = key;
        this.requests = new ArrayList<>(pieces.size() + 1);
        for (int i = 0; i < pieces.size(); i++) {
            String piece = i < pieces.size() - 1 ? pieces.get(i) + " " : pieces.get(i);
            requests.add(request(fields, piece, true));
        }
        requests.add(request(fields, "", false));
    }

    private String request(ObjectNode fields, String transcript, boolean more) {
        ObjectNode request = JSON.createObjectNode();
        request.put("model_id", fields.get("model_id").textValue());
        request.put("transcript", transcript);
        fields.properties().forEach(field -> {
            if (!field.getKey().equals("model_id")) {
                request.set(field.getKey(), field.getValue());
            }
        });
        request.put("context_id", contextId);
        request.put("continue", more);
        return request.toString();
    }

    /** The context of this synthesis. */
    String contextId() {
        return contextId;
    }

    @Override
    public List<String> opening() {
        return requests;
    }

    @Override
    public boolean onText(String text) throws TtsException {
        message.read(text);
        if (message.fromOtherContext(contextId)) {
            return false; // another context's (a cancelled one's late chunks, section 4a): not this synthesis'
        }
        return switch (message.type()) {
            case CHUNK -> {
                sink.accept(message.audio(), 0, message.audioLength());
                yield false;
            }
            case DONE -> true;
            case ERROR -> throw failure();
            case IGNORED -> false;
        };
    }

    /**
     * Cartesia's {@code error} as a kind by its {@code status_code}, read as an HTTP status (section 4a, its numbers
     * [U]): 401/403 AUTH, 429 RATE_LIMITED (too many concurrent contexts for the plan), 408 and 5xx UNAVAILABLE, other
     * 4xx BAD_REQUEST. Without an error status it is UNAVAILABLE: Cartesia failed the context for a reason it did not
     * classify, and nothing says the request itself was wrong.
     */
    private TtsException failure() {
        int status = message.statusCode();
        TtsException.Kind kind = HttpFailures.kindOf(status);
        if (kind == null) {
            kind = TtsException.Kind.UNAVAILABLE;
        }
        String text = message.errorText();
        return new TtsException(kind, CartesiaEngine.NAME, "Cartesia reported an error"
                + (status == 0 ? "" : " " + status)
                + (message.errorCode() == null ? "" : " [" + TtsException.excerpt(key.redact(message.errorCode()), 60)
                        + "]")
                + (text == null ? "" : ": " + TtsException.excerpt(key.redact(text), ERROR_CHARS)));
    }

    /** The audio decoded from this context's chunks so far. */
    @Override
    public long audioBytes() {
        return sink.delivered();
    }

    @Override
    public boolean onBinary(byte[] data, int length) throws TtsException {
        throw new TtsException(TtsException.Kind.PROTOCOL, CartesiaEngine.NAME,
                "unexpected binary message of " + length + " bytes: Cartesia sends JSON text only");
    }

    /** {@code {"context_id":…,"cancel":true}}: Cartesia stops generating this context (section 4a). */
    @Override
    public String cancelMessage() {
        return JSON.createObjectNode().put("context_id", contextId).put("cancel", true).toString();
    }

    /** None: after {@code done} the context is over, and the close frame ends the socket. */
    @Override
    public String closingMessage() {
        return null;
    }
}
