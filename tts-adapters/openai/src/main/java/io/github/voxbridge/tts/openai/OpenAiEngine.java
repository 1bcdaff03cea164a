package io.github.voxbridge.tts.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.github.voxbridge.tts.transport.http.HttpEngineClient;
import io.github.voxbridge.tts.transport.http.HttpEngineSettings;
import io.github.voxbridge.tts.transport.http.RequestTextSplitter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * OpenAI's speech endpoint, {@code POST {base-url}/audio/speech}, streamed: the audio reaches the sink chunk by
 * chunk as the response body arrives (tts-engines.md section 1; OpenAI API reference "Create speech",
 * https://platform.openai.com/docs/api-reference/audio/createSpeech).
 *
 * <h2>Wire</h2>
 * Request: {@code Authorization: Bearer <key>}, {@code Content-Type: application/json}, body
 * {@code {"model","input","voice","response_format":"pcm","speed"?,"instructions"?}}. Response 200: a chunked body
 * of raw PCM, ended by the end of the body; errors as {@code {"error":{"message",…}}} with the status, 429 with
 * {@code Retry-After} (mapped by the shared transport, see {@link HttpEngineClient}). A 200 whose body is not audio
 * (JSON, text, HTML: a proxy's page) is PROTOCOL.
 *
 * <p><b>Why {@code pcm}.</b> OpenAI offers no mu-law or 8 kHz output ({@code mp3, opus, aac, flac, wav, pcm}), so
 * there is nothing to pass through to Twilio untouched; {@code pcm} (headerless s16le, mono, 24,000 Hz) is the one
 * format that needs no decoder and no header parsing, and streams sample by sample. The pipeline resamples it to
 * 8 kHz and encodes mu-law. Chunks arrive in arbitrary sizes, odd ones too, and are passed on as they come
 * (the {@link AudioSink} contract allows a sample split across chunks).
 *
 * <h2>Options</h2>
 * <pre>
 *   model                  gpt-4o-mini-tts (default), tts-1, tts-1-hd, or any model name OpenAI accepts
 *   voice                  alloy (default), ash, ballad, coral, echo, fable, onyx, nova, sage, shimmer, verse,
 *                          marin, cedar; a custom voice's id (voice_...) is sent as {"id": ...}
 *   instructions           how to speak (tone, accent), up to 4096 chars; not for tts-1 / tts-1-hd (BAD_REQUEST)
 *   speed                  0.25 .. 4.0 (OpenAI's default 1.0 when absent)
 *   base-url               the API root, default https://api.openai.com/v1, else $OPENAI_BASE_URL when set
 *   api-key                the key, else $OPENAI_API_KEY; neither: AUTH at create() naming OPENAI_API_KEY
 *   connect-timeout-ms     default 5000
 *   first-byte-timeout-ms  from request to response headers, default 10000
 *   max-concurrent         requests open at once on this engine, default 10; more wait their turn
 * </pre>
 *
 * <p><b>Long text.</b> OpenAI takes at most {@value #MAX_INPUT_CHARS} characters of input per request; a longer
 * text is split at sentence ends ({@link RequestTextSplitter}), the pieces requested one after another and their
 * audio delivered in order as one stream (one {@link AudioSink#format} call).
 *
 * <p>Thread-safe; calls run concurrently up to {@code max-concurrent}. No retries here (a decorator's job). The key
 * never appears in a message or in {@link #toString()}.
 */
public final class OpenAiEngine implements TtsEngine {

    /** The engine's name: {@value}. */
    public static final String NAME = "openai";
    /** What {@code response_format: "pcm"} is: s16le mono 24,000 Hz (tts-engines.md section 1, [C]). */
    public static final AudioFormatSpec FORMAT = new AudioFormatSpec(SampleEncoding.S16LE, 24_000);
    /** OpenAI's limit on {@code input}, in characters (openapi {@code CreateSpeechRequest.input.maxLength}). */
    public static final int MAX_INPUT_CHARS = 4096;
    /** The environment variable holding the key when no {@code api-key} option is given, as OpenAI's SDKs read it. */
    public static final String API_KEY_ENV = "OPENAI_API_KEY";
    /** The environment variable holding the API root when no {@code base-url} option is given (OpenAI's SDKs). */
    public static final String BASE_URL_ENV = "OPENAI_BASE_URL";

    static final String DEFAULT_MODEL = "gpt-4o-mini-tts";
    static final String DEFAULT_VOICE = "alloy";
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /**
     * OpenAI documents rate limits per minute, not a cap on concurrent speech requests; 10 keeps one engine from
     * opening connections without bound while letting a handful of calls speak at once.
     */
    static final int DEFAULT_MAX_CONCURRENT = 10;
    static final double MIN_SPEED = 0.25;
    static final double MAX_SPEED = 4.0;

    static final Set<String> OPTION_KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("model", "voice", "instructions", "speed", "base-url", "api-key"));
        keys.addAll(HttpEngineSettings.OPTION_KEYS);
        OPTION_KEYS = Set.copyOf(keys);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final ApiKey key;
    private final String model;
    private final String voice;
    private final String instructions;
    private final Double speed;
    private final HttpEngineClient client;
    private volatile boolean closed;

    private OpenAiEngine(URI endpoint, ApiKey key, String model, String voice, String instructions, Double speed,
            HttpEngineSettings settings) {
        this.endpoint = endpoint;
        this.key = key;
        this.model = model;
        this.voice = voice;
        this.instructions = instructions;
        this.speed = speed;
        this.client = new HttpEngineClient(NAME, settings, key);
    }

    /**
     * An engine with {@code options} (see the class comment), the key and base URL falling back to
     * {@code environment}.
     *
     * @param environment {@code System::getenv} in production; a map's {@code get} in tests
     * @throws TtsException AUTH if there is no key; BAD_REQUEST for an unknown option or a bad value
     */
    static OpenAiEngine create(Map<String, String> options, Function<String, String> environment)
            throws TtsException {
        EngineOptions o = new EngineOptions(NAME, options, OPTION_KEYS);
        String model = nonBlank(o, "model", DEFAULT_MODEL);
        String voice = nonBlank(o, "voice", DEFAULT_VOICE);
        String instructions = o.string("instructions", null);
        if (instructions != null && instructions.isBlank()) {
            instructions = null;
        }
        if (instructions != null && model.startsWith("tts-1")) {
            // tts-1 and tts-1-hd (and their dated snapshots) take no instructions: OpenAI would reject the request.
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option instructions is not supported by model "
                    + TtsException.excerpt(model, 40) + " (use gpt-4o-mini-tts)");
        }
        if (instructions != null && instructions.length() > MAX_INPUT_CHARS) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option instructions = "
                    + TtsException.excerpt(instructions, 40) + " is over " + MAX_INPUT_CHARS + " chars");
        }
        Double speed = speed(o.string("speed", null));
        URI endpoint = BaseUrl.http(BaseUrl.parse(NAME,
                options.containsKey("base-url") ? "option base-url" : BASE_URL_ENV,
                o.string("base-url", orDefault(environment.apply(BASE_URL_ENV), DEFAULT_BASE_URL)), DEFAULT_BASE_URL,
                true), "/audio/speech");
        ApiKey key = key(o.string("api-key", environment.apply(API_KEY_ENV)));
        HttpEngineSettings settings = HttpEngineSettings.from(o, DEFAULT_MAX_CONCURRENT);
        return new OpenAiEngine(endpoint, key, model, voice, instructions, speed, settings);
    }

    private static String nonBlank(EngineOptions o, String option, String fallback) throws TtsException {
        String value = o.string(option, fallback).strip();
        if (value.isEmpty()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option " + option + " is blank");
        }
        return value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Double speed(String value) throws TtsException {
        if (value == null) {
            return null;
        }
        try {
            double s = Double.parseDouble(value.strip());
            if (s >= MIN_SPEED && s <= MAX_SPEED) { // false for NaN too
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option speed = " + TtsException.excerpt(value, 40)
                + " is not a number in [" + MIN_SPEED + ", " + MAX_SPEED + "]");
    }

    private static ApiKey key(String value) throws TtsException {
        return ApiKey.require(NAME, value, API_KEY_ENV, "");
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Speaks {@code text}: one request per piece of at most {@value #MAX_INPUT_CHARS} chars, the sink getting
     * {@link #FORMAT} once, before the first chunk, and the bytes of every response body in order as they arrive.
     *
     * @throws IllegalStateException if the engine is closed
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        if (closed) {
            throw new IllegalStateException("OpenAI engine is closed");
        }
        if (text.isBlank()) {
            return;
        }
        cancel.throwIfCancelled(NAME);
        SinkFeed feed = new SinkFeed(sink, FORMAT);
        for (String piece : RequestTextSplitter.split(text, MAX_INPUT_CHARS)) {
            client.streamAudio(request(piece), cancel, feed);
        }
    }

    private HttpRequest.Builder request(String input) throws TtsException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("input", input);
        if (voice.startsWith("voice_")) {
            body.putObject("voice").put("id", voice); // a custom voice ([C] CreateSpeechRequest.voice oneOf)
        } else {
            body.put("voice", voice);
        }
        body.put("response_format", "pcm");
        if (speed != null) {
            body.put("speed", speed);
        }
        if (instructions != null) {
            body.put("instructions", instructions);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new TtsException(TtsException.Kind.INTERNAL, NAME, "cannot write the request JSON", e);
        }
        return HttpRequest.newBuilder(endpoint)
                .header("Authorization", "Bearer " + key.value())
                .header("Content-Type", "application/json")
                .header("Accept", "application/octet-stream") // as OpenAI's SDK asks for binary responses
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    }

    /** The HTTP client, for tests to see it end after {@link #close()}. */
    HttpEngineClient client() {
        return client;
    }

    /** Closes the HTTP client: requests in flight are aborted. Idempotent. */
    @Override
    public void close() {
        closed = true;
        client.close();
    }

    /** Model, voice, endpoint and settings; never the key. */
    @Override
    public String toString() {
        return "OpenAiEngine[model=" + model + ", voice=" + voice + ", endpoint=" + endpoint
                + (speed == null ? "" : ", speed=" + speed) + (instructions == null ? "" : ", with instructions")
                + ", " + client.settings() + (closed ? ", closed]" : "]");
    }
}
