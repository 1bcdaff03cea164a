package io.github.voxbridge.tts.polly;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import io.github.voxbridge.tts.transport.http.BaseUrl;
import io.github.voxbridge.tts.transport.http.HttpEngineSettings;
import io.github.voxbridge.tts.transport.http.RequestTextSplitter;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.polly.PollyClient;
import software.amazon.awssdk.services.polly.PollyClientBuilder;
import software.amazon.awssdk.services.polly.model.SynthesizeSpeechRequest;
import software.amazon.awssdk.services.polly.model.SynthesizeSpeechResponse;

/**
 * Amazon Polly's {@code SynthesizeSpeech} ({@code POST /v1/speech}, SigV4-signed JSON) through the AWS SDK for
 * Java v2, streamed: the response body reaches the sink chunk by chunk as it arrives (tts-engines.md section 7;
 * https://docs.aws.amazon.com/polly/latest/dg/API_SynthesizeSpeech.html).
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li>{@code mulaw} (the default): {@code OutputFormat: "mulaw", SampleRate: "8000"}, headerless G.711 mu-law
 *       mono 8,000 Hz, which is what Twilio plays. <b>Passed through</b>: the sink gets {@link #MULAW} and the
 *       response bytes exactly as received, so the pipeline neither decodes, resamples nor re-encodes: the least
 *       CPU and latency on our side (issue 12, "Pass-through"). Which Polly engines offer mulaw is not documented
 *       (tts-engines.md section 7 [U]); Polly answers 400 if one does not, and {@code format=pcm} is the way
 *       out;</li>
 *   <li>{@code pcm}: {@code OutputFormat: "pcm", SampleRate: "16000"}, s16le mono 16,000 Hz ({@link #PCM}),
 *       resampled and encoded by the pipeline.</li>
 * </ul>
 *
 * <h2>Options</h2>
 * <pre>
 *   voice                  Polly's VoiceId, default Joanna (neural, generative and standard)
 *   engine                 standard | neural (default) | generative | long-form; Polly's own default is standard
 *   format                 mulaw (default, passed through) | pcm
 *   region                 e.g. eu-west-1; else the SDK's default region chain (AWS_REGION, aws.region,
 *                          ~/.aws/config, instance metadata); none: BAD_REQUEST at create()
 *   base-url               the endpoint instead of https://polly.{region}.amazonaws.com (proxies, tests)
 *   connect-timeout-ms     default 5000
 *   first-byte-timeout-ms  the longest wait for a read, the first byte and every one after (the URLConnection
 *                          client's socket timeout), default 10000
 *   max-concurrent         requests open at once on this engine, default {@value #DEFAULT_MAX_CONCURRENT}
 * </pre>
 * Credentials come from the SDK's default chain (environment, system properties, {@code ~/.aws} profiles, SSO, web
 * identity, container and instance roles); they are resolved at {@code create()}, and none found is AUTH there,
 * naming how to provide them. The request is signed with SigV4 by the SDK. The secret key never appears in a
 * message or in {@link #toString()}.
 *
 * <p><b>Long text.</b> Polly bills and accepts at most {@value #MAX_BILLED_CHARS} characters per request
 * ({@code TextLengthExceededException}); a longer text is split at sentence ends ({@link RequestTextSplitter}), the
 * pieces requested one after another and their audio delivered in order as one stream (one {@link AudioSink#format}
 * call).
 *
 * <p><b>Retries.</b> None: the SDK's own retries (throttling, 5xx) are switched off
 * ({@link AwsRetryStrategy#doNotRetry()}), as every voxbridge engine leaves retrying to an opt-in decorator. Errors:
 * see {@link PollyFailures}; a body that ends before its {@code Content-Length} is UNAVAILABLE, after the audio
 * already delivered.
 *
 * <p>Thread-safe; calls run concurrently up to {@code max-concurrent}.
 */
public final class PollyEngine implements TtsEngine {

