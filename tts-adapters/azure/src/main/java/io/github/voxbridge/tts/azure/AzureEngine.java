package io.github.voxbridge.tts.azure;

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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Azure AI Speech's REST text-to-speech, {@code POST https://{region}.tts.speech.microsoft.com/
 * cognitiveservices/v1}, streamed: the audio reaches the sink chunk by chunk as the response body arrives
 * (tts-engines.md section 6; https://learn.microsoft.com/azure/ai-services/speech-service/rest-text-to-speech).
 *
 * <h2>Wire</h2>
 * Request headers: {@code Ocp-Apim-Subscription-Key: <key>}, {@code Content-Type: application/ssml+xml} (another
 * value gives 415), {@code X-Microsoft-OutputFormat: <format>} and {@code User-Agent: voxbridge} (both required);
 * body: an SSML document with one {@code <voice>} holding the text ({@link SsmlBody}, written by an XML writer, so
 * the text is always spoken as text). Response 200: the audio bytes in the requested format, ended by the end of
 * the body; errors as a status with an undocumented, usually empty or short body (kept, excerpted, in the message).
 * Statuses map as everywhere (401 AUTH, 429 RATE_LIMITED with {@code Retry-After} if sent, 5xx UNAVAILABLE; see
 * {@link HttpEngineClient}).
 *
 * <p><b>Formats.</b> {@code format=mulaw} (default) asks for {@code raw-8khz-8bit-mono-mulaw}: G.711 mu-law at
 * 8,000 Hz with no header, which is what Twilio plays, so the bytes are passed through exactly as received
 * (tts-engines.md section 9): the default because it costs least on our side (no decode, resample or encode) and
 * sends the fewest bytes (8,000 per second against 48,000 for the PCM). {@code format=pcm} asks for
 * {@code raw-24khz-16bit-mono-pcm} (s16le mono 24,000 Hz, the neural voices' native rate) for callers that want
 * linear audio. Both are in Azure's "Streaming" list; the
 * {@code riff-*} formats are not used (a WAV header, and documented as non-streaming).
 *
 * <h2>Options</h2>
 * <pre>
 *   voice                  en-US-JennyNeural (default), any Azure voice name; xml:lang is its first two parts
 *   format                 mulaw (default: raw-8khz-8bit-mono-mulaw, 8000 Hz) or pcm (raw-24khz-16bit-mono-pcm)
 *   region                 the resource's region, e.g. westeurope, else $AZURE_SPEECH_REGION; needed unless
 *                          base-url is given (BAD_REQUEST at create() naming AZURE_SPEECH_REGION)
 *   api-key                the resource key, else $AZURE_SPEECH_KEY; neither: AUTH at create() naming it
 *   base-url               replaces https://{region}.tts.speech.microsoft.com (a proxy, a test server);
 *                          /cognitiveservices/v1 is appended
 *   connect-timeout-ms     default 5000
 *   first-byte-timeout-ms  from request to response headers, default 10000
 *   max-concurrent         requests open at once on this engine, default 10; more wait their turn
 * </pre>
 *
 * <p><b>Long text.</b> Azure truncates audio at 10 minutes and does not state a cap on the REST body
 * (tts-engines.md section 6, "Limits"); a text over {@value #MAX_INPUT_CHARS} chars (about 5 minutes of speech at
 * 15 chars/s) is split at sentence ends ({@link RequestTextSplitter}), the pieces requested one after another and
 * their audio delivered in order as one stream (one {@link AudioSink#format} call).
 *
 * <p>Thread-safe; calls run concurrently up to {@code max-concurrent}. No retries here (a decorator's job). The key
 * is sent only in its header and never appears in a message or in {@link #toString()}. Token authentication
 * ({@code Authorization: Bearer} from {@code issueToken}) is not used: the key header is supported by TTS and saves
 * a round trip and a token cache.
 */
public final class AzureEngine implements TtsEngine {

    /** The engine's name: {@value}. */
    public static final String NAME = "azure";
    /** What {@code raw-8khz-8bit-mono-mulaw} is: G.711 mu-law, 8,000 Hz, mono, no header. */
    public static final AudioFormatSpec MULAW_FORMAT = new AudioFormatSpec(SampleEncoding.MULAW, 8_000);
    /** What {@code raw-24khz-16bit-mono-pcm} is: s16le mono 24,000 Hz, no header. */
    public static final AudioFormatSpec PCM_FORMAT = new AudioFormatSpec(SampleEncoding.S16LE, 24_000);
    /** {@code X-Microsoft-OutputFormat} for {@link #MULAW_FORMAT}. */
    public static final String MULAW_OUTPUT = "raw-8khz-8bit-mono-mulaw";
    /** {@code X-Microsoft-OutputFormat} for {@link #PCM_FORMAT}. */
    public static final String PCM_OUTPUT = "raw-24khz-16bit-mono-pcm";
    /** The longest text sent in one request, in chars; see "Long text" above. */
    public static final int MAX_INPUT_CHARS = 5_000;
    /** The environment variable holding the key when no {@code api-key} option is given (Azure's samples). */
    public static final String API_KEY_ENV = "AZURE_SPEECH_KEY";
    /** The environment variable holding the region when no {@code region} option is given (Azure's samples). */
    public static final String REGION_ENV = "AZURE_SPEECH_REGION";

    static final String DEFAULT_VOICE = "en-US-JennyNeural";
    static final String PATH = "/cognitiveservices/v1";
    /** Sent as {@code User-Agent}, which Azure requires (under 255 chars). */
    static final String USER_AGENT = "voxbridge";
    /** S0 allows 200 transactions per second (tts-engines.md section 6); 10 bounds one engine's connections. */
    static final int DEFAULT_MAX_CONCURRENT = 10;

    /** A voice name: language, region, then the voice, e.g. {@code en-US-JennyNeural}, {@code zh-CN-shaanxi-X}. */
    private static final Pattern VOICE = Pattern.compile("([a-z]{2,3}-[A-Za-z0-9]{2,4})-[A-Za-z0-9:-]+");
    /** An Azure region name: lower-case letters and digits (westeurope, eastus2); nothing that changes the host. */
    private static final Pattern REGION = Pattern.compile("[a-z0-9]{2,40}");

    static final Set<String> OPTION_KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("voice", "format", "region", "api-key", "base-url"));
        keys.addAll(HttpEngineSettings.OPTION_KEYS);
        OPTION_KEYS = Set.copyOf(keys);
    }

    private final URI endpoint;
    private final ApiKey key;
    private final String voice;
    private final String language;
    private final AudioFormatSpec format;
    private final String outputFormat;
    private final HttpEngineClient client;
    private volatile boolean closed;

    private AzureEngine(URI endpoint, ApiKey key, String voice, String language, boolean pcm,
            HttpEngineSettings settings) {
        this.endpoint = endpoint;
        this.key = key;
        this.voice = voice;
        this.language = language;
        this.format = pcm ? PCM_FORMAT : MULAW_FORMAT;
        this.outputFormat = pcm ? PCM_OUTPUT : MULAW_OUTPUT;
        this.client = new HttpEngineClient(NAME, settings, key);
    }

    /**
     * An engine with {@code options} (see the class comment), the key and region falling back to
     * {@code environment}.
     *
     * @param environment {@code System::getenv} in production; a map's {@code get} in tests
     * @throws TtsException AUTH if there is no key; BAD_REQUEST for an unknown option, a bad value, or neither a
     *                      region nor a base URL
     */
    static AzureEngine create(Map<String, String> options, Function<String, String> environment)
            throws TtsException {
        EngineOptions o = new EngineOptions(NAME, options, OPTION_KEYS);
        String voice = o.string("voice", DEFAULT_VOICE).strip();
        Matcher m = VOICE.matcher(voice);
        if (!m.matches()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option voice = " + TtsException.excerpt(voice,
                    60) + " is not an Azure voice name such as " + DEFAULT_VOICE + " (language-REGION-Name)");
        }
        boolean pcm = pcm(o.string("format", "mulaw"));
        URI endpoint = endpoint(o, environment);
        ApiKey key = key(o.string("api-key", environment.apply(API_KEY_ENV)));
        HttpEngineSettings settings = HttpEngineSettings.from(o, DEFAULT_MAX_CONCURRENT);
        return new AzureEngine(endpoint, key, voice, m.group(1), pcm, settings);
    }

    private static boolean pcm(String format) throws TtsException {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "mulaw" -> false;
            case "pcm" -> true;
            default -> throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "option format = "
                    + TtsException.excerpt(format, 40) + " is not mulaw (" + MULAW_OUTPUT + ") or pcm ("
                    + PCM_OUTPUT + ")");
        };
    }

    private static URI endpoint(EngineOptions o, Function<String, String> environment) throws TtsException {
        String baseUrl = o.string("base-url", null);
        if (baseUrl != null) {
            return BaseUrl.http(BaseUrl.parse(NAME, "option base-url", baseUrl,
                    "https://westeurope.tts.speech.microsoft.com", true), PATH);
        }
        String source = "option region";
        String region = o.string("region", null);
        if (region == null || region.isBlank()) {
            source = REGION_ENV;
            region = environment.apply(REGION_ENV);
        }
        if (region == null || region.isBlank()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "no region: set " + REGION_ENV
                    + " or pass -E region=... (e.g. westeurope) or -E base-url=...");
        }
        String r = region.strip().toLowerCase(Locale.ROOT);
        if (!REGION.matcher(r).matches()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, source + " = " + TtsException.excerpt(region,
                    40) + " is not an Azure region name such as westeurope (letters and digits)");
        }
        return URI.create("https://" + r + ".tts.speech.microsoft.com" + PATH);
    }

    private static ApiKey key(String value) throws TtsException {
        return ApiKey.require(NAME, value, API_KEY_ENV, "");
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Speaks {@code text}: one request per piece of at most {@value #MAX_INPUT_CHARS} chars, the sink getting the
     * format ({@link #MULAW_FORMAT} or {@link #PCM_FORMAT}) once, before the first chunk, and the bytes of every
     * response body in order, exactly as they arrive.
     *
     * @throws IllegalStateException if the engine is closed
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        if (closed) {
            throw new IllegalStateException("Azure engine is closed");
        }
        if (text.isBlank()) {
            return;
        }
        cancel.throwIfCancelled(NAME);
        SinkFeed feed = new SinkFeed(sink, format);
        for (String piece : RequestTextSplitter.split(text, MAX_INPUT_CHARS)) {
            client.streamAudio(request(piece), cancel, feed);
        }
    }

    private HttpRequest.Builder request(String text) {
        return HttpRequest.newBuilder(endpoint)
                .header("Ocp-Apim-Subscription-Key", key.value())
                .header("Content-Type", "application/ssml+xml")
                .header("X-Microsoft-OutputFormat", outputFormat)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(SsmlBody.write(voice, language, text)));
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

    /** Voice, output format, endpoint and settings; never the key. */
    @Override
    public String toString() {
        return "AzureEngine[voice=" + voice + ", format=" + outputFormat + ", endpoint=" + endpoint + ", "
                + client.settings() + (closed ? ", closed]" : "]");
    }
}
