package io.github.voxbridge.tts.deepgram;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
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
 * Deepgram Aura text-to-speech, streamed: audio reaches the sink as Deepgram sends it (tts-engines.md section 3;
 * Deepgram docs "Text to Speech", https://developers.deepgram.com/docs/text-to-speech).
 *
 * <h2>Wire</h2>
 * Both transports send {@code Authorization: Token <key>} and ask for raw audio in the chosen encoding and rate.
 * <ul>
 *   <li><b>{@code transport=websocket}</b> (default, Deepgram's lowest-latency path):
 *       {@code wss://api.deepgram.com/v1/speak?model=M&encoding=E&sample_rate=R}; the engine sends
 *       {@code {"type":"Speak","text":…}} per piece of text, then {@code {"type":"Flush"}}; the server's binary
 *       frames are the audio, and {@code {"type":"Flushed"}} ends it; then {@code {"type":"Close"}}. Cancel sends
 *       {@code {"type":"Clear"}} and closes. Its other JSON messages ({@code Metadata}, {@code Cleared},
 *       {@code Warning}) are read and ignored; a text frame that is not a JSON object with a {@code type} is
 *       PROTOCOL. A close before {@code Flushed} is UNAVAILABLE, after the audio delivered.</li>
 *   <li><b>{@code transport=rest}</b>: {@code POST /v1/speak?model=M&encoding=E&sample_rate=R&container=none}, body
 *       {@code {"text":…}}, the audio as the chunked response body. {@code container=none} matters: the REST
 *       default is {@code wav}, whose RIFF header would land in the audio (tts-engines.md, pitfall 2).</li>
 * </ul>
 * Errors (refused handshake, HTTP status, {@code {"err_code","err_msg"}} bodies, {@code dg-error} header) are mapped
 * by the shared transport: 401/403 AUTH, 429 RATE_LIMITED, 5xx UNAVAILABLE, other 4xx BAD_REQUEST.
 *
 * <p><b>Why mu-law 8000 Hz by default.</b> Twilio Media Streams carry exactly that (G.711 mu-law, 8 kHz), and
 * Deepgram produces it directly: its bytes are passed through untouched ({@link AudioSink#format} gets mu-law
 * 8000 Hz, then the bytes as received), with no decode, resample or re-encode on our side, the least CPU and latency
 * there is. {@code encoding=linear16} (s16le, at 8000, 16000, 24000 or 48000 Hz) is there for callers that want PCM.
 *
 * <h2>Options</h2>
 * <pre>
 *   model                  aura-2-thalia-en (default), any aura-2-&lt;voice&gt;-&lt;lang&gt; or aura-&lt;voice&gt;-en
 *   encoding               mulaw (default) or linear16
 *   sample-rate            Hz; mulaw: 8000 (default) or 16000; linear16: 8000, 16000, 24000 (default) or 48000
 *   transport              websocket (default) or rest
 *   base-url               the API root, default https://api.deepgram.com (ws:// or wss:// derived from it)
 *   api-key                the key, else $DEEPGRAM_API_KEY; neither: AUTH at create() naming DEEPGRAM_API_KEY
 *   connect-timeout-ms     connection and WebSocket handshake, default 5000
 *   first-byte-timeout-ms  REST: request to response headers; WebSocket: longest wait for any message; default 10000
 *   max-concurrent         syntheses open at once on this engine, default 10; more wait their turn
 *   keep-idle-ms           WebSocket: how long a socket is kept open for the next synthesis, default 60000; 0 for
 *                          a new socket per synthesis
 * </pre>
 *
 * <p><b>Warm sockets.</b> After {@code Flushed} the socket stays open and carries the next synthesis (Pipecat sends
 * many utterances over one socket, tts-engines.md section 3b): the next call skips the TCP, TLS and upgrade round
 * trips. An unused socket is closed after {@code keep-idle-ms}; one Deepgram closed meanwhile (its idle limit for
 * TTS sockets is not documented, section 3b [U]) is replaced without the caller noticing. A socket whose synthesis
 * failed or was cancelled is never reused; {@code Close} is sent only when a socket is not kept.
 *
 * <p><b>Long text.</b> Deepgram refuses more than {@value #MAX_TEXT_CHARS} characters per request (413, "Input text
 * exceeds maximum character limit"; tts-engines.md section 3a). Longer text is split at sentence ends
 * ({@link RequestTextSplitter}): over REST one request per piece, over the WebSocket one {@code Speak} per piece (the
 * per-{@code Speak} limit is not documented, section 3b [U], so the REST one is kept) and one {@code Flush}. Either
 * way the audio arrives in order as one stream, with one {@link AudioSink#format} call.
 *
 * <p>Thread-safe; calls run concurrently up to {@code max-concurrent}, each on its own socket (one at a time) or
 * request. No retries
 * here (a decorator's job). The key never appears in a message or in {@link #toString()}.
 */
public final class DeepgramEngine implements TtsEngine {

    /** The engine's name: {@value}. */
    public static final String NAME = "deepgram";
    /** Deepgram's limit on the text of one request, in characters (tts-engines.md section 3a, 413). */
    public static final int MAX_TEXT_CHARS = 2000;
    /** The environment variable holding the key when no {@code api-key} option is given, as Deepgram's SDKs read it. */
    public static final String API_KEY_ENV = "DEEPGRAM_API_KEY";

    static final String DEFAULT_MODEL = "aura-2-thalia-en";
    static final String DEFAULT_BASE_URL = "https://api.deepgram.com";
    /**
     * Deepgram caps concurrent requests per project (429 beyond, tts-engines.md section 3a) without a number this
     * library can rely on; 10 keeps one engine from opening connections without bound while letting a handful of
     * calls speak at once.
     */
    static final int DEFAULT_MAX_CONCURRENT = 10;

    static final Set<String> OPTION_KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("model", "encoding", "sample-rate", "transport", "base-url",
                "api-key"));
        keys.addAll(HttpEngineSettings.OPTION_KEYS);
        keys.add(WarmSockets.KEEP_IDLE_MS);
        OPTION_KEYS = Set.copyOf(keys);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two ways to Deepgram. */
    enum Transport {
        WEBSOCKET, REST
    }

    private final URI restEndpoint;
    private final URI socketEndpoint;
    private final ApiKey key;
    private final String model;
    private final String encoding;
    private final AudioFormatSpec format;
    private final Transport transport;
    private final HttpEngineClient http;
    private final WebSocketEngineClient socket;
    private volatile boolean closed;

    private DeepgramEngine(URI root, ApiKey key, String model, String encoding, AudioFormatSpec format,
            Transport transport, HttpEngineSettings settings, Duration keepIdle) {
        String query = "?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&encoding=" + encoding
                + "&sample_rate=" + format.sampleRate();
        this.restEndpoint = BaseUrl.http(root, "/v1/speak" + query + "&container=none");
        this.socketEndpoint = BaseUrl.webSocket(root, "/v1/speak" + query);
        this.key = key;
        this.model = model;
        this.encoding = encoding;
        this.format = format;
        this.transport = transport;
        this.http = transport == Transport.REST ? new HttpEngineClient(NAME, settings, key) : null;
        this.socket = transport == Transport.WEBSOCKET ? new WebSocketEngineClient(NAME, settings, key,
                WarmSockets.reusable(keepIdle)) : null;
    }

    /**
     * An engine with {@code options} (see the class comment), the key falling back to {@code environment}.
     *
     * @param environment {@code System::getenv} in production; a map's {@code get} in tests
     * @throws TtsException AUTH if there is no key; BAD_REQUEST for an unknown option or a bad value
     */
    static DeepgramEngine create(Map<String, String> options, Function<String, String> environment)
            throws TtsException {
        EngineOptions o = new EngineOptions(NAME, options, OPTION_KEYS);
        String model = o.string("model", DEFAULT_MODEL).strip();
        if (model.isEmpty() || !model.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option model = "
                    + TtsException.excerpt(model, 40) + " is not a model name such as " + DEFAULT_MODEL);
        }
        String encoding = o.string("encoding", "mulaw").strip().toLowerCase(Locale.ROOT);
        AudioFormatSpec format = format(encoding, o.string("sample-rate", null));
        Transport transport = switch (o.string("transport", "websocket").strip().toLowerCase(Locale.ROOT)) {
            case "websocket" -> Transport.WEBSOCKET;
            case "rest" -> Transport.REST;
            default -> throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option transport = "
                    + TtsException.excerpt(o.string("transport", ""), 40) + " is not websocket or rest");
        };
        URI root = BaseUrl.parse(NAME, "option base-url", o.string("base-url", DEFAULT_BASE_URL), DEFAULT_BASE_URL,
                true);
        ApiKey key = key(o.string("api-key", environment.apply(API_KEY_ENV)));
        HttpEngineSettings settings = HttpEngineSettings.from(o, DEFAULT_MAX_CONCURRENT);
        Duration keepIdle = WarmSockets.keepIdle(o, WarmSockets.DEFAULT_KEEP_IDLE_MS);
        return new DeepgramEngine(root, key, model, encoding, format, transport, settings, keepIdle);
    }

    /** The format Deepgram sends for {@code encoding} at {@code rate} (tts-engines.md section 3a, formats). */
    private static AudioFormatSpec format(String encoding, String rate) throws TtsException {
        List<Integer> rates;
        SampleEncoding sampleEncoding;
        int defaultRate;
        switch (encoding) {
            case "mulaw" -> {
                sampleEncoding = SampleEncoding.MULAW;
                rates = List.of(8_000, 16_000);
                defaultRate = 8_000;
            }
            case "linear16" -> {
                sampleEncoding = SampleEncoding.S16LE; // Deepgram's linear16: signed 16-bit little-endian
                rates = List.of(8_000, 16_000, 24_000, 48_000);
                defaultRate = 24_000;
            }
            default -> throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option encoding = "
                    + TtsException.excerpt(encoding, 40) + " is not mulaw or linear16");
        }
        if (rate == null) {
            return new AudioFormatSpec(sampleEncoding, defaultRate);
        }
        try {
            int hz = Integer.parseInt(rate.strip());
            if (rates.contains(hz)) {
                return new AudioFormatSpec(sampleEncoding, hz);
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted rates
        }
        throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option sample-rate = "
                + TtsException.excerpt(rate, 40) + " is not one of " + rates + " Hz for encoding " + encoding);
    }

    private static ApiKey key(String value) throws TtsException {
        return ApiKey.require(NAME, value, API_KEY_ENV, "");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The format of the audio this engine delivers: mu-law or s16le, mono, at the configured rate. */
    public AudioFormatSpec format() {
        return format;
    }

    /**
     * Speaks {@code text}: the sink gets {@link #format()} once, before the first chunk, then Deepgram's audio bytes
     * in order as they arrive, unchanged.
     *
     * @throws IllegalStateException if the engine is closed
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        if (closed) {
            throw new IllegalStateException("Deepgram engine is closed");
        }
        if (text.isBlank()) {
            return;
        }
        cancel.throwIfCancelled(NAME);
        List<String> pieces = RequestTextSplitter.split(text, MAX_TEXT_CHARS);
        SinkFeed feed = new SinkFeed(sink, format);
        if (transport == Transport.WEBSOCKET) {
            socket.converse(socketEndpoint, Map.of("Authorization", "Token " + key.value()), cancel,
                    new SpeakConversation(pieces, feed));
        } else {
            for (String piece : pieces) {
                http.streamAudio(request(piece), cancel, feed);
            }
        }
    }

    private HttpRequest.Builder request(String text) {
        byte[] json = JSON.createObjectNode().put("text", text).toString().getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(restEndpoint)
                .header("Authorization", "Token " + key.value())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    }

    /** The HTTP client of {@code transport=rest}, else null; for tests to see it end after {@link #close()}. */
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

    /** Model, format, transport, endpoint and settings; never the key. */
    @Override
    public String toString() {
        return "DeepgramEngine[model=" + model + ", " + encoding + " " + format.sampleRate() + " Hz, "
                + transport.name().toLowerCase(Locale.ROOT) + ", endpoint="
                + (transport == Transport.REST ? restEndpoint : socketEndpoint) + ", "
                + (http != null ? http.settings() : socket.settings()) + (closed ? ", closed]" : "]");
    }
}