    /** The engine's name: {@value}. */
    public static final String NAME = "polly";
    /** What {@code OutputFormat: "mulaw", SampleRate: "8000"} is: G.711 mu-law mono 8,000 Hz. */
    public static final AudioFormatSpec MULAW = new AudioFormatSpec(SampleEncoding.MULAW, 8_000);
    /** What {@code OutputFormat: "pcm", SampleRate: "16000"} is: s16le mono 16,000 Hz (tts-engines.md section 7). */
    public static final AudioFormatSpec PCM = new AudioFormatSpec(SampleEncoding.S16LE, 16_000);
    /** Polly's limit on billed characters per request (TextLengthExceededException, tts-engines.md section 7). */
    public static final int MAX_BILLED_CHARS = 3_000;

    static final String DEFAULT_VOICE = "Joanna";
    static final String DEFAULT_ENGINE = "neural";
    static final Set<String> ENGINES = Set.of("standard", "neural", "generative", "long-form");
    /**
     * Polly's SynthesizeSpeech quota for neural and generative is 8 transactions per second (burst 10; limits page,
     * tts-engines.md section 7): more requests in flight than that mostly earn ThrottlingException.
     */
    static final int DEFAULT_MAX_CONCURRENT = 8;
    /** How often a caller waiting for a free slot looks at its token. */
    private static final long PERMIT_POLL_MS = 50;
    private static final int BUFFER_BYTES = 8 * 1024;
    /** Polly's VoiceIds are ASCII letters (Joanna, Ruth, Kevin...); anything else is a typo or an injection. */
    private static final Pattern VOICE = Pattern.compile("[A-Za-z]{1,40}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+){1,4}");

