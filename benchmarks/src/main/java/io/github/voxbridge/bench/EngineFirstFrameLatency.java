package io.github.voxbridge.bench;

import io.github.voxbridge.bench.loopback.FirstAudioProbe;
import io.github.voxbridge.bench.loopback.LoopbackCartesiaSocket;
import io.github.voxbridge.bench.loopback.LoopbackDeepgramSocket;
import io.github.voxbridge.bench.loopback.LoopbackElevenLabsSocket;
import io.github.voxbridge.bench.loopback.LoopbackHttpVendor;
import io.github.voxbridge.bench.loopback.ScriptedAudio;
import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.twilio.stream.MediaMessages;
import io.github.voxbridge.twilio.stream.TwilioTtsStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Time from the first audio byte a network engine's server writes to the first Twilio media message a voice agent
 * can send (issue 12, "Benchmarks"), for each network engine, on loopback. The sibling of {@link FirstFrameLatency}
 * (FreeTTS): a plain measurement program, not JMH and not a test.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *        io.github.voxbridge.bench.EngineFirstFrameLatency [runs, 1000] [warm-up runs, 200] [engines, e.g. openai,polly]
 * </pre>
 *
 * <p>Each engine is created as a user creates it, {@code TtsEngines.create(name, options)} with {@code base-url}
 * pointing at a loopback server that speaks its vendor's wire protocol and a dummy key, and wrapped in a
 * {@link TwilioTtsStream}; each run is {@code generate(text)} consumed to the end. The server answers every request
 * with 200 ms of audio: the first 100 ms (one burst, flushed: one HTTP chunk, one binary frame or one JSON message)
 * then, after a pause, the rest and the vendor's end of stream. It records {@link System#nanoTime()} just before
 * writing the first burst ({@link FirstAudioProbe}; a JSON message is built, base64 and all, before that), holds the
 * rest back until the consumer has the first media message ({@code hasNext()} returned true), so nothing else is on
 * the wire meanwhile, and the latency is the difference of the two readings of the same clock. What it covers: the
 * server's write system call, the loopback socket, the JDK client's selector thread and buffers, the engine (body
 * pump or WebSocket conversation, with the JSON parsing and base64 decoding of the JSON engines), the sink, the
 * pipeline (pass-through or resample + mu-law, 20 ms framing, JSON) and the hand-over to the consumer's thread. What
 * it does not: the request, the response headers or the WebSocket handshake (all before the mark), and any real
 * network.
 *
 * <p>Cases: {@code openai} (HTTP chunked, s16le 24 kHz, transcoded), {@code deepgram-ws} (WebSocket binary frames,
 * mu-law 8 kHz passed through), {@code deepgram-rest}, {@code azure} (HTTP chunked, mu-law 8 kHz passed through),
 * {@code polly} (mu-law 8 kHz through the AWS SDK's URLConnection client; dummy credentials set as the
 * {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties unless given), {@code elevenlabs}
 * ({@code stream-input} WebSocket, {@code {"audio":"<base64>"}} text messages, {@code ulaw_8000} passed through;
 * {@link LoopbackElevenLabsSocket}) and {@code cartesia} ({@code /tts/websocket}, {@code {"type":"chunk"}} text
 * messages, {@code pcm_mulaw} 8 kHz passed through; {@link LoopbackCartesiaSocket}). The last two keep sockets warm
 * as a user's engine does: Cartesia reuses its socket (a new context per run), ElevenLabs spends a socket per run
 * and starts the next on a spare opened and greeted ahead (a fresh one if the spare is not open yet); neither
 * handshake is inside the interval. Per engine: one cold run (the first in this JVM, printed alone), {@code warm-up}
 * runs, then {@code runs} runs into an HdrHistogram (ns, 3 significant digits); printed: count, p50, p90, p99 and
 * max in microseconds.
 *
 * <p>{@code sun.net.httpserver.nodelay} is set to true unless given with {@code -D} (see {@link LoopbackHttpVendor}):
 * run with {@code -Dsun.net.httpserver.nodelay=false} to see what Nagle on the server's socket would add.
 */
public final class EngineFirstFrameLatency {

    private static final String STREAM_SID = "MZ00000000000000000000000000000000";
    private static final String TEXT = "Hello from voxbridge.";
    private static final String KEY = "bench-dummy-key";
    /** Audio per answer, in ms: a first burst of {@link #FIRST_MS}, then the rest. */
    private static final int TOTAL_MS = 200;
    /** The first burst: 100 ms, the "a fake that sends 100 ms, then pauses". */
    private static final int FIRST_MS = 100;

    /** Starts a vendor's loopback server answering with {@code audio}; returns it and the engine's options. */
    @FunctionalInterface
    private interface Vendor {
        Started start(ScriptedAudio audio) throws Exception;
    }

    private record Started(AutoCloseable server, Map<String, String> options) {
    }

    /**
     * One engine to measure.
     *
     * @param pcm24k true: the vendor sends s16le at 24 kHz; false: mu-law at 8 kHz
     */
    private record EngineCase(String label, String engine, String wire, boolean pcm24k, Vendor vendor) {
    }

    private static final List<EngineCase> CASES = List.of(
            new EngineCase("openai", "openai", "HTTP chunked, pcm s16le 24 kHz -> resample + mu-law", true,
                    audio -> {
                        LoopbackHttpVendor s = new LoopbackHttpVendor("/v1/audio/speech", "Authorization",
                                ("Bearer " + KEY)::equals, "application/octet-stream", audio);
                        return new Started(s, Map.of("api-key", KEY, "base-url", s.origin() + "/v1"));
                    }),
            new EngineCase("deepgram-ws", "deepgram", "WebSocket binary frames, mu-law 8 kHz passed through", false,
                    audio -> {
                        LoopbackDeepgramSocket s = new LoopbackDeepgramSocket(KEY, audio);
                        return new Started(s, Map.of("api-key", KEY, "base-url", s.baseUrl()));
                    }),
            new EngineCase("deepgram-rest", "deepgram", "HTTP chunked, mu-law 8 kHz passed through", false,
                    audio -> {
                        LoopbackHttpVendor s = new LoopbackHttpVendor("/v1/speak", "Authorization",
                                ("Token " + KEY)::equals, "audio/mulaw", audio);
                        return new Started(s, Map.of("api-key", KEY, "base-url", s.origin(), "transport", "rest"));
                    }),
            new EngineCase("azure", "azure", "HTTP chunked, raw-8khz-8bit-mono-mulaw passed through", false,
                    audio -> {
                        LoopbackHttpVendor s = new LoopbackHttpVendor("/cognitiveservices/v1",
                                "Ocp-Apim-Subscription-Key", KEY::equals, "audio/basic", audio);
                        return new Started(s, Map.of("api-key", KEY, "base-url", s.origin()));
                    }),
            new EngineCase("polly", "polly", "AWS SDK (URLConnection client), mu-law 8 kHz passed through", false,
                    audio -> {
                        // SigV4 is not checked: the dummy credentials sign, the server only sees that they did.
                        LoopbackHttpVendor s = new LoopbackHttpVendor("/v1/speech", "Authorization",
                                value -> value.startsWith("AWS4-HMAC-SHA256 "), "audio/mulaw", audio);
                        return new Started(s, Map.of("region", "us-east-1", "base-url", s.origin()));
                    }),
            new EngineCase("elevenlabs", "elevenlabs", "WebSocket JSON, base64 ulaw_8000 passed through", false,
                    audio -> {
                        LoopbackElevenLabsSocket s = new LoopbackElevenLabsSocket(KEY, audio);
                        return new Started(s, Map.of("api-key", KEY, "base-url", s.baseUrl()));
                    }),
            new EngineCase("cartesia", "cartesia", "WebSocket JSON, base64 pcm_mulaw 8 kHz passed through", false,
                    audio -> {
                        LoopbackCartesiaSocket s = new LoopbackCartesiaSocket(KEY, audio);
                        return new Started(s, Map.of("api-key", KEY, "base-url", s.baseUrl()));
                    }));

    private EngineFirstFrameLatency() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<String> only = args.length > 2 ? Arrays.asList(args[2].split(",")) : null;
        setIfAbsent("sun.net.httpserver.nodelay", "true"); // before the first HttpServer loads ServerConfig
        setIfAbsent("aws.accessKeyId", "bench-dummy-access-key");
        setIfAbsent("aws.secretAccessKey", "bench-dummy-secret");
        System.out.printf(Locale.ROOT, "%s %s, %d cores, %d runs after %d warm-up runs per engine,"
                + " sun.net.httpserver.nodelay=%s; audio: %d ms first burst, pause, %d ms more%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), runs, warmUp,
                System.getProperty("sun.net.httpserver.nodelay"), FIRST_MS, TOTAL_MS - FIRST_MS);
        System.out.printf(Locale.ROOT, "%-14s %6s %9s %9s %9s %9s %10s %7s  %s%n", "engine", "count", "p50 µs",
                "p90 µs", "p99 µs", "max µs", "cold ms", "frames", "wire");
        for (EngineCase c : CASES) {
            if (only == null || only.contains(c.label())) {
                measure(c, runs, warmUp);
            }
        }
    }

    private static void measure(EngineCase c, int runs, int warmUp) throws Exception {
        byte[] audio = c.pcm24k() ? pcm24k(TOTAL_MS) : muLaw8k(TOTAL_MS);
        int firstBytes = audio.length * FIRST_MS / TOTAL_MS;
        AtomicReference<FirstAudioProbe> probes = new AtomicReference<>();
        Started started = c.vendor().start(ScriptedAudio.of(audio, firstBytes, probes::get));
        try (AutoCloseable server = started.server();
                TtsEngine engine = TtsEngines.create(c.engine(), started.options())) {
            TwilioTtsStream tts = TwilioTtsStream.builder(engine).streamSid(STREAM_SID).build();
            long[] cold = run(tts, probes);
            for (int i = 0; i < warmUp; i++) {
                run(tts, probes);
            }
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long frames = 0;
            for (int i = 0; i < runs; i++) {
                long[] r = run(tts, probes);
                histogram.recordValue(r[0]);
                frames = r[1];
            }
            System.out.printf(Locale.ROOT, "%-14s %6d %9.1f %9.1f %9.1f %9.1f %10.2f %7d  %s%n", c.label(),
                    histogram.getTotalCount(), micros(histogram.getValueAtPercentile(50)),
                    micros(histogram.getValueAtPercentile(90)), micros(histogram.getValueAtPercentile(99)),
                    micros(histogram.getMaxValue()), cold[0] / 1e6, frames, c.wire());
        }
    }

    /**
     * One generation: nanoseconds from the server's first audio write to the first media message, and the number of
     * messages. Fails if the engine delivered fewer frames than the audio holds (less one for resampling's edges).
     */
    private static long[] run(TwilioTtsStream tts, AtomicReference<FirstAudioProbe> probes) {
        FirstAudioProbe probe = new FirstAudioProbe();
        probes.set(probe);
        long latency;
        long count = 0;
        try (MediaMessages messages = tts.generate(TEXT)) {
            try {
                if (!messages.hasNext()) {
                    throw new IllegalStateException("the engine ended without a media message");
                }
                latency = System.nanoTime() - probe.firstWriteNanos();
            } finally {
                probe.release();
            }
            while (messages.hasNext()) {
                messages.next();
                count++;
            }
        }
        if (count < TOTAL_MS / 20 - 1) {
            throw new IllegalStateException(count + " media messages for " + TOTAL_MS + " ms of audio");
        }
        return new long[] {latency, count};
    }

    private static double micros(long nanos) {
        return nanos / 1e3;
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /**
     * {@code ms} of a voiced-like tone at {@code rate} Hz as 16-bit samples: a 150 Hz fundamental with its 2nd to
     * 4th harmonics, peak about 0.5 of full scale. The content does not matter to the timing (the kernels do not
     * branch on it); the level keeps the mu-law codes varied.
     */
    private static short[] tone(int rate, int ms) {
        short[] samples = new short[rate * ms / 1000];
        for (int n = 0; n < samples.length; n++) {
            double t = (double) n / rate;
            double v = 0;
            for (int k = 1; k <= 4; k++) {
                v += Math.sin(2 * Math.PI * 150 * k * t) / (k * 4.2);
            }
            samples[n] = (short) Math.round(v * 32_767);
        }
        return samples;
    }

    /** OpenAI's {@code pcm}: s16le mono 24,000 Hz (tts-engines.md section 1). */
    private static byte[] pcm24k(int ms) {
        short[] samples = tone(24_000, ms);
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return bytes;
    }

    /** G.711 mu-law at 8,000 Hz, one byte a sample. */
    private static byte[] muLaw8k(int ms) {
        short[] samples = tone(8_000, ms);
        byte[] codes = new byte[samples.length];
        MuLaw.encode(samples, 0, codes, 0, samples.length);
        return codes;
    }
}
