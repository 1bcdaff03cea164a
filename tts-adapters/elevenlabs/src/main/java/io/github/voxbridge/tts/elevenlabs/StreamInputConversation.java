package io.github.voxbridge.tts.elevenlabs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.audio.SinkFeed;
import io.github.voxbridge.tts.transport.websocket.WebSocketConversation;
import java.util.ArrayList;
import java.util.List;

/**
 * One synthesis on ElevenLabs' {@code stream-input} socket (tts-engines.md section 2b): after the init message (the
 * socket's greeting, {@link #init}), one message per piece of text with {@code flush: true}, then end of input; the server's messages are read by
 * {@link ServerMessageReader} until {@code isFinal}.
 *
 * <p>Cancel: stream-input has no cancel message ({@code close_context} exists only on the multi-context socket,
 * section 2c, and end of input {@code {"text":""}} asks the server to finish speaking, the opposite of a cancel), so a
 * cancelled synthesis just closes the socket, which ends the generation on ElevenLabs' side.
 */
final class StreamInputConversation implements WebSocketConversation {

    /** End of input: the server generates what is left, sends {@code isFinal} and closes (section 2b, step 3). */
    static final String END_OF_INPUT = "{\"text\":\"\"}";

    /**
     * When generation starts, in characters of buffered text: the first at 50, the least ElevenLabs accepts (items
     * 50..500, section 2b), so the first audio comes from a short first chunk as soon as possible; then ElevenLabs'
     * own default steps ({@code [120,160,250,290]}), larger chunks for steadier prosody once audio is flowing. The
     * schedule only matters within a piece: every piece is flushed anyway.
     */
    static final List<Integer> CHUNK_LENGTH_SCHEDULE = List.of(50, 120, 160, 290);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps a waiting socket open: a single space is text to ElevenLabs, and speaks nothing (section 2b). */
    static final String KEEP_ALIVE = "{\"text\":\" \"}";

    private final List<String> pieces;
    private final ServerMessageReader reader;
    private final SinkFeed feed;

    /**
     * @param pieces the text, split under the model's limit, none blank
     * @param reader reads the server's messages
     * @param feed   where the reader puts the audio, for its byte count
     */
    StreamInputConversation(List<String> pieces, ServerMessageReader reader, SinkFeed feed) {
        this.pieces = pieces;
        this.reader = reader;
        this.feed = feed;
    }

    /**
     * The initial message, sent once on every new socket before any text (section 2b, step 1), as the socket's
     * greeting: on a spare socket opened ahead of the synthesis it is already sent. The key goes in the handshake
     * header, never in a message (section 2b prefers the header).
     *
     * @param voiceSettings the {@code voice_settings} object, or null to leave ElevenLabs' (the voice's) defaults
     */
    static String init(ObjectNode voiceSettings) {
        ObjectNode init = JSON.createObjectNode().put("text", " ");
        if (voiceSettings != null) {
            init.set("voice_settings", voiceSettings);
        }
        ArrayNode schedule = init.putObject("generation_config").putArray("chunk_length_schedule");
        CHUNK_LENGTH_SCHEDULE.forEach(schedule::add);
        return init.toString();
    }

    /** The text, then end of input; the initial message is the socket's greeting ({@link #init}). */
    @Override
    public List<String> opening() {
        List<String> messages = new ArrayList<>(pieces.size() + 1);
        for (String piece : pieces) {
            // Each text ends with a space (a text without one hung in the docs' example, elevenlabs-docs #30), and
            // flush:true generates it now instead of holding it for more text that will not come.
            messages.add(JSON.createObjectNode().put("text", piece.stripTrailing() + " ").put("flush", true)
                    .toString());
        }
        messages.add(END_OF_INPUT);
        return messages;
    }

    @Override
    public boolean onText(String message) throws TtsException {
        return reader.read(message);
    }

    /** The audio decoded from the messages so far. */
    @Override
    public long audioBytes() {
        return feed.delivered();
    }

    /** ElevenLabs sends audio as base64 in JSON text; a binary message is not its protocol. */
    @Override
    public boolean onBinary(byte[] data, int length) throws TtsException {
        throw new TtsException(TtsException.Kind.PROTOCOL, ElevenLabsEngine.NAME,
                "unexpected binary message of " + length + " bytes (stream-input sends JSON text)");
    }

    /** None: stream-input cannot cancel, the socket is closed (see the class comment). */
    @Override
    public String cancelMessage() {
        return null;
    }

    /** None: end of input was part of the opening, and the server closes after {@code isFinal}. */
    @Override
    public String closingMessage() {
        return null;
    }
}
