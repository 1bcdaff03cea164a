package io.github.voxbridge.tts.google;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.HttpEngineClient;
import io.github.voxbridge.tts.transport.http.HttpEngineSettings;
import io.github.voxbridge.tts.transport.http.RequestTextSplitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Cloud Text-to-Speech, {@code POST {base-url}/v1/text:synthesize} (tts-engines.md section 5; googleapis
 * {@code google/cloud/texttospeech/v1/cloud_tts.proto}; https://cloud.google.com/text-to-speech/docs/reference/rest/
 * v1/text/synthesize).
 *
 * <h2>Wire</h2>
 * Request: {@code ?key=<API key>} on the URL (the form tts-engines.md confirms for API keys; the
 * {@code X-Goog-Api-Key} header is unconfirmed for this API), {@code Content-Type: application/json}, body
 * {@code {"input":{"text"},"voice":{"languageCode","name"},"audioConfig":{"audioEncoding","sampleRateHertz"}}}.
 * Response 200: one JSON body {@code {"audioContent":"<base64>"}}, no streaming: the audio reaches the sink when
 * the whole response has arrived. Errors: a status with {@code {"error":{"code","message","status"}}}, mapped as
 * everywhere (401/403 AUTH, 429 RATE_LIMITED with {@code Retry-After} if sent, 5xx UNAVAILABLE; see
 * {@link HttpEngineClient}). A 200 whose body is not JSON, has no {@code audioContent} string, holds bad base64 or a
 * WAV header that is malformed or of another format than asked: PROTOCOL.
 *
 * <p><b>Formats.</b> {@code format=mulaw} (default) asks for {@code MULAW} at {@code sampleRateHertz: 8000}, which
 * is what Twilio plays; Google puts a WAV header before it, which is parsed ({@link WavAudioContent}) and dropped,
 * and the mu-law bytes after it are passed through exactly as received: the default because it costs least
 * on our side (no decode, resample or encode) and is the smallest response (1 byte per sample at 8 kHz).
 * {@code format=pcm} asks for {@code LINEAR16} at 24,000 Hz (header parsed the same way), s16le: not Google's
 * headerless {@code PCM} encoding, which Chirp 3 voices refused in non-streaming synthesis (tts-engines.md
 * section 5, LiveKit PR #2176).
 *
 * <p><b>Authentication</b> ({@link GoogleAuthorization}). An API key ({@code api-key}, else
 * {@value #API_KEY_ENV}) on the URL as {@code ?key=}; without one, OAuth2 access tokens from Google credentials:
 * the {@code credentials} file, else the file {@value GoogleAuthorization#CREDENTIALS_ENV} names (a service-account
 * or authorized-user JSON), else the rest of Application Default Credentials (gcloud's file, the metadata server
 * on Google Cloud), sent as {@code Authorization: Bearer <token>} (and {@code x-goog-user-project} when the
 * credentials name a quota project) and refreshed by Google's auth library when they expire, before the request
 * that needs them (a blocking call to the token endpoint, not cancellable). None: AUTH at {@link #create} naming
 * both variables.
 *
 * <h2>Options</h2>
 * <pre>
 *   voice                  en-US-Chirp3-HD-Charon (default), any Google voice name; languageCode is its first
 *                          two parts (en-US)
 *   format                 mulaw (default: MULAW, 8000 Hz) or pcm (LINEAR16, 24000 Hz)
 *   api-key                the API key, else $GOOGLE_API_KEY
 *   credentials            without a key: a service-account or authorized-user JSON file, else
 *                          $GOOGLE_APPLICATION_CREDENTIALS, else Application Default Credentials; none of
 *                          these: AUTH at create() naming GOOGLE_API_KEY and GOOGLE_APPLICATION_CREDENTIALS
 *   base-url               the API root, default https://texttospeech.googleapis.com (a proxy, a test server)
 *   connect-timeout-ms     default 5000
 *   first-byte-timeout-ms  from request to response headers (Google sends them when synthesis is done),
 *                          default 10000
 *   max-concurrent         requests open at once on this engine, default 10; more wait their turn
 * </pre>
 *
 * <p><b>Long text.</b> Google takes at most {@value #MAX_INPUT_BYTES} bytes of input (bytes of UTF-8, not
 * characters; the quota "cannot be raised", tts-engines.md section 5); a longer text is split at sentence ends
 * ({@link RequestTextSplitter} with {@link RequestTextSplitter.Unit#UTF8_BYTES}), the pieces requested one after
 * another and their audio delivered in order as one stream (one {@link AudioSink#format} call).
 *
 * <p>Thread-safe; calls run concurrently up to {@code max-concurrent}. No retries here (a decorator's job). The key
 * is in the request URL only: messages name the endpoint without its query, vendor messages have it redacted, and
 * {@link #toString()} never shows it, nor a token or a private key.
 */
public final class GoogleEngine implements TtsEngine {

    /** The engine's name: {@value}. */
    public static final String NAME = "google";
    /** What {@code MULAW} at 8000 Hz is after its WAV header: G.711 mu-law, 8,000 Hz, mono. */
    public static final AudioFormatSpec MULAW_FORMAT = new AudioFormatSpec(SampleEncoding.MULAW, 8_000);
    /** What {@code LINEAR16} at 24000 Hz is after its WAV header: s16le mono 24,000 Hz. */
    public static final AudioFormatSpec PCM_FORMAT = new AudioFormatSpec(SampleEncoding.S16LE, 24_000);
    /** Google's limit on {@code input.text}, in bytes of UTF-8 (tts-engines.md section 5, "Quotas"). */
    public static final int MAX_INPUT_BYTES = 5_000;
    /** The environment variable holding the key when no {@code api-key} option is given. */
    public static final String API_KEY_ENV = "GOOGLE_API_KEY";

    static final String DEFAULT_VOICE = "en-US-Chirp3-HD-Charon";
    static final String DEFAULT_BASE_URL = "https://texttospeech.googleapis.com";
    static final String PATH = "/v1/text:synthesize";
    /** Google's default is 1000 requests per minute per project (tts-engines.md 5); 10 bounds one engine. */
    static final int DEFAULT_MAX_CONCURRENT = 10;
    /**
     * The most response body read: 5,000 bytes of text is at most about 6 minutes of speech; as LINEAR16 at 24 kHz
     * that is 17 MB of audio, 23 MB of base64. 64 MiB leaves room and still stops a runaway body.
     */
    static final int MAX_RESPONSE_BYTES = 64 << 20;
    /** Audio is handed to the sink in pieces of this many bytes, so a cancel takes effect between them. */
    static final int SINK_CHUNK_BYTES = 4_000;

    /** A voice name: language and region, then the rest, e.g. {@code en-US-Chirp3-HD-Charon}, {@code cmn-CN-X}. */
    private static final Pattern VOICE = Pattern.compile("([a-z]{2,3}-[A-Za-z0-9]{2,4})-[A-Za-z0-9-]+");

    static final Set<String> OPTION_KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("voice", "format", "api-key", "credentials", "base-url"));
        keys.addAll(HttpEngineSettings.OPTION_KEYS);
        OPTION_KEYS = Set.copyOf(keys);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final URI requestUri;
    private final GoogleAuthorization authorization;
    private final String voice;
    private final String language;
    private final AudioFormatSpec format;
    private final HttpEngineClient client;
    private volatile boolean closed;

    private GoogleEngine(URI endpoint, GoogleAuthorization authorization, String voice, String language,
            boolean pcm, HttpEngineSettings settings) {
        this.endpoint = endpoint;
        this.authorization = authorization;
        this.requestUri = authorization.uri(endpoint);
        this.voice = voice;
        this.language = language;
        this.format = pcm ? PCM_FORMAT : MULAW_FORMAT;
        this.client = new HttpEngineClient(NAME, settings, authorization.key());
    }

    /**
     * An engine with {@code options} (see the class comment), the key or credentials file falling back to
     * {@code environment}, then to the library's Application Default Credentials lookup.
     *
     * @param environment {@code System::getenv} in production; a map's {@code get} in tests
     * @throws TtsException AUTH if there are no credentials; BAD_REQUEST for an unknown option or a bad value
     */
    static GoogleEngine create(Map<String, String> options, Function<String, String> environment)
            throws TtsException {
        return create(options, environment, GoogleAuthorization.APPLICATION_DEFAULT);
    }

    /**
     * As {@link #create(Map, Function)}, with {@code lookup} standing for the machine's Application Default
     * Credentials (tests run where there may be some, or a metadata server).
     */
    static GoogleEngine create(Map<String, String> options, Function<String, String> environment,
            GoogleAuthorization.DefaultCredentialsLookup lookup) throws TtsException {
        EngineOptions o = new EngineOptions(NAME, options, OPTION_KEYS);
        String voice = o.string("voice", DEFAULT_VOICE).strip();
        Matcher m = VOICE.matcher(voice);
        if (!m.matches()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option voice = " + TtsException.excerpt(voice,
                    60) + " is not a Google voice name such as " + DEFAULT_VOICE + " (language-REGION-Name)");
        }
        boolean pcm = pcm(o.string("format", "mulaw"));
        URI endpoint = endpoint(o.string("base-url", DEFAULT_BASE_URL));
        HttpEngineSettings settings = HttpEngineSettings.from(o, DEFAULT_MAX_CONCURRENT);
        GoogleAuthorization authorization = GoogleAuthorization.resolve(o.string("api-key", null),
                o.string("credentials", null), environment, lookup);
        return new GoogleEngine(endpoint, authorization, voice, m.group(1), pcm, settings);
    }

    private static boolean pcm(String format) throws TtsException {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "mulaw" -> false;
            case "pcm" -> true;
            default -> throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option format = "
                    + TtsException.excerpt(format, 40) + " is not mulaw (MULAW 8000 Hz) or pcm (LINEAR16 24000 Hz)");
        };
    }

    private static URI endpoint(String baseUrl) throws TtsException {
        String root = baseUrl.strip();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        try {
            URI uri = new URI(root + PATH);
            String scheme = uri.getScheme();
            if (uri.getHost() != null && uri.getRawQuery() == null && uri.getRawUserInfo() == null
                    && uri.getRawFragment() == null
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option base-url = "
                + TtsException.excerpt(baseUrl, 80) + " is not an http(s) URL of the API root such as "
                + DEFAULT_BASE_URL);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Speaks {@code text}: one request per piece of at most {@value #MAX_INPUT_BYTES} bytes of UTF-8, the sink
     * getting the format ({@link #MULAW_FORMAT} or {@link #PCM_FORMAT}) once, before the first audio, then each
     * response's audio (the WAV data, header removed) in order.
     *
     * @throws IllegalStateException if the engine is closed
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        if (closed) {
            throw new IllegalStateException("Google engine is closed");
        }
        if (text.isBlank()) {
            return;
        }
        cancel.throwIfCancelled(NAME);
        boolean formatSent = false;
        for (String piece : RequestTextSplitter.split(text, MAX_INPUT_BYTES, RequestTextSplitter.Unit.UTF8_BYTES)) {
            byte[] wav = audioContent(exchange(piece, cancel));
            WavAudioContent audio = WavAudioContent.locate(NAME, wav, format);
            for (int at = audio.offset(), end = audio.offset() + audio.length(); at < end; at += SINK_CHUNK_BYTES) {
                cancel.throwIfCancelled(NAME);
                if (!formatSent) {
                    sink.format(format);
                    formatSent = true;
                }
                sink.audio(wav, at, Math.min(SINK_CHUNK_BYTES, end - at));
            }
        }
    }

    /** Sends one request and returns its whole body, at most {@value #MAX_RESPONSE_BYTES} bytes. */
    private byte[] exchange(String text, CancellationToken cancel) throws TtsException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            client.stream(request(text), cancel, (chunk, off, len) -> {
                if (body.size() + len > MAX_RESPONSE_BYTES) {
                    throw new ResponseTooLarge();
                }
                body.write(chunk, off, len);
            });
        } catch (ResponseTooLarge e) {
            throw new TtsException(TtsException.Kind.PROTOCOL, NAME, "response from " + endpoint + " is over "
                    + MAX_RESPONSE_BYTES + " bytes");
        }
        return body.toByteArray();
    }

    private HttpRequest.Builder request(String text) throws TtsException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("input").put("text", text);
        body.putObject("voice").put("languageCode", language).put("name", voice);
        body.putObject("audioConfig").put("audioEncoding", format == PCM_FORMAT ? "LINEAR16" : "MULAW")
                .put("sampleRateHertz", format.sampleRate());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new TtsException(TtsException.Kind.INTERNAL, NAME, "cannot write the request JSON", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(requestUri)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        authorization.authorize(request, endpoint);
        return request;
    }

    /** The decoded {@code audioContent} of a 200's body. */
    private byte[] audioContent(byte[] body) throws TtsException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            // Jackson's parse failures are IOExceptions; not kept as the cause, whose message quotes the body
            // unredacted (a proxy or a vendor may echo the request URL, key included).
            throw new TtsException(TtsException.Kind.PROTOCOL, NAME, "response from " + endpoint + " is not JSON: "
                    + TtsException.excerpt(redact(new String(body, 0, Math.min(body.length, 200),
                            StandardCharsets.UTF_8)), 100));
        }
        JsonNode content = root == null ? null : root.get("audioContent");
        if (content == null || !content.isTextual()) {
            throw new TtsException(TtsException.Kind.PROTOCOL, NAME, "response from " + endpoint
                    + " has no audioContent string: " + TtsException.excerpt(redact(String.valueOf(root)), 100));
        }
        String base64 = content.asText();
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(base64); // proto3 JSON accepts the URL-safe alphabet too
            } catch (IllegalArgumentException urlSafe) {
                throw new TtsException(TtsException.Kind.PROTOCOL, NAME, "audioContent from " + endpoint
                        + " is not base64: " + e.getMessage(), e);
            }
        }
    }

    private String redact(String text) {
        return authorization.key() == null ? text : authorization.key().redact(text);
    }

    /** Thrown from the body consumer to stop reading an oversized body (aborts the exchange). */
    private static final class ResponseTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ResponseTooLarge() {
            super(null, null, false, false);
        }
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

    /** Voice, format, endpoint (without the key), how it authenticates and settings; never a secret. */
    @Override
    public String toString() {
        return "GoogleEngine[voice=" + voice + ", format=" + format + ", endpoint=" + endpoint + ", auth="
                + authorization + ", " + client.settings() + (closed ? ", closed]" : "]");
    }
}