    static final Set<String> OPTION_KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("voice", "engine", "format", "region", "base-url"));
        keys.addAll(HttpEngineSettings.OPTION_KEYS);
        OPTION_KEYS = Set.copyOf(keys);
    }

    private final PollyClient client;
    private final String endpoint;
    private final Region region;
    private final String voice;
    private final String engine;
    private final boolean mulaw;
    private final HttpEngineSettings settings;
    private final Semaphore permits;
    private volatile boolean closed;

    private PollyEngine(PollyClient client, String endpoint, Region region, String voice, String engine,
            boolean mulaw, HttpEngineSettings settings) {
        this.client = client;
        this.endpoint = endpoint;
        this.region = region;
        this.voice = voice;
        this.engine = engine;
        this.mulaw = mulaw;
        this.settings = settings;
        this.permits = new Semaphore(settings.maxConcurrent(), true);
    }

    /**
     * An engine with {@code options} (see the class comment), signing with {@code credentials}.
     *
     * @param credentials the SDK's default chain in production; static test credentials in tests
     * @throws TtsException BAD_REQUEST for an unknown option, a bad value or no region; AUTH if {@code credentials}
     *                      finds none
     */
    static PollyEngine create(Map<String, String> options,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials) throws TtsException {
        EngineOptions o = new EngineOptions(NAME, options, OPTION_KEYS);
        String voice = o.string("voice", DEFAULT_VOICE).strip();
        if (!VOICE.matcher(voice).matches()) {
            throw new TtsException(Kind.BAD_REQUEST, NAME, "option voice = " + TtsException.excerpt(voice, 40)
                    + " is not a Polly VoiceId such as Joanna, Matthew or Ruth");
        }
        String engine = o.string("engine", DEFAULT_ENGINE).strip().toLowerCase(Locale.ROOT);
        if (!ENGINES.contains(engine)) {
            throw new TtsException(Kind.BAD_REQUEST, NAME, "option engine = " + TtsException.excerpt(engine, 40)
                    + " is not one of generative, long-form, neural, standard");
        }
        String format = o.string("format", "mulaw").strip().toLowerCase(Locale.ROOT);
        if (!format.equals("mulaw") && !format.equals("pcm")) {
            throw new TtsException(Kind.BAD_REQUEST, NAME, "option format = " + TtsException.excerpt(format, 40)
                    + " is not mulaw (8000 Hz, passed through) or pcm (s16le 16000 Hz)");
        }
        Region region = region(o.string("region", null));
        String baseUrlOption = o.string("base-url", null);
        URI baseUrl = baseUrlOption == null ? null : BaseUrl.parse(NAME, "option base-url", baseUrlOption,
                "https://polly.us-east-1.amazonaws.com", false);
        HttpEngineSettings settings = HttpEngineSettings.from(o, DEFAULT_MAX_CONCURRENT);
        resolve(credentials);

        PollyClientBuilder builder = PollyClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(new CancellableHttpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.firstByteTimeout())
                        .build()))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        String endpoint = "https://polly." + region.id() + ".amazonaws.com";
        if (baseUrl != null) {
            builder.endpointOverride(baseUrl);
            endpoint = baseUrl.toString();
        }
        return new PollyEngine(builder.build(), endpoint, region, voice, engine, format.equals("mulaw"), settings);
    }

    private static Region region(String option) throws TtsException {
        if (option != null) {
            String id = option.strip();
            if (!REGION.matcher(id).matches()) {
                throw new TtsException(Kind.BAD_REQUEST, NAME, "option region = " + TtsException.excerpt(option, 40)
                        + " is not an AWS region such as us-east-1");
            }
            return Region.of(id);
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkException e) {
            throw new TtsException(Kind.BAD_REQUEST, NAME, "no AWS region: pass -E region=us-east-1, or set "
                    + "AWS_REGION, or region in ~/.aws/config", e);
        }
    }

    /** Resolves the credentials once, so that none found fails at create(), not at the first call. */
    private static void resolve(IdentityProvider<? extends AwsCredentialsIdentity> credentials) throws TtsException {
        try {
            credentials.resolveIdentity().join();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            throw new TtsException(Kind.AUTH, NAME, "no AWS credentials found: "
                    + PollyFailures.HOW_TO_PROVIDE_CREDENTIALS
                    + (PollyFailures.isMissingCredentials(cause) ? ""
                            : " (" + cause.getClass().getSimpleName() + ")"), cause);
        }
    }

    /** The SDK's default credentials chain, for the provider. */
    static IdentityProvider<? extends AwsCredentialsIdentity> defaultCredentials() {
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The format of the audio this engine delivers: {@link #MULAW} or {@link #PCM}. */
    public AudioFormatSpec format() {
        return mulaw ? MULAW : PCM;
    }

    /**
     * Speaks {@code text}: one request per piece of at most {@value #MAX_BILLED_CHARS} chars, the sink getting
     * {@link #format()} once, before the first chunk, and the bytes of every response body in order as they arrive.
     *
     * @throws IllegalStateException if the engine is closed
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        if (closed) {
            throw new IllegalStateException("Polly engine is closed");
        }
        if (text.isBlank()) {
            return;
        }
        cancel.throwIfCancelled(NAME);
        boolean[] formatSent = {false};
        for (String piece : RequestTextSplitter.split(text, MAX_BILLED_CHARS)) {
            acquire(cancel);
            try {
                speak(piece, sink, cancel, formatSent);
            } finally {
                permits.release();
            }
        }
    }

    private void speak(String piece, AudioSink sink, CancellationToken cancel, boolean[] formatSent)
            throws TtsException {
        SynthesizeSpeechRequest request = SynthesizeSpeechRequest.builder()
                .text(piece)
                .textType("text")
                .voiceId(voice)
                .engine(engine)
                .outputFormat(mulaw ? "mulaw" : "pcm")
                .sampleRate(mulaw ? "8000" : "16000")
                .build();
        List<CancellationToken.Registration> hooks = new ArrayList<>(2);
        try {
            exchange(request, sink, cancel, formatSent, hooks);
        } finally {
            hooks.forEach(CancellationToken.Registration::remove); // the token may outlive this call
        }
    }

    private void exchange(SynthesizeSpeechRequest request, AudioSink sink, CancellationToken cancel,
            boolean[] formatSent, List<CancellationToken.Registration> hooks) throws TtsException {
        ResponseInputStream<SynthesizeSpeechResponse> body;
        try {
            body = CancellableHttpClient.withCancel(cancel, hooks, () -> client.synthesizeSpeech(request));
        } catch (SdkException e) {
            throw failure(e, cancel);
        }
        try (body) {
            hooks.add(cancel.onCancel(body::abort));
            cancel.throwIfCancelled(NAME);
            SynthesizeSpeechResponse response = body.response();
            String type = response.contentType() == null ? "" : response.contentType().toLowerCase(Locale.ROOT);
            if (type.contains("json") || type.startsWith("text/") || type.contains("xml")) {
                throw new TtsException(Kind.PROTOCOL, NAME, "expected audio from " + endpoint + ", got Content-Type "
                        + TtsException.excerpt(type, 80));
            }
            long expected = response.sdkHttpResponse().firstMatchingHeader("Content-Length")
                    .map(PollyEngine::length).orElse(-1L);
            long delivered = pump(body, sink, cancel, formatSent);
            if (expected >= 0 && delivered < expected) {
                // A backstop: the JDK's HttpURLConnection reports a fixed-length body cut short itself ("Premature
                // EOF", tested), but the SDK's streams in between are free to end it as a plain EOF.
                throw new TtsException(Kind.UNAVAILABLE, NAME, "connection lost after " + delivered + " of "
                        + expected + " bytes of the response from " + endpoint);
            }
        } catch (IOException e) {
            throw new TtsException(Kind.UNAVAILABLE, NAME, "cannot close the response from " + endpoint, e);
        }
    }

    private long pump(ResponseInputStream<SynthesizeSpeechResponse> body, AudioSink sink, CancellationToken cancel,
            boolean[] formatSent) throws TtsException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long delivered = 0;
        while (true) {
            int n;
            try {
                n = body.read(buffer);
            } catch (IOException | SdkException e) {
                if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
                    throw TtsException.cancelled(NAME);
                }
                throw new TtsException(Kind.UNAVAILABLE, NAME, "connection lost after " + delivered
                        + " bytes of the response from " + endpoint + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + TtsException.excerpt(e.getMessage(), 200)), e);
            }
            if (cancel.isCancelled()) {
                throw TtsException.cancelled(NAME); // also the end of the stream an abort may cause
            }
            if (n < 0) {
                return delivered;
            }
            if (n > 0) {
                if (!formatSent[0]) {
                    sink.format(format());
                    formatSent[0] = true;
                }
                sink.audio(buffer, 0, n);
                delivered += n;
            }
        }
    }

    private TtsException failure(SdkException e, CancellationToken cancel) {
        if (cancel.isCancelled()) {
            return TtsException.cancelled(NAME);
        }
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt(); // the SDK's AbortedException means this thread was interrupted
            return TtsException.cancelled(NAME);
        }
        return PollyFailures.of(e, endpoint);
    }

    private static long length(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void acquire(CancellationToken cancel) throws TtsException {
        try {
            while (!permits.tryAcquire(PERMIT_POLL_MS, TimeUnit.MILLISECONDS)) {
                cancel.throwIfCancelled(NAME);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TtsException.cancelled(NAME);
        }
        if (cancel.isCancelled()) {
            permits.release();
            throw TtsException.cancelled(NAME);
        }
    }

    /** Closes the SDK client and its HTTP client. Idempotent. */
    @Override
    public void close() {
        closed = true;
        client.close();
    }

    /** Voice, engine, format, region, endpoint and settings; never a credential. */
    @Override
    public String toString() {
        return "PollyEngine[voice=" + voice + ", engine=" + engine + ", format=" + (mulaw ? "mulaw 8000" : "pcm 16000")
                + ", region=" + region.id() + ", endpoint=" + endpoint + ", " + settings + (closed ? ", closed]" : "]");
    }
}
