package io.github.voxbridge.tts.cartesia;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.github.voxbridge.tts.transport.http.HttpEngineSettings;
import io.github.voxbridge.tts.transport.http.RequestTextSplitter;
import io.github.voxbridge.tts.transport.websocket.WarmSockets;
import io.github.voxbridge.tts.transport.websocket.WebSocketEngineClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Cartesia Sonic text-to-speech over its WebSocket, streamed: audio reaches the sink as Cartesia sends it
 * (tts-engines.md section 4a; Cartesia docs "Text to Speech (WebSocket)",
 * https://docs.cartesia.ai/api-reference/tts/websocket).
 *
 * <h2>Wire</h2>
 * {@code wss://api.cartesia.ai/tts/websocket} ({@code ws://} for an {@code http://} base URL), authenticated either
 * way Cartesia accepts: {@code auth=header} (default) sends {@code X-API-Key: <key>} and
 * {@code Cartesia-Version: <version>}; {@code auth=query} puts {@code ?api_key=…&cartesia_version=…} in the URI
 * instead (for proxies that strip headers). The key is then part of the URI, which the shared transport never shows
 * (its messages name the endpoint without the query) and this engine never prints.
 *
 * <p>Each synthesis is one context on its own socket, with a unique {@code context_id}: one generation request per
 * piece of text, {@code "continue":true}, then {@code {"transcript":"","continue":false}} with the same other fields
 * (Cartesia's continuations; the transcripts join verbatim, spaces kept). {@code max_buffer_delay_ms} is 0: the text
 * arrives whole (whole sentences at least), so Cartesia's buffering for more input (3000 ms by default) would only add
 * latency, and Cartesia advises against buffering on both sides (Pipecat does the same for sentences). The server's
 * {@code chunk} messages carry base64 audio, {@code done} ends it, {@code timestamps} and {@code flush_done} are
 * ignored, an {@code error} message fails the synthesis with the kind of its {@code status_code} (401/403 AUTH, 429
 * RATE_LIMITED, 5xx UNAVAILABLE, other 4xx BAD_REQUEST). A refused handshake (a bad key: 401; too many sockets: 429
 * with its retry delay) is mapped by the shared transport; a close before {@code done} is UNAVAILABLE, after the
 * audio delivered; a message that cannot be read is PROTOCOL. Cancel sends {@code {"context_id":…,"cancel":true}}
 * and closes.
 *
 * <p><b>Why {@code pcm_mulaw} at 8000 Hz by default.</b> Twilio Media Streams carry exactly that (G.711 mu-law,
 * 8 kHz), and Cartesia produces it directly: its bytes are passed through untouched ({@link AudioSink#format} gets
 * mu-law 8000 Hz, then the bytes as decoded from each chunk, odd lengths kept whole), with no decode, resample or
 * re-encode on our side, the least CPU and latency there is.
 *
 * <h2>Options</h2>
 * <pre>
 *   voice                  a voice id, default a0e99841-438c-4a64-b679-ae501e7d6091 (a stock voice, "Barbershop
 *                          Man", the id of Cartesia's own WebSocket request example, API reference 2024-11-13)
 *   model                  sonic-3 (default), sonic-3.5, sonic-latest, a dated sonic-3-… snapshot, …
 *   encoding               pcm_mulaw (default), pcm_alaw, pcm_s16le or pcm_f32le
 *   sample-rate            Hz: 8000, 16000, 22050, 24000, 44100 or 48000; default 8000 for mu-law and A-law,
 *                          24000 for s16le and f32le
 *   language               default en (ISO 639-1, e.g. es, de, fr, ja)
 *   speed                  optional, 0.6 .. 1.5 (generation_config.speed; sonic-3 and later)
 *   auth                   header (default) or query
 *   version                the dated API version, default 2026-03-01
 *   base-url               the API root, default https://api.cartesia.ai (ws:// or wss:// derived from it)
 *   api-key                the key, else $CARTESIA_API_KEY; neither: AUTH at create() naming CARTESIA_API_KEY
 *   connect-timeout-ms     connection and WebSocket handshake, default 5000
 *   first-byte-timeout-ms  longest wait for any message from Cartesia, default 10000
 *   max-concurrent         syntheses open at once on this engine, default 5; more wait their turn
 *   keep-idle-ms           how long a socket is kept open for the next synthesis, default 60000; 0 for a new socket
 *                          per synthesis
 * </pre>
 *
 * <p><b>Warm sockets.</b> After {@code done} the socket carries the next synthesis in a new context (Cartesia's
 * contexts are made for that, section 4a): the next call skips the TCP, TLS and upgrade round trips. An unused
 * socket is closed after {@code keep-idle-ms} (Cartesia closes idle sockets after 5 minutes itself); one Cartesia
 * closed meanwhile is replaced without the caller noticing. Late messages of an earlier context are ignored, and a
 * socket whose synthesis failed or was cancelled is never reused.
 *
 * <p><b>Version.</b> {@value #DEFAULT_VERSION} is the newest version Cartesia's API reference lists for its
 * endpoints (2024-06-10, 2024-11-13, 2025-04-16, 2026-03-01) and the one Pipecat pins; the request shape sent for it
 * (section 4a, {@code "voice":{"mode":"id","id":…}}) is confirmed there. Versions from 2026-08-14 on (Cartesia SDK v4)
 * take the voice as {@code {"id":…}} without {@code mode}: that shape is sent when such a version is asked for.
 *
 * <p><b>Long text.</b> Cartesia documents no per-request text limit (section 4a). The text is still split at sentence
 * ends ({@link RequestTextSplitter}) into pieces of at most {@value #PIECE_CHARS} characters, each its own
 * continuation of the one context: about half a minute of speech each (at roughly 15 characters a second), small
 * enough that Cartesia starts generating the first piece without waiting for the whole text to be parsed, large
 * enough that a paragraph's sentences go together. Prosody carries across pieces through the context. Either way the
 * audio arrives in order as one stream, with one {@link AudioSink#format} call.
 *
 * <p>Thread-safe; calls run concurrently up to {@code max-concurrent}, each on its own socket. No retries here (a
 * decorator's job). The key never appears in a message or in {@link #toString()}.
 */
public final class CartesiaEngine implements TtsEngine {

    /** The engine's name: {@value}. */
    public static final String NAME = "cartesia";
    /** The environment variable holding the key when no {@code api-key} option is given, as Cartesia's SDKs read it. */
    public static final String API_KEY_ENV = "CARTESIA_API_KEY";
    /** The longest piece of text one generation request carries, in chars (see "Long text" above). */
    public static final int PIECE_CHARS = 500;

    static final String DEFAULT_VOICE = "a0e99841-438c-4a64-b679-ae501e7d6091";
    static final String DEFAULT_MODEL = "sonic-3";
    static final String DEFAULT_VERSION = "2026-03-01";
    /** The first API version whose voice is {@code {"id":…}} without {@code mode} (Cartesia SDK v4, section 4a). */
    static final String PLAIN_VOICE_VERSION = "2026-08-14";
    static final String DEFAULT_BASE_URL = "https://api.cartesia.ai";
    static final String PATH = "/tts/websocket";
    /**
     * Cartesia limits concurrent contexts per plan: Free 2, Pro 3, Startup 5, Scale 15; a context beyond that is
     * refused with 429 (section 4a). 5, the Startup plan's, lets a handful of calls speak at once; a smaller plan
     * that goes over gets a typed RATE_LIMITED (loud, and fixed with {@code -E max-concurrent=2}) rather than a
     * larger plan's calls silently queueing behind a too-small default.
     */
    static final int DEFAULT_MAX_CONCURRENT = 5;

    static final Set<String> OPTION_KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("voice", "model", "encoding", "sample-rate", "language", "speed",
                "auth", "version", "base-url", "api-key"));
        keys.addAll(HttpEngineSettings.OPTION_KEYS);
        keys.add(WarmSockets.KEEP_IDLE_MS);
        OPTION_KEYS = Set.copyOf(keys);
    }

    private static final List<Integer> SAMPLE_RATES = List.of(8_000, 16_000, 22_050, 24_000, 44_100, 48_000);
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?");
    private static final double MIN_SPEED = 0.6;
    private static final double MAX_SPEED = 1.5;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Numbers this process' contexts; with a random part so that ids stay unique across processes too. */
    private static final AtomicLong CONTEXTS = new AtomicLong();

    /** Where the key goes. */
    enum Auth {
        HEADER, QUERY
    }

    private final URI endpoint;
    private final ApiKey key;
    private final Auth auth;
    private final String version;
    private final String model;
    private final String voice;
    private final String encoding;
    private final AudioFormatSpec format;
    private final ObjectNode fields;
    private final WebSocketEngineClient socket;
    private volatile boolean closed;

    private CartesiaEngine(URI root, ApiKey key, Auth auth, String version, String model, String voice,
            String encoding, AudioFormatSpec format, ObjectNode fields, HttpEngineSettings settings,
            Duration keepIdle) {
        this.endpoint = BaseUrl.webSocket(root, PATH);
        this.key = key;
        this.auth = auth;
        this.version = version;
        this.model = model;
        this.voice = voice;
        this.encoding = encoding;
        this.format = format;
        this.fields = fields;
        this.socket = new WebSocketEngineClient(NAME, settings, key, WarmSockets.reusable(keepIdle));
    }

    /**
     * An engine with {@code options} (see the class comment), the key falling back to {@code environment}.
     *
     * @param environment {@code System::getenv} in production; a map's {@code get} in tests
     * @throws TtsException AUTH if there is no key; BAD_REQUEST for an unknown option or a bad value
     */
    static CartesiaEngine create(Map<String, String> options, Function<String, String> environment)
            throws TtsException {
        EngineOptions o = new EngineOptions(NAME, options, OPTION_KEYS);
        String voice = token(o, "voice", DEFAULT_VOICE, "a voice id such as " + DEFAULT_VOICE);
        String model = token(o, "model", DEFAULT_MODEL, "a model name such as " + DEFAULT_MODEL);
        String encoding = o.string("encoding", "pcm_mulaw").strip().toLowerCase(Locale.ROOT);
        AudioFormatSpec format = format(encoding, o.string("sample-rate", null));
        String language = o.string("language", "en").strip();
        if (!LANGUAGE.matcher(language).matches()) {
            throw badOption("language", language, "a language code such as en, es or pt-BR");
        }
        Double speed = speed(o.string("speed", null));
        Auth auth = switch (o.string("auth", "header").strip().toLowerCase(Locale.ROOT)) {
            case "header" -> Auth.HEADER;
            case "query" -> Auth.QUERY;
            default -> throw badOption("auth", o.string("auth", ""), "header or query");
        };
        String version = o.string("version", DEFAULT_VERSION).strip();
        if (!VERSION.matcher(version).matches()) {
            throw badOption("version", version, "a dated API version such as " + DEFAULT_VERSION);
        }
        URI root = BaseUrl.parse(NAME, "option base-url", o.string("base-url", DEFAULT_BASE_URL), DEFAULT_BASE_URL,
                true);
        ApiKey key = ApiKey.require(NAME, o.string("api-key", environment.apply(API_KEY_ENV)), API_KEY_ENV, "");
        if (auth == Auth.QUERY && !key.value().equals(URLEncoder.encode(key.value(), StandardCharsets.UTF_8))) {
            // In the query the key would be percent-encoded, a form ApiKey.redact does not know to hide.
            throw new TtsException(TtsException.Kind.AUTH, NAME, "auth=query needs a key of letters, digits and"
                    + " - _ . * only; this one holds others (not shown): use auth=header");
        }
        HttpEngineSettings settings = HttpEngineSettings.from(o, DEFAULT_MAX_CONCURRENT);
        Duration keepIdle = WarmSockets.keepIdle(o, WarmSockets.DEFAULT_KEEP_IDLE_MS);

        ObjectNode fields = JSON.createObjectNode();
        fields.put("model_id", model);
        if (version.compareTo(PLAIN_VOICE_VERSION) >= 0) {
            fields.putObject("voice").put("id", voice);
        } else {
            fields.putObject("voice").put("mode", "id").put("id", voice);
        }
        fields.putObject("output_format").put("container", "raw").put("encoding", encoding)
                .put("sample_rate", format.sampleRate());
        fields.put("language", language);
        fields.put("add_timestamps", false);
        fields.put("max_buffer_delay_ms", 0);
        if (speed != null) {
            fields.putObject("generation_config").put("speed", speed);
        }
        return new CartesiaEngine(root, key, auth, version, model, voice, encoding, format, fields, settings,
                keepIdle);
    }

    /** A value that goes into JSON as is: visible ASCII, no spaces, at most 100 chars. */
    private static String token(EngineOptions o, String option, String fallback, String expected)
            throws TtsException {
        String value = o.string(option, fallback).strip();
        if (value.isEmpty() || value.length() > 100 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw badOption(option, value, expected);
        }
        return value;
    }

    /** The format Cartesia sends for {@code encoding} at {@code rate} (section 4a, output_format). */
    private static AudioFormatSpec format(String encoding, String rate) throws TtsException {
        SampleEncoding sampleEncoding = switch (encoding) {
            case "pcm_mulaw" -> SampleEncoding.MULAW;
            case "pcm_alaw" -> SampleEncoding.ALAW;
            case "pcm_s16le" -> SampleEncoding.S16LE;
            case "pcm_f32le" -> SampleEncoding.F32LE; // IEEE 754 single, little-endian, nominally -1.0 .. 1.0
            default -> throw badOption("encoding", encoding, "pcm_mulaw, pcm_alaw, pcm_s16le or pcm_f32le");
        };
        if (rate == null) {
            boolean g711 = sampleEncoding == SampleEncoding.MULAW || sampleEncoding == SampleEncoding.ALAW;
            return new AudioFormatSpec(sampleEncoding, g711 ? 8_000 : 24_000);
        }
        try {
            int hz = Integer.parseInt(rate.strip());
            if (SAMPLE_RATES.contains(hz)) {
                return new AudioFormatSpec(sampleEncoding, hz);
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted rates
        }
        throw badOption("sample-rate", rate, "one of " + SAMPLE_RATES + " Hz");
    }

    private static Double speed(String value) throws TtsException {
        if (value == null) {
            return null;
        }
        try {
            double speed = Double.parseDouble(value.strip());
            if (speed >= MIN_SPEED && speed <= MAX_SPEED) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw badOption("speed", value, "a number from " + MIN_SPEED + " to " + MAX_SPEED);
    }

    private static TtsException badOption(String option, String value, String expected) {
        return new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option " + option + " = "
                + TtsException.excerpt(value, 80) + " is not " + expected);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The format of the audio this engine delivers: mu-law, A-law, s16le or f32le, mono, at the configured rate. */
    public AudioFormatSpec format() {
        return format;
    }

    /**
     * Speaks {@code text}: the sink gets {@link #format()} once, before the first chunk, then Cartesia's audio bytes
     * in order as they arrive, as decoded from base64 and otherwise unchanged.
     *
     * @throws IllegalStateException if the engine is closed
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        if (closed) {
            throw new IllegalStateException("Cartesia engine is closed");
        }
        if (text.isBlank()) {
            return;
        }
        cancel.throwIfCancelled(NAME);
        List<String> pieces = RequestTextSplitter.split(text, PIECE_CHARS);
        ContextConversation conversation = new ContextConversation(newContextId(), fields, pieces,
                new SinkFeed(sink, format), key);
        if (auth == Auth.QUERY) {
            URI uri = URI.create(endpoint + "?api_key=" + URLEncoder.encode(key.value(), StandardCharsets.UTF_8)
                    + "&cartesia_version=" + version);
            socket.converse(uri, Map.of(), cancel, conversation);
        } else {
            socket.converse(endpoint, Map.of("X-API-Key", key.value(), "Cartesia-Version", version), cancel,
                    conversation);
        }
    }

    /** {@code vb-<n>-<random>}: unique per synthesis (Cartesia matches responses to requests by it). */
    static String newContextId() {
        return "vb-" + Long.toString(CONTEXTS.incrementAndGet(), 36) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** The WebSocket client; for tests to see it end after {@link #close()}. */
    WebSocketEngineClient socket() {
        return socket;
    }

    /** Closes the client: syntheses in flight are aborted. Idempotent. */
    @Override
    public void close() {
        closed = true;
        socket.close();
    }

    /** Model, voice, format, auth style, version, endpoint (never with a query) and settings; never the key. */
    @Override
    public String toString() {
        return "CartesiaEngine[model=" + model + ", voice=" + voice + ", " + encoding + " " + format.sampleRate()
                + " Hz, auth=" + auth.name().toLowerCase(Locale.ROOT) + ", version=" + version + ", endpoint="
                + endpoint + ", " + socket.settings() + (closed ? ", closed]" : "]");
    }
}
