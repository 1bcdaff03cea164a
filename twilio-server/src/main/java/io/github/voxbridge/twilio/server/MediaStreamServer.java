package io.github.voxbridge.twilio.server;

import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.twilio.server.call.CallHandler;
import io.github.voxbridge.twilio.server.signature.TwilioSignatureVerifier;
import io.github.voxbridge.twilio.server.twiml.PublicBaseUrl;
import io.github.voxbridge.twilio.stream.OutboundPlayer;
import io.github.voxbridge.twilio.stream.PlaybackClock;
import io.github.voxbridge.twilio.vad.VadSettings;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Twilio Media Streams server: point a phone number's voice webhook at it and every call is answered by a
 * {@link CallHandler} of yours, speaking through a {@link TtsEngine}.
 *
 * {@snippet id="media-stream-server" :
 * MediaStreamServer server = MediaStreamServer.builder(engine, () -> new CallHandler() {
 *             @Override
 *             public void onStart(Call call) {
 *                 call.say("Thanks for calling.");
 *             }
 *         })
 *         .port(0)                                        // any free port; 8080 by default
 *         .publicUrl("https://voice.example.org")        // what Twilio sees: used in the TwiML and for signatures
 *         .authToken(System.getenv("TWILIO_AUTH_TOKEN")) // checks X-Twilio-Signature on every request
 *         .start();
 * }
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code POST /twilio/voice}: the voice webhook. Answers TwiML {@code <Connect><Stream url="wss://PUBLIC/
 *       twilio/media">} with {@code <Parameter>}s (the builder's, and {@code From}/{@code To} of the call), and a
 *       {@code statusCallback} to {@code /twilio/status}. 503 when {@link Builder#maxCalls} calls are up or the server
 *       is draining (or TwiML {@code <Reject>}, {@link Builder#rejectWithTwiml}).</li>
 *   <li>{@code /twilio/media}: the Media Stream WebSocket; one call per connection.</li>
 *   <li>{@code POST /twilio/status}: stream status callbacks, logged and counted.</li>
 *   <li>{@code GET /healthz}: 200 {@code {"status":"serving","activeCalls":N}}; 503 {@code "draining"} during
 *       {@link #shutdown}.</li>
 *   <li>{@code GET /metrics}: Prometheus text (Micrometer): calls by outcome, frames, underruns, first-frame
 *       latency histogram, clears, barge-ins, signature failures, protocol and engine errors, JVM.</li>
 * </ul>
 * With a {@link Builder#publicUrl public URL} that has a path ({@code https://example.org/bot}), the endpoints are
 * served both under that path and at the root, for proxies that keep the prefix and those that strip it.
 *
 * <h2>Signatures</h2>
 * With an {@link Builder#authToken auth token}, the webhook, the status callback and the WebSocket upgrade must carry
 * a valid {@code X-Twilio-Signature} for the <em>public</em> URL ({@link TwilioSignatureVerifier}); anything else gets
 * 403, nothing else happens, and {@code voxbridge_signature_failures_total} goes up. Without one the server logs at
 * start-up, as a warning, that it checks no signatures.
 *
 * <h2>Limits</h2>
 * Idle timeout (no message from Twilio for {@link Builder#idleTimeout}, default 30 s, ends the call), largest message
 * ({@link Builder#maxMessageBytes}, default 64 KiB, closes with 1009), a send timeout (a client that stops reading
 * ends its own call after {@link Builder#sendTimeout}, default 5 s: the player waits for each write, so at most one
 * message per call is ever queued and memory stays flat), and the handler's audio queue
 * ({@link Builder#maxQueuedAudioFrames}).
 *
 * <p>Thread-safe. Each call has a virtual thread for its handler and one for its player. Its inbound messages are
 * read, parsed and decoded on Jetty's selector threads, one per core, with no hand-off to another thread per
 * message ({@code MediaSocketConnection}); the HTTP endpoints run on Jetty's virtual threads.
 */
public final class MediaStreamServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MediaStreamServer.class.getName());
    /** The health endpoint's path. */
    public static final String HEALTH_PATH = "/healthz";
    /** The Prometheus endpoint's path. */
    public static final String METRICS_PATH = "/metrics";

    /**
     * Default lead of each call's player, in milliseconds (see {@link Builder#lead}): longer than the player's own
     * default (200 ms) so that with the default refill Twilio's buffer never holds less than 200 ms.
     */
    public static final long DEFAULT_LEAD_MILLIS = 300;

    /** Default lead of each call's player: {@value #DEFAULT_LEAD_MILLIS} ms, fifteen frames. */
    public static final Duration DEFAULT_LEAD = Duration.ofMillis(DEFAULT_LEAD_MILLIS);

    /** Default refill of each call's player, in milliseconds (see {@link Builder#refill}). */
    public static final long DEFAULT_REFILL_MILLIS = 100;

    /** Default refill of each call's player: {@value #DEFAULT_REFILL_MILLIS} ms, five frames. */
    public static final Duration DEFAULT_REFILL = Duration.ofMillis(DEFAULT_REFILL_MILLIS);

    private final Builder settings;
    private final PrometheusMeterRegistry registry;
    private final ServerMetrics metrics;
    private final Set<CallSession> calls = ConcurrentHashMap.newKeySet();
    private final Server jetty;
    private final ServerConnector connector;
    private volatile boolean draining;
    private volatile long warmUpNanos;
    /**
     * GC pauses and the bytes allocated ({@code jvm_gc_memory_allocated_bytes_total}: what the load run divides by
     * call-minutes); it listens to the collectors' notifications, so shutdown closes it.
     */
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * The media WebSocket's read buffer, in bytes, one per call, reused for every read: an inbound media message is
     * about 400 bytes (160 bytes of mu-law in base64 and the JSON around them), so one read takes several messages
     * when a call's messages have queued up. Longer messages are assembled across reads.
     */
    static final int INPUT_BUFFER_BYTES = 4096;

    private MediaStreamServer(Builder settings) {
        this.settings = settings;
        this.registry = settings.registry != null ? settings.registry
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new ServerMetrics(registry, calls::size,
                () -> calls.stream().mapToInt(CallSession::marksPending).sum());
        new ProcessorMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);

        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("voxbridge-jetty");
        pool.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
        jetty = new Server(pool);
        // One selector per core (Jetty's default is half the cores): the media streams' messages are read, parsed
        // and decoded on the selector threads themselves (MediaSocketConnection), so they are the server's workers.
        connector = new ServerConnector(jetty, -1, Math.max(1, Runtime.getRuntime().availableProcessors()));
        connector.setHost(settings.host);
        connector.setPort(settings.port);
        jetty.addConnector(connector);
        jetty.setStopTimeout(2_000);

        List<String> prefixes = prefixes(settings.publicUrl);
        jetty.setHandler(new MediaUpgrade(this, prefixes, new HttpEndpoints(this, prefixes)));
    }

    /**
     * Starts configuring a server.
     *
     * @param engine   what every call speaks with (shared by all calls; engines are thread-safe)
     * @param handlers makes the handler of each new call, on that call's thread
     */
    public static Builder builder(TtsEngine engine, Supplier<? extends CallHandler> handlers) {
        return new Builder(engine, handlers);
    }

    /** "" and, if the public URL has a path, that path: the endpoints are served under both. */
    private static List<String> prefixes(PublicBaseUrl publicUrl) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add("");
        if (publicUrl != null) {
            String voice = java.net.URI.create(publicUrl.httpUrl(PublicBaseUrl.VOICE_PATH)).getRawPath();
            String prefix = voice.substring(0, voice.length() - PublicBaseUrl.VOICE_PATH.length());
            if (!prefix.isEmpty()) {
                prefixes.add(prefix);
            }
        }
        return List.copyOf(prefixes);
    }

    /**
     * Starts listening.
     *
     * @return this server
     * @throws IllegalStateException if the port cannot be bound (naming it) or the server was started before
     */
    public MediaStreamServer start() {
        if (settings.warmUpBudget.isPositive()) {
            warmUp();
        }
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the server on " + (settings.host == null ? "*"
                    : settings.host) + ":" + settings.port + ": " + e.getMessage(), e);
        }
        if (settings.verifier == null) {
            LOG.log(System.Logger.Level.WARNING, "NO TWILIO SIGNATURES ARE CHECKED: without an auth token"
                    + " (TWILIO_AUTH_TOKEN) anyone who can reach port " + port() + " can open calls on this server."
                    + " Set the token before exposing it.");
        }
        LOG.log(System.Logger.Level.INFO, () -> "serving Twilio calls on port " + port() + " (webhook "
                + (settings.publicUrl == null ? "http://<this host>:" + port() + PublicBaseUrl.VOICE_PATH
                : settings.publicUrl.httpUrl(PublicBaseUrl.VOICE_PATH)) + ", engine " + settings.engine.name() + ")");
        return this;
    }

    /** {@link Builder#warmUp}: the engine's failure on the text fails the start, unless it just cannot say it. */
    private void warmUp() {
        long start = System.nanoTime();
        try {
            ServerWarmUp.run(settings.engine, settings.warmUpText, settings.quality, settings.warmUpBudget.toNanos());
        } catch (io.github.voxbridge.tts.UncheckedTtsException e) {
            if (e.getCause().kind() != io.github.voxbridge.tts.TtsException.Kind.BAD_REQUEST) {
                throw new IllegalStateException("the engine failed its warm-up: " + e.getCause().getMessage(),
                        e.getCause());
            }
            LOG.log(System.Logger.Level.INFO, () -> "the engine cannot say the warm-up text ("
                    + e.getCause().getMessage() + "): warming up the caller's side only");
            ServerWarmUp.run(settings.engine, null, settings.quality, settings.warmUpBudget.toNanos());
        }
        warmUpNanos = System.nanoTime() - start;
    }

    /** How long {@link #start()} spent warming up, in nanoseconds (0 without {@link Builder#warmUp}). */
    public long warmUpNanos() {
        return warmUpNanos;
    }

    /** The port listened on (the one chosen when configured as 0); -1 before {@link #start()}. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Calls with an open Media Stream now. */
    public int activeCalls() {
        return calls.size();
    }

    /** Whether {@link #shutdown} has begun: new calls are refused. */
    public boolean isDraining() {
        return draining;
    }

    /** The registry the server's meters are in (what {@code GET /metrics} scrapes). */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    /**
     * Graceful shutdown, what SIGTERM does: refuses new calls at once (webhook and upgrades 503, {@code /healthz}
     * 503), lets the active calls finish for up to {@code drain}, then interrupts what is still playing (a
     * {@code clear}), closes those streams ({@link io.github.voxbridge.twilio.server.call.CallEnd#DRAINED}) and
     * stops. Blocks until done; idempotent.
     */
    public void shutdown(Duration drain) {
        Objects.requireNonNull(drain, "drain");
        draining = true;
        long deadline = System.nanoTime() + drain.toNanos();
        try {
            while (!calls.isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            List<CallSession> left = List.copyOf(calls);
            if (!left.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, () -> left.size() + " call(s) still up after draining "
                        + drain.toSeconds() + " s: closing them");
            }
            left.forEach(CallSession::drain);
            long end = System.nanoTime() + 2_000_000_000L;
            for (CallSession c : left) {
                long leftMillis = Math.max(1, (end - System.nanoTime()) / 1_000_000);
                if (!c.awaitFinished(leftMillis)) {
                    c.interruptThread();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping Jetty failed", e);
        }
        gcMetrics.close();
    }

    /** Shuts down with the builder's {@link Builder#drainTimeout drain timeout} (default 30 s). */
    public void shutdown() {
        shutdown(settings.drainTimeout);
    }

    /** Stops now: like {@link #shutdown(Duration)} with no time to drain. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    // -------------------------------------------------------------------------------------- for the endpoints

    Builder settings() {
        return settings;
    }

    ServerMetrics metrics() {
        return metrics;
    }

    void opened(CallSession call) {
        calls.add(call);
    }

    void closed(CallSession call) {
        calls.remove(call);
    }

    /** Why a new call must be refused now, or empty: {@code draining} or {@code max_calls}. */
    Optional<String> refusal() {
        if (draining) {
            return Optional.of("draining");
        }
        if (calls.size() >= settings.maxCalls) {
            return Optional.of("max_calls");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "MediaStreamServer[port " + port() + ", " + calls.size() + " calls" + (draining ? ", draining" : "")
                + "]";
    }

    /** Configures a {@link MediaStreamServer}. Every setting has a default but the engine and the handlers. */
    public static final class Builder {
        final TtsEngine engine;
        final Supplier<? extends CallHandler> handlers;
        String host;
        int port = 8080;
        PublicBaseUrl publicUrl;
        TwilioSignatureVerifier verifier;
        int maxCalls = 1_000;
        boolean rejectWithTwiml;
        Duration idleTimeout = Duration.ofSeconds(30);
        long maxMessageBytes = 64 * 1024;
        Duration sendTimeout = Duration.ofSeconds(5);
        Duration drainTimeout = Duration.ofSeconds(30);
        VadSettings vad = VadSettings.defaults(8000);
        boolean bargeIn = true;
        int maxQueuedAudioFrames = 250;
        Duration lead = DEFAULT_LEAD;
        Duration refill = DEFAULT_REFILL;
        ResamplerQuality quality = ResamplerQuality.TELEPHONY;
        PlaybackClock clock = PlaybackClock.system();
        final SequencedMap<String, String> streamParameters = new LinkedHashMap<>();
        PrometheusMeterRegistry registry;
        String warmUpText;
        Duration warmUpBudget = Duration.ZERO;

        private Builder(TtsEngine engine, Supplier<? extends CallHandler> handlers) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.handlers = Objects.requireNonNull(handlers, "handlers");
        }

        /** The address to bind, e.g. {@code 127.0.0.1}; default: every interface. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The TCP port, 0 for any free one; default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address Twilio reaches this server at ({@code https://example.org}, or a tunnel's), used for the
         * {@code <Stream url>} and to check signatures. Without it both come from each request's own scheme and
         * {@code Host}, which is right only when nothing sits between Twilio and the server.
         *
         * @throws IllegalArgumentException if it is not an http(s) URL without query (see {@link PublicBaseUrl})
         */
        public Builder publicUrl(String url) {
            this.publicUrl = PublicBaseUrl.parse(url);
            return this;
        }

        /** Checks {@code X-Twilio-Signature} with this auth token; {@code null} or blank checks nothing. */
        public Builder authToken(String authToken) {
            this.verifier = authToken == null || authToken.isBlank() ? null
                    : TwilioSignatureVerifier.forAuthToken(authToken);
            return this;
        }

        /** Checks signatures with this verifier (e.g. one {@link TwilioSignatureVerifier#withSharedKey with a key}). */
        public Builder signatureVerifier(TwilioSignatureVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** Calls served at once; the webhook refuses more (503). Default 1,000. */
        public Builder maxCalls(int maxCalls) {
            if (maxCalls < 1) {
                throw new IllegalArgumentException("maxCalls must be at least 1, was " + maxCalls);
            }
            this.maxCalls = maxCalls;
            return this;
        }

        /** Refuse calls beyond the limit with TwiML {@code <Reject reason="busy">} (200) instead of 503. */
        public Builder rejectWithTwiml(boolean reject) {
            this.rejectWithTwiml = reject;
            return this;
        }

        /** A call with no message from Twilio for this long ends ({@code timed_out}); default 30 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** The largest message accepted from Twilio, in bytes; larger closes the call with 1009. Default 65,536. */
        public Builder maxMessageBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024 (a start message with"
                        + " parameters), was " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /** How long one message may take to be written before the call ends as not reading; default 5 s. */
        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = positive(timeout, "sendTimeout");
            return this;
        }

        /** How long {@link #shutdown()} lets active calls finish; default 30 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout, "drainTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must not be negative, was " + timeout);
            }
            return this;
        }

        /** The voice activity detector's settings, at 8000 Hz; default {@link VadSettings#defaults}. */
        public Builder vad(VadSettings vad) {
            if (vad.sampleRate() != 8000) {
                throw new IllegalArgumentException("the server's VAD runs on Twilio's 8000 Hz audio, settings were"
                        + " for " + vad.sampleRate() + " Hz");
            }
            this.vad = vad;
            return this;
        }

        /** Whether caller speech interrupts playback, for every call (a handler may change its own); default on. */
        public Builder bargeIn(boolean enabled) {
            this.bargeIn = enabled;
            return this;
        }

        /** Audio frames (20 ms) queued for a slow handler before new ones are dropped; default 250 (5 s). */
        public Builder maxQueuedAudioFrames(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("maxQueuedAudioFrames must be at least 1, was " + frames);
            }
            this.maxQueuedAudioFrames = frames;
            return this;
        }

        /**
         * How far media runs ahead of playback (see {@link OutboundPlayer.Builder#lead}); default
         * {@value #DEFAULT_LEAD_MILLIS} ms.
         */
        public Builder lead(Duration lead) {
            this.lead = positive(lead, "lead");
            return this;
        }

        /**
         * How much of a full lead must have played before a call's player sends again (see
         * {@link OutboundPlayer.Builder#refill}); default {@value #DEFAULT_REFILL_MILLIS} ms: five frames per wake-up
         * and per write instead of one. At least 20 ms and at most the lead.
         */
        public Builder refill(Duration refill) {
            this.refill = positive(refill, "refill");
            return this;
        }

        /** The resampler preset from the engine's rate to 8 kHz; default telephony. */
        public Builder quality(ResamplerQuality quality) {
            this.quality = Objects.requireNonNull(quality, "quality");
            return this;
        }

        /** The clock players pace by; default the system's. */
        public Builder clock(PlaybackClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Adds a {@code <Parameter>} to every call's TwiML: it arrives in the call's custom parameters. */
        public Builder streamParameter(String name, String value) {
            streamParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The registry to put the meters in (and scrape at {@code /metrics}); default a new one. */
        public Builder meterRegistry(PrometheusMeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Before listening, {@link MediaStreamServer#start()} speaks {@code text} (the greeting, say; {@code null}
         * for none) and decodes synthetic caller audio for {@code budget}, so that the JIT has compiled a call's
         * hot paths before the first call: the Vector API kernels run one to two orders of magnitude slower until C2
         * compiles them, and on a cold server the first calls' first frames came seconds late (1.4 to 3.3 s in a
         * 50-call ramp). Off by default; {@code voxbridge serve} warms up for 3 s. An engine that refuses the text as
         * a bad request (prerecorded prompts without it) warms the caller's side only; any other failure fails
         * {@code start()}.
         */
        public Builder warmUp(String text, Duration budget) {
            Objects.requireNonNull(budget, "budget");
            if (budget.isNegative()) {
                throw new IllegalArgumentException("warm-up budget must not be negative, was " + budget);
            }
            this.warmUpText = text;
            this.warmUpBudget = budget;
            return this;
        }

        /** A server with these settings, not started. */
        public MediaStreamServer build() {
            if (refill.compareTo(Duration.ofMillis(20)) < 0 || refill.compareTo(lead) > 0) {
                throw new IllegalArgumentException("refill must be at least 20 ms and at most the lead (" + lead
                        + "), was " + refill);
            }
            return new MediaStreamServer(copy());
        }

        /** {@link #build()} then {@link MediaStreamServer#start()}. */
        public MediaStreamServer start() {
            return build().start();
        }

        private Builder copy() {
            Builder b = new Builder(engine, handlers);
            b.host = host;
            b.port = port;
            b.publicUrl = publicUrl;
            b.verifier = verifier;
            b.maxCalls = maxCalls;
            b.rejectWithTwiml = rejectWithTwiml;
            b.idleTimeout = idleTimeout;
            b.maxMessageBytes = maxMessageBytes;
            b.sendTimeout = sendTimeout;
            b.drainTimeout = drainTimeout;
            b.vad = vad;
            b.bargeIn = bargeIn;
            b.maxQueuedAudioFrames = maxQueuedAudioFrames;
            b.lead = lead;
            b.refill = refill;
            b.quality = quality;
            b.clock = clock;
            b.streamParameters.putAll(streamParameters);
            b.registry = registry;
            b.warmUpText = warmUpText;
            b.warmUpBudget = warmUpBudget;
            return b;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }

    /** Parameters of the TwiML: the builder's, then the call's From and To. */
    Map<String, String> twimlParameters(Map<String, List<String>> form) {
        Map<String, String> parameters = new LinkedHashMap<>(settings.streamParameters);
        for (String name : List.of("From", "To")) {
            List<String> values = form.get(name);
            if (values != null && !values.isEmpty() && !values.getFirst().isEmpty()) {
                parameters.putIfAbsent(name, values.getFirst());
            }
        }
        return parameters;
    }
}
