package io.github.voxbridge.twilio.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and writes Twilio Media Streams messages ({@link InboundMessage}, {@link OutboundMessage}) as JSON text,
 * with Jackson. Thread-safe; one instance can serve every call.
 *
 * <h2>Reading</h2>
 * {@link #parse(String)} reads what Twilio sends, {@link #parseOutbound(String)} what a server sends (for tests and
 * simulators). Both are strict about what the protocol fixes and lenient about what Twilio may add:
 * <ul>
 *   <li>Every field of the documented messages is required, except {@code start.customParameters} (absent means
 *       none) and {@code start.streamSid} (it repeats the top-level one, and must equal it when present).</li>
 *   <li>Types are the wire types Twilio documents: {@code sequenceNumber}, {@code media.chunk} and
 *       {@code media.timestamp} are strings of decimal digits (a JSON number there is an error, not guessed at);
 *       {@code mediaFormat.sampleRate} and {@code .channels} are JSON integers. {@code null} is never a value.</li>
 *   <li>{@code media.payload} is standard base64 (RFC 4648 section 4; padding optional, no whitespace).</li>
 *   <li>Unknown fields are ignored, and unknown events become {@link InboundMessage.Unknown}; each new field path
 *       or event name is logged once (level INFO, logger {@value #LOGGER_NAME}).</li>
 *   <li>Not JSON, trailing content after the object, a duplicated key, or a message longer than the limit
 *       ({@value #DEFAULT_MAX_MESSAGE_CHARS} characters unless configured) is an error.</li>
 * </ul>
 * Every error is a {@link TwilioProtocolException} naming the field and quoting a bounded excerpt; no other
 * exception escapes {@code parse}.
 *
 * <h2>Writing</h2>
 * {@link #write(TwilioMessage)} writes either direction in the documented field order, numbers-as-strings where
 * Twilio uses them. For outbound media on the per-frame path use {@link OutboundMessageWriter}, which writes the
 * same JSON without garbage.
 */
public final class TwilioCodec {

    /** Name of the {@link System.Logger} that reports unknown events and fields, once each. */
    public static final String LOGGER_NAME = "io.github.voxbridge.twilio.protocol";

    /** Default longest message accepted, in characters: far above any real one (a 20 ms media is ~ 400). */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 1 << 20;

    /** How many distinct unknown names are remembered for log-once; past it they are no longer logged. */
    private static final int MAX_REMEMBERED_UNKNOWNS = 256;

    private final ObjectMapper mapper;
    private final int maxMessageChars;
    private final Set<String> reportedUnknowns = ConcurrentHashMap.newKeySet();

    /** A codec accepting messages of up to {@value #DEFAULT_MAX_MESSAGE_CHARS} characters. */
    public TwilioCodec() {
        this(DEFAULT_MAX_MESSAGE_CHARS);
    }

    /**
     * A codec accepting messages of up to {@code maxMessageChars} characters.
     *
     * @throws IllegalArgumentException if {@code maxMessageChars} is not positive
     */
    public TwilioCodec(int maxMessageChars) {
        if (maxMessageChars <= 0) {
            throw new IllegalArgumentException("maxMessageChars must be positive, got " + maxMessageChars);
        }
        this.maxMessageChars = maxMessageChars;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(maxMessageChars)
                        .maxNestingDepth(64)
                        .build())
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                // write() ends every object itself; the generator is not to complete a message a bug left open.
                .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
                .build();
        this.mapper = new ObjectMapper(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * Reads one message from Twilio.
     *
     * @param json the text of one WebSocket text frame
     * @return the message; {@link InboundMessage.Unknown} for an event this version does not know
     * @throws TwilioProtocolException if the message breaks the protocol (see the class comment)
     */
    public InboundMessage parse(String json) {
        ObjectNode root = readObject(json);
        String event = text(root, "event", "event", json);
        return switch (event) {
            case "connected" -> {
                reportUnknownFields(root, "", Set.of("event", "protocol", "version"), event);
                yield new InboundMessage.Connected(text(root, "protocol", "protocol", json),
                        text(root, "version", "version", json));
            }
            case "start" -> parseStart(root, json);
            case "media" -> parseMedia(root, json);
            case "dtmf" -> {
                ObjectNode dtmf = object(root, "dtmf", "dtmf", json);
                reportUnknownFields(root, "", withEnvelope("dtmf"), event);
                reportUnknownFields(dtmf, "dtmf.", Set.of("track", "digit"), event);
                yield new InboundMessage.Dtmf(sequenceNumber(root, json), streamSid(root, json),
                        text(dtmf, "track", "dtmf.track", json), text(dtmf, "digit", "dtmf.digit", json));
            }
            case "mark" -> {
                ObjectNode mark = object(root, "mark", "mark", json);
                reportUnknownFields(root, "", withEnvelope("mark"), event);
                reportUnknownFields(mark, "mark.", Set.of("name"), event);
                yield new InboundMessage.Mark(sequenceNumber(root, json), streamSid(root, json),
                        text(mark, "name", "mark.name", json));
            }
            case "stop" -> {
                ObjectNode stop = object(root, "stop", "stop", json);
                reportUnknownFields(root, "", withEnvelope("stop"), event);
                reportUnknownFields(stop, "stop.", Set.of("accountSid", "callSid"), event);
                yield new InboundMessage.Stop(sequenceNumber(root, json), streamSid(root, json),
                        text(stop, "accountSid", "stop.accountSid", json),
                        text(stop, "callSid", "stop.callSid", json));
            }
            default -> {
                String name = TwilioProtocolException.excerpt(event);
                reportOnce("event " + name, "unknown event " + name + " passed on as Unknown");
                yield new InboundMessage.Unknown(event, json);
            }
        };
    }

    /**
     * Reads one message a server sends to Twilio, as Twilio would: for simulators and tests.
     *
     * @throws TwilioProtocolException if the message breaks the protocol, including an event other than
     *                                 {@code media}, {@code mark} and {@code clear}, and an empty payload
     */
    public OutboundMessage parseOutbound(String json) {
        ObjectNode root = readObject(json);
        String event = text(root, "event", "event", json);
        String streamSid = text(root, "streamSid", "streamSid", json);
        return switch (event) {
            case "media" -> {
                ObjectNode media = object(root, "media", "media", json);
                byte[] payload = base64(media, "payload", "media.payload", json);
                if (payload.length == 0) {
                    throw new TwilioProtocolException("media.payload", "empty payload", json);
                }
                yield new OutboundMessage.Media(streamSid, payload);
            }
            case "mark" -> new OutboundMessage.Mark(streamSid,
                    text(object(root, "mark", "mark", json), "name", "mark.name", json));
            case "clear" -> new OutboundMessage.Clear(streamSid);
            default -> throw new TwilioProtocolException("event",
                    "unknown outbound event " + TwilioProtocolException.excerpt(event), json);
        };
    }

    private InboundMessage.Start parseStart(ObjectNode root, String json) {
        ObjectNode start = object(root, "start", "start", json);
        String streamSid = streamSid(root, json);
        JsonNode innerSid = start.get("streamSid");
        if (innerSid != null) {
            String inner = text(start, "streamSid", "start.streamSid", json);
            if (!inner.equals(streamSid)) {
                throw new TwilioProtocolException("start.streamSid", "differs from streamSid "
                        + TwilioProtocolException.excerpt(streamSid), inner);
            }
        }
        List<String> tracks = new ArrayList<>();
        JsonNode tracksNode = required(start, "tracks", "start.tracks", json);
        if (!tracksNode.isArray()) {
            throw wrongType("start.tracks", "an array of strings", tracksNode);
        }
        for (int i = 0; i < tracksNode.size(); i++) {
            JsonNode t = tracksNode.get(i);
            if (!t.isTextual()) {
                throw wrongType("start.tracks[" + i + "]", "a string", t);
            }
            tracks.add(t.textValue());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode params = start.get("customParameters");
        if (params != null) {
            if (!params.isObject()) {
                throw wrongType("start.customParameters", "an object of strings", params);
            }
            for (Map.Entry<String, JsonNode> e : params.properties()) {
                if (!e.getValue().isTextual()) {
                    throw wrongType("start.customParameters." + e.getKey(), "a string", e.getValue());
                }
                parameters.put(e.getKey(), e.getValue().textValue());
            }
        }
        ObjectNode format = object(start, "mediaFormat", "start.mediaFormat", json);
        InboundMessage.MediaFormat mediaFormat = new InboundMessage.MediaFormat(
                text(format, "encoding", "start.mediaFormat.encoding", json),
                positiveInt(format, "sampleRate", "start.mediaFormat.sampleRate", json),
                positiveInt(format, "channels", "start.mediaFormat.channels", json));
        reportUnknownFields(root, "", withEnvelope("start"), "start");
        reportUnknownFields(start, "start.", Set.of("accountSid", "callSid", "streamSid", "tracks",
                "customParameters", "mediaFormat"), "start");
        reportUnknownFields(format, "start.mediaFormat.", Set.of("encoding", "sampleRate", "channels"), "start");
        return new InboundMessage.Start(sequenceNumber(root, json), streamSid,
                text(start, "accountSid", "start.accountSid", json), text(start, "callSid", "start.callSid", json),
                tracks, parameters, mediaFormat);
    }

    private InboundMessage.Media parseMedia(ObjectNode root, String json) {
        ObjectNode media = object(root, "media", "media", json);
        InboundMessage.Media m = new InboundMessage.Media(sequenceNumber(root, json), streamSid(root, json),
                text(media, "track", "media.track", json),
                decimal(media, "chunk", "media.chunk", json),
                decimal(media, "timestamp", "media.timestamp", json),
                base64(media, "payload", "media.payload", json));
        reportUnknownFields(root, "", MEDIA_ENVELOPE, "media");
        reportUnknownFields(media, "media.", MEDIA_FIELDS, "media");
        return m;
    }

    private ObjectNode readObject(String json) {
        if (json == null) {
            throw new TwilioProtocolException(null, "null message", null);
        }
        if (json.length() > maxMessageChars) {
            throw new TwilioProtocolException(null, "message of " + json.length()
                    + " characters is longer than the limit of " + maxMessageChars, json);
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            if (detail != null && detail.length() > 160) {
                detail = detail.substring(0, 160) + "…";
            }
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw new TwilioProtocolException(null, "malformed JSON" + (at >= 0 ? " at character " + at : "")
                    + " (" + detail + ")", json, e);
        } catch (RuntimeException e) {
            throw new TwilioProtocolException(null, "unreadable JSON (" + e.getClass().getSimpleName() + ")",
                    json, e);
        }
        if (root == null || !root.isObject()) {
            throw new TwilioProtocolException(null, "expected a JSON object", json);
        }
        return (ObjectNode) root;
    }

    /** The fields of a media message, made once: it is the message of every 20 ms. */
    private static final Set<String> MEDIA_ENVELOPE = withEnvelope("media");
    private static final Set<String> MEDIA_FIELDS = Set.of("track", "chunk", "timestamp", "payload");

    private static Set<String> withEnvelope(String body) {
        return Set.of("event", "sequenceNumber", "streamSid", body);
    }

    private static JsonNode required(ObjectNode parent, String name, String path, String json) {
        JsonNode node = parent.get(name);
        if (node == null) {
            throw new TwilioProtocolException(path, "missing required field", json);
        }
        return node;
    }

    private static ObjectNode object(ObjectNode parent, String name, String path, String json) {
        JsonNode node = required(parent, name, path, json);
        if (!node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        return (ObjectNode) node;
    }

    private static String text(ObjectNode parent, String name, String path, String json) {
        JsonNode node = required(parent, name, path, json);
        if (!node.isTextual()) {
            throw wrongType(path, "a string", node);
        }
        return node.textValue();
    }

    private static long sequenceNumber(ObjectNode root, String json) {
        return decimal(root, "sequenceNumber", "sequenceNumber", json);
    }

    private static String streamSid(ObjectNode root, String json) {
        return text(root, "streamSid", "streamSid", json);
    }

    /** A non-negative integer written as a string of decimal digits, as Twilio sends counters and times. */
    private static long decimal(ObjectNode parent, String name, String path, String json) {
        JsonNode node = required(parent, name, path, json);
        if (!node.isTextual()) {
            throw wrongType(path, "a string of decimal digits", node);
        }
        String s = node.textValue();
        if (s.isEmpty() || s.length() > 19) {
            throw new TwilioProtocolException(path, "expected 1 to 19 decimal digits", s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new TwilioProtocolException(path, "expected decimal digits, found '" + c + "' at " + i, s);
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new TwilioProtocolException(path, "number too large", s, e);
        }
    }

    private static int positiveInt(ObjectNode parent, String name, String path, String json) {
        JsonNode node = required(parent, name, path, json);
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() <= 0) {
            throw wrongType(path, "a positive JSON integer", node);
        }
        return node.intValue();
    }

    private static byte[] base64(ObjectNode parent, String name, String path, String json) {
        String s = text(parent, name, path, json);
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new TwilioProtocolException(path, "not valid base64 (" + e.getMessage() + ")", s, e);
        }
    }

    private static TwilioProtocolException wrongType(String path, String expected, JsonNode node) {
        String found = node.getNodeType().name().toLowerCase(java.util.Locale.ROOT); // "null", "string", ...
        return new TwilioProtocolException(path, "expected " + expected + ", found " + found,
                node.isTextual() ? node.textValue() : node.toString());
    }

    private void reportUnknownFields(ObjectNode node, String prefix, Set<String> known, String event) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (!known.contains(name)) {
                String path = TwilioProtocolException.excerpt(prefix + name);
                reportOnce("field " + event + ":" + path, "unknown field " + path + " in \"" + event + "\" ignored");
            }
        }
    }

    /** Logs {@code message} the first time {@code key} (bounded: built from excerpts) is seen. */
    private void reportOnce(String key, String message) {
        if (reportedUnknowns.size() < MAX_REMEMBERED_UNKNOWNS && reportedUnknowns.add(key)) {
            System.getLogger(LOGGER_NAME).log(System.Logger.Level.INFO, "voxbridge Twilio protocol: " + message);
        }
    }

    // ---------------------------------------------------------------------------------------------- writing

    /**
     * Writes a message in the wire format of its direction (see {@link InboundMessage} and
     * {@link OutboundMessage}), fields in the documented order, ASCII only.
     *
     * @throws IllegalArgumentException for {@link InboundMessage.Unknown}, whose content this codec does not know
     */
    public String write(TwilioMessage message) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event", message.event());
            switch (message) {
                case InboundMessage.Connected c -> {
                    g.writeStringField("protocol", c.protocol());
                    g.writeStringField("version", c.version());
                }
                case InboundMessage.Start s -> {
                    envelope(g, s.sequenceNumber(), s.streamSid());
                    g.writeObjectFieldStart("start");
                    g.writeStringField("accountSid", s.accountSid());
                    g.writeStringField("callSid", s.callSid());
                    g.writeStringField("streamSid", s.streamSid());
                    g.writeArrayFieldStart("tracks");
                    for (String t : s.tracks()) {
                        g.writeString(t);
                    }
                    g.writeEndArray();
                    g.writeObjectFieldStart("customParameters");
                    for (Map.Entry<String, String> e : s.customParameters().entrySet()) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                    g.writeObjectFieldStart("mediaFormat");
                    g.writeStringField("encoding", s.mediaFormat().encoding());
                    g.writeNumberField("sampleRate", s.mediaFormat().sampleRate());
                    g.writeNumberField("channels", s.mediaFormat().channels());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                case InboundMessage.Media m -> {
                    envelope(g, m.sequenceNumber(), m.streamSid());
                    g.writeObjectFieldStart("media");
                    g.writeStringField("track", m.track());
                    g.writeStringField("chunk", Long.toString(m.chunk()));
                    g.writeStringField("timestamp", Long.toString(m.timestamp()));
                    g.writeStringField("payload", Base64.getEncoder().encodeToString(m.payload()));
                    g.writeEndObject();
                }
                case InboundMessage.Dtmf d -> {
                    envelope(g, d.sequenceNumber(), d.streamSid());
                    g.writeObjectFieldStart("dtmf");
                    g.writeStringField("track", d.track());
                    g.writeStringField("digit", d.digit());
                    g.writeEndObject();
                }
                case InboundMessage.Mark m -> {
                    envelope(g, m.sequenceNumber(), m.streamSid());
                    g.writeObjectFieldStart("mark");
                    g.writeStringField("name", m.name());
                    g.writeEndObject();
                }
                case InboundMessage.Stop s -> {
                    envelope(g, s.sequenceNumber(), s.streamSid());
                    g.writeObjectFieldStart("stop");
                    g.writeStringField("accountSid", s.accountSid());
                    g.writeStringField("callSid", s.callSid());
                    g.writeEndObject();
                }
                case InboundMessage.Unknown u -> throw new IllegalArgumentException(
                        "cannot write an Unknown message (event " + TwilioProtocolException.excerpt(u.event())
                                + "): its text is u.json()");
                case OutboundMessage.Media m -> {
                    g.writeStringField("streamSid", m.streamSid());
                    g.writeObjectFieldStart("media");
                    g.writeStringField("payload", Base64.getEncoder().encodeToString(m.payload()));
                    g.writeEndObject();
                }
                case OutboundMessage.Mark m -> {
                    g.writeStringField("streamSid", m.streamSid());
                    g.writeObjectFieldStart("mark");
                    g.writeStringField("name", m.name());
                    g.writeEndObject();
                }
                case OutboundMessage.Clear c -> g.writeStringField("streamSid", c.streamSid());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void envelope(JsonGenerator g, long sequenceNumber, String streamSid) throws IOException {
        g.writeStringField("sequenceNumber", Long.toString(sequenceNumber));
        g.writeStringField("streamSid", streamSid);
    }
}
