package io.github.voxbridge.tts.elevenlabs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.audio.SinkFeed;
import io.github.voxbridge.tts.transport.http.ApiKey;
import io.github.voxbridge.tts.transport.http.BaseUrl;
import io.github.voxbridge.tts.transport.http.HttpEngineClient;
import io.github.voxbridge.tts.transport.http.HttpEngineSettings;
import io.github.voxbridge.tts.transport.http.RequestTextSplitter;
import io.github.voxbridge.tts.transport.websocket.WarmSockets;
import io.github.voxbridge.tts.transport.websocket.WebSocketEngineClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * ElevenLabs text-to-speech, streamed: audio reaches the sink as ElevenLabs sends it (tts-engines.md section 2,
 * from elevenlabs-docs {@code fern/apis/api/asyncapi.yml} and elevenlabs-python {@code text_to_speech/raw_client.py}).
 *
 * <h2>Wire</h2>
 * Both transports send the key in the {@code xi-api-key} header, never in a message or a URL.
 * <ul>
 *   <li><b>{@code transport=websocket}</b> (default, ElevenLabs' path for text that streams in):
 *       {@code wss://api.elevenlabs.io/v1/text-to-speech/{voice}/stream-input?model_id=M&output_format=F} (ws:// for
 *       an http:// base URL). The engine sends
 *       {@code {"text":" ","voice_settings":{…},"generation_config":{"chunk_length_schedule":[50,120,160,290]}}}
 *       ({@code voice_settings} only when an option sets one), then {@code {"text":"… ","flush":true}} per piece of
 *       text (each ending with a space), then end of input {@code {"text":""}}. The server's
 *       {@code {"audio":"<base64>",…}} messages are the audio, {@code "isFinal":true} ends it. An error message
 *       ({@code {"error":"<code>","message":…}}, then a close) is a failure of the code's kind (below); a close
 *       before {@code isFinal} (e.g. the 1008 idle close) is UNAVAILABLE, after the audio delivered. Cancel closes
 *       the socket: stream-input has no cancel message (see {@link StreamInputConversation}).</li>
 *   <li><b>{@code transport=http}</b>: {@code POST /v1/text-to-speech/{voice}/stream?output_format=F}, body
 *       {@code {"text","model_id","voice_settings"?}}, the audio as the chunked response body until its end.</li>
 * </ul>
 * Errors: a refused handshake or an HTTP error status is mapped by the shared transport (401/403 AUTH, 429
 * RATE_LIMITED with {@code Retry-After}, 5xx UNAVAILABLE, other 4xx BAD_REQUEST), the message naming ElevenLabs'
 * {@code detail.message} and {@code [detail.status]}; except {@code quota_exceeded}, sent as 401 but
 * RATE_LIMITED here (why: {@link ErrorCodes}). Error codes in WebSocket messages are mapped by the same table.
 *
 * <p><b>Why {@code ulaw_8000} by default.</b> Twilio Media Streams carry exactly that (G.711 mu-law, 8000 Hz), and
 * ElevenLabs produces it directly: its bytes are passed through untouched ({@link AudioSink#format} gets mu-law
 * 8000 Hz, then the bytes exactly as decoded from the base64, or as the body brought them), with no decode,
 * resample or re-encode on our side, the least CPU and latency there is. The {@code pcm_*} formats (headerless
 * s16le at that rate) and {@code alaw_8000} are there for callers that want them.
 *
 * <h2>Options</h2>
 * <pre>
 *   voice                  voice id, default JBFqnCBsd6RMkjVDRZzb (the stock voice "George" in ElevenLabs'
 *                          own examples: elevenlabs/skills text-to-speech/references/streaming.md, the
 *                          elevenlabs-python README)
 *   model                  eleven_flash_v2_5 (default: ElevenLabs' lowest latency, ~75 ms, pitfall 6),
 *                          eleven_turbo_v2_5, eleven_multilingual_v2 or any other model id
 *   format                 ulaw_8000 (default), alaw_8000, pcm_8000, pcm_16000, pcm_22050, pcm_24000, pcm_44100
 *   stability              voice_settings.stability, 0.0..1.0; absent: the voice's own
 *   similarity-boost       voice_settings.similarity_boost, 0.0..1.0; absent: the voice's own
 *   speed                  voice_settings.speed, 0.7..1.2; absent: 1.0
 *   transport              websocket (default) or http
 *   base-url               the API root, default https://api.elevenlabs.io (regional roots work the same)
 *   api-key                the key, else $ELEVENLABS_API_KEY; neither: AUTH at create() naming ELEVENLABS_API_KEY
 *   connect-timeout-ms     connection and WebSocket handshake, default 5000
 *   first-byte-timeout-ms  HTTP: request to response headers; WebSocket: longest wait for any message; default 10000
 *   max-concurrent         syntheses open at once on this engine, default 5; more wait their turn
 *   keep-idle-ms           WebSocket: how long a spare socket is kept open for the next synthesis, default 60000;
 *                          0 for none (every synthesis opens its own)
 * </pre>
 *
 * <p><b>Warm sockets.</b> A {@code stream-input} socket carries one synthesis: end of input makes ElevenLabs finish
 * and close it (section 2b). So once one is used up a spare is opened in the background and greeted with the init
 * message, and the next synthesis starts on it without the TCP, TLS and upgrade round trips. While it waits it is
 * sent {@code {"text":" "}} every 15 s (ElevenLabs closes a socket after 20 s without text; a space is the documented
 * keep-alive); after {@code keep-idle-ms} unused it is closed. One ElevenLabs closed anyway is replaced without the
 * caller noticing.
 *
 * <p><b>Long text.</b> ElevenLabs refuses text over a per-request limit that depends on the model (section 2a,
 * "Char limits"): {@value #FLASH_TURBO_MAX_CHARS} characters for the Flash and Turbo v2.5 models,
 * {@value #DEFAULT_MAX_CHARS} for Multilingual v2 and any model this engine does not know (the smaller documented
 * limit, so an unknown model is never sent too much). Longer text is split at sentence ends
 * ({@link RequestTextSplitter}): over HTTP one request per piece, over the WebSocket one flushed message per piece.
 * Either way the audio arrives in order as one stream, with one {@link AudioSink#format} call.
 *
 * <p>Thread-safe; calls run concurrently up to {@code max-concurrent}, each on its own socket or request. No retries
 * here (a decorator's job). The key never appears in a message or in {@link #toString()}.
 */
public final class ElevenLabsEngine implements TtsEngine {

    /** The engine's name: {@value}. */
    public static final String NAME = "elevenlabs";
    /** The environment variable holding the key when no {@code api-key} option is given, as ElevenLabs' SDKs read it. */
    public static final String API_KEY_ENV = "ELEVENLABS_API_KEY";
    /** Per-request limit of the Flash and Turbo v2.5 models, in characters (tts-engines.md section 2a). */
    public static final int FLASH_TURBO_MAX_CHARS = 40_000;
    /** Per-request limit of Multilingual v2, and of models not known here, in characters (section 2a). */
    public static final int DEFAULT_MAX_CHARS = 10_000;

    static final String DEFAULT_VOICE = "JBFqnCBsd6RMkjVDRZzb";
    static final String DEFAULT_MODEL = "eleven_flash_v2_5";
    static final String DEFAULT_BASE_URL = "https://api.elevenlabs.io";
    /**
     * ElevenLabs caps concurrent requests per plan and answers 429 {@code too_many_concurrent_requests} beyond
     * (section 2a; the cap is reported in {@code maximum-concurrent-requests}); 5 fits the smaller paid plans
     * without queueing at ElevenLabs. Raise it to the plan's cap with {@code max-concurrent}.
     */
    static final int DEFAULT_MAX_CONCURRENT = 5;

    static final Set<String> OPTION_KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("voice", "model", "format", "stability", "similarity-boost", "speed",
                "transport", "base-url", "api-key"));
        keys.addAll(HttpEngineSettings.OPTION_KEYS);
        keys.add(WarmSockets.KEEP_IDLE_MS);
        OPTION_KEYS = Set.copyOf(keys);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two ways to ElevenLabs. */
    enum Transport {
        WEBSOCKET, HTTP
    }

    /** 15 s: inside ElevenLabs' 20 s inactivity timeout (section 2b), with 5 s for a loaded machine or network. */
    static final Duration KEEP_ALIVE_EVERY = Duration.ofSeconds(15);

    private final URI httpEndpoint;
    private final URI socketEndpoint;
    private final ApiKey key;
    private final String voice;
    private final String model;
    private final OutputFormat format;
    private final ObjectNode voiceSettings;
    private final int maxChars;
    private final Transport transport;
    private final HttpEngineClient http;
    private final WebSocketEngineClient socket;
    private volatile boolean closed;

    private ElevenLabsEngine(URI root, ApiKey key, String voice, String model, OutputFormat format,
            ObjectNode voiceSettings, Transport transport, HttpEngineSettings settings, Duration keepIdle) {
        String path = "/v1/text-to-speech/" + voice;
        this.httpEndpoint = BaseUrl.http(root, path + "/stream?output_format=" + format.wireName());
        this.socketEndpoint = BaseUrl.webSocket(root, path + "/stream-input?model_id="
                + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&output_format=" + format.wireName());
        this.key = key;
        this.voice = voice;
        this.model = model;
        this.format = format;
        this.voiceSettings = voiceSettings;
        this.maxChars = maxChars(model);
        this.transport = transport;
        this.http = transport == Transport.HTTP ? new HttpEngineClient(NAME, settings, key) : null;
        // stream-input spends a socket per synthesis (end of input closes it, section 2b): a spare is opened and
        // greeted ahead of the next one, kept open by a keep-alive within ElevenLabs' 20 s inactivity timeout.
        WarmSockets warm = new WarmSockets(keepIdle, false, true, List.of(StreamInputConversation.init(voiceSettings)),
                StreamInputConversation.KEEP_ALIVE, KEEP_ALIVE_EVERY);
        this.socket = transport == Transport.WEBSOCKET ? new WebSocketEngineClient(NAME, settings, key, warm) : null;
    }

    /**
     * An engine with {@code options} (see the class comment), the key falling back to {@code environment}.
     *
     * @param environment {@code System::getenv} in production; a map's {@code get} in tests
     * @throws TtsException AUTH if there is no key; BAD_REQUEST for an unknown option or a bad value
     */
    static ElevenLabsEngine create(Map<String, String> options, Function<String, String> environment)
            throws TtsException {
        EngineOptions o = new EngineOptions(NAME, options, OPTION_KEYS);
        String voice = o.string("voice", DEFAULT_VOICE).strip();
        // A voice id is a path segment: letters and digits (20 of them for ElevenLabs' ids), nothing to escape.
        if (!voice.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option voice = "
                    + TtsException.excerpt(voice, 40) + " is not a voice id such as " + DEFAULT_VOICE);
        }
        String model = o.string("model", DEFAULT_MODEL).strip();
        if (model.isEmpty() || !model.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option model = "
                    + TtsException.excerpt(model, 40) + " is not a model id such as " + DEFAULT_MODEL);
        }
        String formatName = o.string("format", OutputFormat.ULAW_8000.wireName());
        OutputFormat format = OutputFormat.of(formatName).orElseThrow(() -> new TtsException(
                TtsException.Kind.BAD_REQUEST, NAME, "option format = " + TtsException.excerpt(formatName, 40)
                        + " is not one of " + OutputFormat.names()));
        ObjectNode settings = JSON.createObjectNode();
        // stability and similarity_boost 0..1 (ElevenLabs' VoiceSettings, "Range: 0.0 to 1.0"); speed 0.7..1.2 as the
        // ElevenLabs voice settings docs give it [U: not in tts-engines.md; some SDK docs print wider ranges], so a
        // value ElevenLabs may refuse with a 400 mid-call is refused here, at create(), naming it.
        putDecimal(settings, "stability", o.string("stability", null), "stability", 0.0, 1.0);
        putDecimal(settings, "similarity_boost", o.string("similarity-boost", null), "similarity-boost", 0.0, 1.0);
        putDecimal(settings, "speed", o.string("speed", null), "speed", 0.7, 1.2);
        Transport transport = switch (o.string("transport", "websocket").strip().toLowerCase(Locale.ROOT)) {
            case "websocket" -> Transport.WEBSOCKET;
            case "http" -> Transport.HTTP;
            default -> throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option transport = "
                    + TtsException.excerpt(o.string("transport", ""), 40) + " is not websocket or http");
        };
        URI root = BaseUrl.parse(NAME, "option base-url", o.string("base-url", DEFAULT_BASE_URL), DEFAULT_BASE_URL,
                true);
        ApiKey key = ApiKey.require(NAME, o.string("api-key", environment.apply(API_KEY_ENV)), API_KEY_ENV, "");
        HttpEngineSettings connection = HttpEngineSettings.from(o, DEFAULT_MAX_CONCURRENT);
        Duration keepIdle = WarmSockets.keepIdle(o, WarmSockets.DEFAULT_KEEP_IDLE_MS);
        return new ElevenLabsEngine(root, key, voice, model, format, settings.isEmpty() ? null : settings,
                transport, connection, keepIdle);
    }

    /** Puts {@code value} (if given) under {@code field}, checked to be a decimal number in {@code [min, max]}. */
    private static void putDecimal(ObjectNode settings, String field, String value, String option, double min,
            double max) throws TtsException {
        if (value == null) {
            return;
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (d >= min && d <= max) {
                settings.put(field, d);
                return;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option " + option + " = "
                + TtsException.excerpt(value, 40) + " is not a number in [" + min + ", " + max + "]");
    }

    /** The model's per-request limit in characters (section 2a). */
    static int maxChars(String model) {
        return switch (model) {
            case "eleven_flash_v2_5", "eleven_turbo_v2_5" -> FLASH_TURBO_MAX_CHARS;
            default -> DEFAULT_MAX_CHARS;
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The format of the audio this engine delivers: mu-law, A-law or s16le, mono, at the format's rate. */
    public AudioFormatSpec format() {
        return format.spec();
    }

    /**
     * Speaks {@code text}: the sink gets {@link #format()} once, before the first chunk, then ElevenLabs' audio bytes
     * in order as they arrive, unchanged.
     *
     * @throws IllegalStateException if the engine is closed
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        if (closed) {
            throw new IllegalStateException("ElevenLabs engine is closed");
        }
        if (text.isBlank()) {
            return;
        }
        cancel.throwIfCancelled(NAME);
        List<String> pieces = RequestTextSplitter.split(text, maxChars);
        SinkFeed feed = new SinkFeed(sink, format.spec());
        try {
            if (transport == Transport.WEBSOCKET) {
                socket.converse(socketEndpoint, Map.of("xi-api-key", key.value()), cancel,
                        new StreamInputConversation(pieces, new ServerMessageReader(feed, key), feed));
            } else {
                for (String piece : pieces) {
                    http.streamAudio(request(piece), cancel, feed);
                }
            }
        } catch (TtsException e) {
            throw ErrorCodes.remap(e);
        }
    }

    private HttpRequest.Builder request(String text) {
        ObjectNode body = JSON.createObjectNode().put("text", text).put("model_id", model);
        if (voiceSettings != null) {
            body.set("voice_settings", voiceSettings);
        }
        return HttpRequest.newBuilder(httpEndpoint)
                .header("xi-api-key", key.value())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The HTTP client of {@code transport=http}, else null; for tests to see it end after {@link #close()}. */
    HttpEngineClient http() {
        return http;
    }

    /** The WebSocket client of {@code transport=websocket}, else null; for tests. */
    WebSocketEngineClient socket() {
        return socket;
    }

    /** Closes the client: syntheses in flight are aborted. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (http != null) {
            http.close();
        }
        if (socket != null) {
            socket.close();
        }
    }

    /** Voice, model, format, transport, endpoint and settings; never the key. */
    @Override
    public String toString() {
        return "ElevenLabsEngine[voice=" + voice + ", model=" + model + ", " + format.wireName() + ", "
                + transport.name().toLowerCase(Locale.ROOT) + ", endpoint="
                + HttpEngineClient.endpoint(transport == Transport.HTTP ? httpEndpoint : socketEndpoint) + ", "
                + (http != null ? http.settings() : socket.settings()) + (closed ? ", closed]" : "]");
    }
}
