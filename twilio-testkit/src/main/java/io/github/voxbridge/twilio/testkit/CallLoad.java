package io.github.voxbridge.twilio.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Many simulated calls at once against one voice webhook: a load test of a Twilio Media Streams server, as
 * {@code voxbridge simulate} runs it. Each call is a {@link CallSimulator} (signed webhook, TwiML, WebSocket,
 * {@code start}, the caller's media every 20 ms, playback, marks, {@code clear}) that lasts the {@link
 * Builder#duration duration} from its {@code start} and then hangs up; the figures of all of them are added up in a
 * {@link CallLoadResult}.
 *
 * {@snippet id="call-load-run" :
 * CallLoadResult result = CallLoad.builder(URI.create(serverUrl + "/voice"))  // the number's voice webhook
 *         .calls(5).duration(Duration.ofSeconds(1)).authToken(authToken)
 *         .build().run();                                 // places them all, waits for the last hang-up
 * assertEquals(5, result.completed());                    // each one placed, heard and hung up
 * assertEquals(0, result.framesLost());                   // the greetings played to the end
 * long p99 = result.firstFrameLatencyPercentileNanos(99); // from each call's start to its first media
 * }
 *
 * <p>The starts are spread evenly over the {@link Builder#rampUp ramp-up} (call {@code i} of {@code n} at
 * {@code i * rampUp / n}), so that a thousand calls do not all post their webhook and open their WebSocket in the
 * same millisecond. Every call runs on a virtual thread, as does each simulator's mark thread; the caller's media of
 * all calls go from a few pacer threads (each frame within 5 ms of its due time), and the calls share a few JDK HTTP
 * clients whose selector threads also run the simulators' handling of what the server sends
 * ({@link Builder#ioThreads}): a thousand concurrent calls fit in one JVM, and the simulator's CPU per call is about
 * that of the server it measures (benchmarks/README.md).
 *
 * <p>A call <em>fails</em> if its webhook, TwiML or upgrade fails ({@link CallSimulator#start()}'s exception), if
 * the server closes the stream before the call hangs up, or if its recording holds a {@link ProtocolError}
 * (something Twilio would reject, or a transport failure such as no close after {@code stop}); every other call
 * <em>completed</em>. The figures are summed over every call that started, failed or not.
 *
 * <p>Immutable: each {@link #run()} places a new round of calls.
 */
public final class CallLoad {

    /** Distinct failure reasons kept in a result: the first few say what went wrong, a thousand say no more. */
    static final int FAILURE_REASONS_KEPT = 5;

    /**
     * Default of {@link Builder#ioThreads}: four clients and four pacers. Measured with
     * {@code benchmarks/serve-load.sh 1000 90 30000} (the simulator and the server on one 2-core VM): with one of
     * each the simulator heard 242 to 2,277 gaps in 4.35 million frames over six runs, in bursts across hundreds of
     * calls, while the server counted no late frame of its own; with four, 0 and 105 (and 0, 1, 0 and 527 in
     * four runs with collector settings that were not kept; in the last the server itself fell behind).
     */
    public static final int DEFAULT_IO_THREADS = 4;

    /** Why a call that the server closed early failed: one wording for all, so the reasons stay distinct. */
    static final String CLOSED_EARLY = "the server closed the stream before the caller hung up";

    private final URI webhook;
    private final int calls;
    private final Duration duration;
    private final Duration rampUp;
    private final String authToken;
    private final CallerAudio callerAudio;
    private final Duration timeout;
    private final int ioThreads;

    private CallLoad(Builder b) {
        this.webhook = b.webhook;
        this.calls = b.calls;
        this.duration = b.duration;
        this.rampUp = b.rampUp;
        this.authToken = b.authToken;
        this.callerAudio = b.speakAfter.isZero() ? b.callerAudio : b.callerAudio.delayedBy(b.speakAfter);
        this.timeout = b.timeout;
        this.ioThreads = b.ioThreads;
    }

    /** Starts configuring a load against {@code webhook}, a number's voice webhook (http or https). */
    public static Builder builder(URI webhook) {
        return new Builder(webhook);
    }

    /**
     * Places every call, waits for all of them to end and returns their figures. Takes about the ramp-up plus the
     * duration plus a handshake and a hang-up.
     *
     * @throws InterruptedException if interrupted while calls run (they are hung up first)
     */
    public CallLoadResult run() throws InterruptedException {
        Tally tally = new Tally();
        // The client (its TLS context: about half a second of CPU) and the simulator's class (its JSON codec) are
        // made before the clocks start: in the first calls' threads they would hold those calls back, and the
        // ramp-up's first starts would then go out in one burst.
        // The client's executor runs its callbacks on its own selector thread, where the simulator's onText only
        // parses and records: no hand-off to a pool thread per message from the server. The caller's media of all
        // calls go from one pacer thread, not a thread per call waking fifty times a second.
        int lanes = Math.min(ioThreads, calls); // five calls need no more than five
        HttpClient[] clients = new HttpClient[lanes];
        MediaPacer[] pacers = new MediaPacer[lanes];
        for (int l = 0; l < lanes; l++) {
            clients[l] = HttpClient.newBuilder().connectTimeout(timeout).executor(Runnable::run).build();
            pacers[l] = new MediaPacer();
        }
        try {
            CallSimulator.builder();
            long cpuBefore = processCpuNanos();
            long origin = System.nanoTime();
            try (ExecutorService threads = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name(CallSimulator.THREAD_PREFIX + "load-", 0).factory())) {
                for (int i = 0; i < calls; i++) {
                    long startAt = origin + Math.round((double) rampUp.toNanos() * i / calls);
                    HttpClient http = clients[i % lanes];
                    MediaPacer pacer = pacers[i % lanes];
                    threads.execute(() -> call(startAt, http, pacer, tally));
                }
            } // waits for every call
            long wall = System.nanoTime() - origin;
            long cpuAfter = processCpuNanos();
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while " + calls + " calls ran");
            }
            return tally.result(cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore, wall);
        } finally {
            for (int l = 0; l < lanes; l++) {
                clients[l].close();
                pacers[l].close();
            }
        }
    }

    /** One call: waits for its start time, starts, lives {@link #duration}, hangs up and adds itself up. */
    private void call(long startAt, HttpClient http, MediaPacer pacer, Tally tally) {
        CallSimulator.Builder builder = CallSimulator.builder().webhook(webhook).httpClient(http).pacer(pacer)
                .summaryOnly(true)
                .callerAudio(callerAudio).keepAudio(false).timeout(timeout);
        if (authToken != null) {
            builder.authToken(authToken);
        }
        try (CallSimulator sim = builder.build()) {
            sleepUntil(startAt);
            try {
                sim.start();
            } catch (IOException e) {
                tally.failed(describe(e));
                return;
            }
            sleepUntil(System.nanoTime() + duration.toNanos());
            boolean closedEarly = sim.recording().endNanos().isPresent();
            CallRecording recording = sim.hangUp();
            tally.add(recording, closedEarly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.failed("interrupted");
        } catch (RuntimeException e) {
            tally.failed(oneLine(e.toString()));
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    /**
     * The reason a call could not start, on one line, naming the URL. The simulator's own messages name it (an
     * answer other than 200, bad TwiML, a refused upgrade); the JDK client's exceptions from the webhook's POST do
     * not: a {@link ConnectException} for a refused connection (often without a message at all), a timeout, a
     * connection closed without an answer ("HTTP/1.1 header parser received no bytes").
     */
    private String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused: " + webhook;
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms: " + webhook;
        }
        String message = oneLine(e.getMessage() != null ? e.getMessage() : e.toString());
        return message.contains("://") ? message : "webhook " + webhook + ": " + message;
    }

    /** Collapses line breaks and runs of white space (an HTML error page's excerpt) into single spaces. */
    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /**
     * This process's CPU time in nanoseconds (all its threads: the simulator's, the HTTP client's, the JIT and
     * the garbage collector), or -1 where the JVM does not measure it.
     */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The sums over the calls, added to from every call's thread. */
    private final class Tally {
        private int started;
        private int completed;
        private int failed;
        private final Set<String> reasons = new LinkedHashSet<>();
        private long framesReceived;
        private long framesPlayed;
        private long framesCut;
        private long framesCleared;
        private long framesLost;
        private long underruns;
        private long marksReceived;
        private long marksEchoed;
        private long clears;
        private long protocolErrors;
        private int callsWithoutMedia;
        private final List<Long> latencies = new ArrayList<>();

        synchronized void failed(String reason) {
            failed++;
            if (reasons.size() < FAILURE_REASONS_KEPT) {
                reasons.add(reason);
            }
        }

        synchronized void add(CallRecording r, boolean closedEarly) {
            started++;
            CallSummary s = r.summary();
            framesReceived += s.framesReceived();
            framesPlayed += s.framesPlayed();
            framesCut += s.framesCut();
            framesCleared += s.framesCleared();
            framesLost += s.framesLost();
            underruns += s.underruns();
            marksReceived += s.marksReceived();
            marksEchoed += s.marksEchoed();
            clears += s.clears();
            protocolErrors += s.protocolErrors();
            if (s.firstFrameLatencyNanos() >= 0) {
                latencies.add(s.firstFrameLatencyNanos());
            } else {
                callsWithoutMedia++;
            }
            if (closedEarly) {
                failed(CLOSED_EARLY);
            } else if (!r.protocolErrors().isEmpty()) {
                ProtocolError first = r.protocolErrors().getFirst();
                failed(first.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
                        + oneLine(first.detail()));
            } else {
                completed++;
            }
        }

        synchronized CallLoadResult result(long cpuNanos, long wallNanos) {
            List<Long> sorted = latencies.stream().sorted().toList();
            return new CallLoadResult(calls, started, completed, failed, List.copyOf(reasons), framesReceived,
                    framesPlayed, framesCut, framesCleared, framesLost, underruns, marksReceived, marksEchoed, clears,
                    protocolErrors, callsWithoutMedia, sorted, duration.toNanos(), cpuNanos, wallNanos);
        }
    }

    /** Settings of a load; every one but the webhook has a default. Not thread-safe. */
    public static final class Builder {
        private final URI webhook;
        private int calls = 1;
        private Duration duration = Duration.ofSeconds(10);
        private Duration rampUp = Duration.ofSeconds(1);
        private String authToken;
        private CallerAudio callerAudio = CallerAudio.silence();
        private Duration speakAfter = Duration.ZERO;
        private Duration timeout = Duration.ofSeconds(10);
        private int ioThreads = DEFAULT_IO_THREADS;

        private Builder(URI webhook) {
            Objects.requireNonNull(webhook, "webhook");
            String scheme = webhook.getScheme() == null ? "" : webhook.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || webhook.getHost() == null) {
                throw new IllegalArgumentException("the webhook must be an http or https URL with a host, got "
                        + webhook);
            }
            this.webhook = webhook;
        }

        /** How many calls (default 1). */
        public Builder calls(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("calls must be at least 1, got " + calls);
            }
            this.calls = calls;
            return this;
        }

        /** How long each call lasts, from its {@code start} message to its hang-up (default 10 s). */
        public Builder duration(Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("call duration must be positive, got " + duration);
            }
            this.duration = duration;
            return this;
        }

        /** The time over which the calls' starts are spread evenly (default 1 s; zero: all at once). */
        public Builder rampUp(Duration rampUp) {
            if (rampUp.isNegative()) {
                throw new IllegalArgumentException("ramp-up must not be negative, got " + rampUp);
            }
            this.rampUp = rampUp;
            return this;
        }

        /** Signs every webhook and upgrade with this auth token (default: nothing is signed). */
        public Builder authToken(String authToken) {
            this.authToken = Objects.requireNonNull(authToken, "authToken");
            return this;
        }

        /** What every caller says (default: silence); shared, not copied per call. */
        public Builder callerAudio(CallerAudio audio) {
            this.callerAudio = Objects.requireNonNull(audio, "audio");
            return this;
        }

        /**
         * When each caller starts saying its {@link #callerAudio audio}, from its {@code start} (default 0):
         * silence before, so a server that speaks first is interrupted, a barge-in.
         */
        public Builder speakAfter(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("speech delay must not be negative, got " + delay);
            }
            this.speakAfter = delay;
            return this;
        }

        /** Bound of each network step of a call (HTTP, upgrade, a send, the close), as {@link CallSimulator}'s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Over how many threads of each kind the calls are spread (default {@value #DEFAULT_IO_THREADS}): call
         * {@code i} reads what the server sends on the selector thread of JDK HTTP client {@code i % n} and sends
         * its media from pacer thread {@code i % n}. One of each would carry a thousand calls, but it would need
         * half a core on its own, and on a machine shared with the server under test it then falls behind in
         * bursts whenever the scheduler gives it less: the simulator would hear gaps it caused itself (see
         * {@link #DEFAULT_IO_THREADS}).
         */
        public Builder ioThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, got " + n);
            }
            this.ioThreads = n;
            return this;
        }

        /** A load with these settings; {@link CallLoad#run()} places the calls. */
        public CallLoad build() {
            return new CallLoad(this);
        }
    }

    @Override
    public String toString() {
        return "CallLoad[" + calls + " calls of " + duration + " to " + webhook + "]";
    }
}
