package io.github.voxbridge.bench.soak;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.github.voxbridge.bench.BenchmarkHeap;
import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.stream.FrameAssembler;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.HdrHistogram.Histogram;

/**
 * Soak test of the whole outbound path under many concurrent calls: not JMH, but the answer to "how many calls does
 * one core carry in real time, and how late is the worst frame?".
 *
 * <p>{@code --calls} simulated calls (default 1,000) are spread over {@code --threads} threads (default: all
 * cores). Each call has its own {@link TelephonyEncoder} (24 kHz 16-bit PCM to 8 kHz mu-law, telephony preset),
 * {@link FrameAssembler} (eager) and {@link OutboundMessageWriter}, and is fed its speech-like signal in 20 ms chunks
 * (480 samples); every frame the assembler completes becomes a media message {@code String}, as a text WebSocket
 * would send it. Each thread goes round its calls one chunk at a time, flat out (not paced to real time), so a
 * call's state is cold again when its turn comes, as with many calls on a server.
 *
 * <p>Measured after {@code --warmup} seconds, for {@code --seconds} seconds: the time of each chunk (encode, frame,
 * message) in an HdrHistogram per thread, merged at the end; chunks and frames done; each worker's CPU time; every GC
 * (count, pause time, longest pause, from the collectors' notifications). A chunk yields one frame on average
 * (480 samples at 24 kHz are 160 bytes at 8 kHz), so the chunk time is the per-frame processing time.
 *
 * <p>Calls per core in real time = frames per CPU-second of the workers / 50 (a call needs 50 frames a second).
 * CPU time rather than wall time, so that other processes on a shared machine do not count against us; the
 * wall-clock figure (frames per second / 50 / threads) is printed too. The p99.9 chunk time must stay under 1 ms
 * (a twentieth of the frame's own duration) for the figure to count as real time.
 *
 * <p>{@code --paced} checks the figure the other way round: each thread gives each of its calls one chunk per 20 ms
 * tick, as a live stream would, and reports how long after each tick's start its last message was ready, and how
 * many ticks overran 20 ms. Run it with {@code --calls} near the flat-out figure times the threads.
 */
public final class Soak {

    private static final int INPUT_RATE = 24_000;
    private static final int CHUNK = INPUT_RATE / 50;
    private static final int FRAMES_PER_CALL_SECOND = 50;
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long P999_LIMIT_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String SID_PREFIX = "MZ18ad3ab5a668481ce02b83e7395059";

    /** Set in the re-launched child, which runs whatever heap flags it got (the user's, if any, override ours). */
    private static final String RELAUNCHED = "voxbridge.soak.relaunched";

    private volatile boolean recording;
    private volatile boolean stop;
    private volatile Throwable failure;

    /** The options, with their defaults. */
    record Options(int calls, int threads, double seconds, double warmup, String histogramOut, boolean paced) {
        static Options parse(String[] args) {
            int calls = 1000;
            int threads = Runtime.getRuntime().availableProcessors();
            double seconds = 20;
            double warmup = 5;
            String out = null;
            boolean paced = false;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--calls" -> calls = Integer.parseInt(require(v, args[i++]));
                    case "--threads" -> threads = Integer.parseInt(require(v, args[i++]));
                    case "--seconds" -> seconds = Double.parseDouble(require(v, args[i++]));
                    case "--warmup" -> warmup = Double.parseDouble(require(v, args[i++]));
                    case "--histogram-out" -> out = require(v, args[i++]);
                    case "--paced" -> paced = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: Soak [--calls N] [--threads T] [--seconds S] [--warmup S] [--histogram-out FILE] [--paced]");
                }
            }
            if (calls < threads || threads < 1 || seconds <= 0 || warmup < 0) {
                throw new IllegalArgumentException("need calls >= threads >= 1, seconds > 0, warmup >= 0");
            }
            return new Options(calls, threads, seconds, warmup, out, paced);
        }

        private static String require(String value, String option) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    /** One simulated call: its own encoder, assembler, writer and position in the signal. */
    private static final class Call {
        final TelephonyEncoder encoder = TelephonyEncoder.muLaw(INPUT_RATE);
        final OutboundMessageWriter writer;
        final FrameAssembler assembler;
        /** Room for any one chunk's output: the count varies by one with the phase, and is short at the start. */
        final byte[] codes = new byte[CHUNK / 3 + encoder.resampler().flushSamplesBound() + 64];
        int position;
        int frames;
        long sink;

        Call(int id, int start) {
            writer = new OutboundMessageWriter(SID_PREFIX + String.format(Locale.ROOT, "%02x", id & 0xFF));
            assembler = new FrameAssembler((frame, audioBytes, last) -> {
                sink += writer.mediaMessage(frame).length();
                frames++;
            }, true);
            position = start;
        }
    }

    /** One worker thread's calls and measurements. */
    private final class Worker implements Runnable {
        final List<Call> calls = new ArrayList<>();
        final short[] pcm;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        /** Paced mode: from each 20 ms tick's start to its last frame's message, ns. */
        final Histogram ticks = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final boolean paced;
        long lateTicks;
        final CountDownLatch done;
        long chunks;
        long frames;
        long cpuNanos;
        long sink;

        Worker(short[] pcm, CountDownLatch done, boolean paced) {
            this.pcm = pcm;
            this.done = done;
            this.paced = paced;
        }

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = -1;
            long tick = System.nanoTime();
            try {
                while (!stop) {
                    boolean rec = recording;
                    if (rec && cpuStart < 0) {
                        cpuStart = threads.getCurrentThreadCpuTime();
                    }
                    for (Call call : calls) {
                        int framesBefore = call.frames;
                        long t0 = System.nanoTime();
                        int n = call.encoder.encode(pcm, call.position, CHUNK, call.codes, 0);
                        call.assembler.write(call.codes, 0, n);
                        long t1 = System.nanoTime();
                        call.position = call.position + 2 * CHUNK > pcm.length ? 0 : call.position + CHUNK;
                        if (rec) {
                            histogram.recordValue(t1 - t0);
                            chunks++;
                            frames += call.frames - framesBefore;
                        }
                    }
                    if (paced) {
                        // Every call gets one chunk per 20 ms tick, as from a live TTS stream.
                        long end = System.nanoTime();
                        if (rec) {
                            ticks.recordValue(end - tick);
                        }
                        tick += FRAME_NANOS;
                        if (end > tick) {
                            lateTicks += rec ? 1 : 0;
                        } else {
                            LockSupport.parkNanos(tick - end);
                        }
                    }
                }
                cpuNanos = cpuStart < 0 ? 0 : threads.getCurrentThreadCpuTime() - cpuStart;
                for (Call call : calls) {
                    sink += call.sink;
                }
            } catch (Throwable t) {
                failure = t;
                stop = true;
            } finally {
                done.countDown();
            }
        }
    }

    /** GC pauses seen while recording, per collector. */
    private static final class GcLog {
        final Map<String, long[]> byCollector = new TreeMap<>(); // name -> {count, total ms, max ms}
        volatile boolean on;

        synchronized void add(String collector, long millis) {
            long[] s = byCollector.computeIfAbsent(collector, k -> new long[3]);
            s[0]++;
            s[1] += millis;
            s[2] = Math.max(s[2], millis);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!BenchmarkHeap.isFixed(jvmArgs) && !Boolean.getBoolean(RELAUNCHED)) {
            System.exit(relaunchOnFixedHeap(jvmArgs, args));
            return;
        }
        new Soak().run(options, System.out);
    }

    /**
     * Runs this class again in a child JVM with {@link BenchmarkHeap#FLAGS} before this JVM's own arguments (so a
     * heap size given by hand still wins), its output on ours; returns the child's exit status. The soak's GC pauses
     * and frame times mean something only on a heap that does not grow while it is measured.
     */
    private static int relaunchOnFixedHeap(List<String> jvmArgs, String[] args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BenchmarkHeap.FLAGS);
        command.addAll(jvmArgs);
        command.add("-D" + RELAUNCHED + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Soak.class.getName());
        command.addAll(List.of(args));
        System.err.println("Soak: re-launching on a fixed, pre-touched heap: " + String.join(" ", BenchmarkHeap.FLAGS));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    void run(Options o, PrintStream out) throws InterruptedException, FileNotFoundException {
        short[] pcm = speechLike16(INPUT_RATE * 4);
        CountDownLatch done = new CountDownLatch(o.threads());
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < o.threads(); t++) {
            workers.add(new Worker(pcm, done, o.paced()));
        }
        int chunksInSignal = pcm.length / CHUNK - 1;
        for (int c = 0; c < o.calls(); c++) {
            // Calls start at different places in the signal, so they are not in lock step.
            workers.get(c % o.threads()).calls.add(new Call(c, (c * 37 % chunksInSignal) * CHUNK));
        }
        GcLog gc = new GcLog();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) bean).addNotificationListener((notification, handback) -> {
                if (gc.on && GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                        .equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    gc.add(info.getGcName() + " (" + info.getGcAction() + ")", info.getGcInfo().getDuration());
                }
            }, null, null);
        }
        long gcCountBefore = 0;
        long gcTimeBefore = 0;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < o.threads(); t++) {
            Thread thread = new Thread(workers.get(t), "soak-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        out.printf(Locale.ROOT, "Soak: %d calls on %d threads (%d processors), 24 kHz s16 -> TelephonyEncoder mu-law"
                        + " -> FrameAssembler(eager) -> mediaMessage; warm-up %.0f s, measuring %.0f s%n",
                o.calls(), o.threads(), Runtime.getRuntime().availableProcessors(), o.warmup(), o.seconds());
        Thread.sleep((long) (o.warmup() * 1000));
        if (failure != null) {
            stop = true;
            throw new IllegalStateException("a soak worker failed", failure);
        }
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCountBefore += bean.getCollectionCount();
            gcTimeBefore += bean.getCollectionTime();
        }
        gc.on = true;
        recording = true;
        long wallStart = System.nanoTime();
        long until = System.nanoTime() + (long) (o.seconds() * 1e9);
        while (!stop && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        stop = true;
        done.await();
        if (failure != null) {
            throw new IllegalStateException("a soak worker failed", failure);
        }
        long wallNanos = System.nanoTime() - wallStart;
        gc.on = false;
        long gcCount = -gcCountBefore;
        long gcTime = -gcTimeBefore;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += bean.getCollectionCount();
            gcTime += bean.getCollectionTime();
        }

        Histogram merged = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        Histogram ticks = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long lateTicks = 0;
        long chunks = 0;
        long frames = 0;
        long cpu = 0;
        long sink = 0;
        for (Worker w : workers) {
            merged.add(w.histogram);
            ticks.add(w.ticks);
            lateTicks += w.lateTicks;
            chunks += w.chunks;
            frames += w.frames;
            cpu += w.cpuNanos;
            sink += w.sink;
        }
        double wallSeconds = wallNanos / 1e9;
        double cpuSeconds = cpu / 1e9;
        double callsPerCoreCpu = frames / cpuSeconds / FRAMES_PER_CALL_SECOND;
        double callsPerThreadWall = frames / wallSeconds / FRAMES_PER_CALL_SECOND / o.threads();
        double realTimeFactor = frames / wallSeconds / FRAMES_PER_CALL_SECOND / o.calls();
        long p999 = merged.getValueAtPercentile(99.9);

        out.printf(Locale.ROOT, "%nwindow %.2f s wall, workers' CPU %.2f s (%.0f %% of %d threads' wall time)%n",
                wallSeconds, cpuSeconds, 100 * cpuSeconds / wallSeconds / o.threads(), o.threads());
        out.printf(Locale.ROOT, "chunks %,d, frames %,d (%,.0f frames/s; the %d calls ran at %.1fx real time)%n",
                chunks, frames, frames / wallSeconds, o.calls(), realTimeFactor);
        out.printf(Locale.ROOT, "per-chunk (= per-frame) time, µs: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f"
                        + "  p99.99 %.2f  max %.1f  mean %.2f%n",
                us(merged.getValueAtPercentile(50)), us(merged.getValueAtPercentile(90)),
                us(merged.getValueAtPercentile(99)), us(p999), us(merged.getValueAtPercentile(99.99)),
                us(merged.getMaxValue()), merged.getMean() / 1000);
        out.printf(Locale.ROOT, "chunks over 1 ms: %,d (%.4f %%)%n", merged.getCountBetweenValues(P999_LIMIT_NS + 1,
                merged.getMaxValue()), 100.0 * merged.getCountBetweenValues(P999_LIMIT_NS + 1, merged.getMaxValue())
                / Math.max(1, chunks));
        out.printf(Locale.ROOT, "GC in the window: %d collections, %d ms (MXBean deltas)%n", gcCount, gcTime);
        gc.byCollector.forEach((name, s) -> out.printf(Locale.ROOT, "  %s: %d, total %d ms, longest %d ms%n",
                name, s[0], s[1], s[2]));
        if (o.paced()) {
            out.printf(Locale.ROOT, "paced: one chunk per call per 20 ms tick; a tick's last message done after"
                            + " (ms): p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f; ticks over 20 ms: %,d of %,d%n",
                    ticks.getValueAtPercentile(50) / 1e6, ticks.getValueAtPercentile(99) / 1e6,
                    ticks.getValueAtPercentile(99.9) / 1e6, ticks.getMaxValue() / 1e6, lateTicks,
                    ticks.getTotalCount());
            out.printf(Locale.ROOT, "  workers busy %.0f %% of the time: %,.0f calls would fill one core%n",
                    100 * cpuSeconds / wallSeconds / o.threads(), callsPerCoreCpu);
        }
        out.printf(Locale.ROOT, "%ncalls one core sustains in real time: %,.0f (frames per CPU-second %,.0f / 50)%n",
                callsPerCoreCpu, frames / cpuSeconds);
        out.printf(Locale.ROOT, "  by wall clock per thread: %,.0f (frames/s %,.0f / 50 / %d threads)%n",
                callsPerThreadWall, frames / wallSeconds, o.threads());
        out.printf(Locale.ROOT, "  p99.9 per-frame time %.2f µs %s 1 ms: %s%n", us(p999),
                p999 < P999_LIMIT_NS ? "<" : ">=", p999 < P999_LIMIT_NS ? "real time holds" : "NOT real time");
        out.printf(Locale.ROOT, "(checksum %d)%n", sink);
        if (o.histogramOut() != null) {
            try (PrintStream hist = new PrintStream(o.histogramOut())) {
                merged.outputPercentileDistribution(hist, 1000.0); // in µs
            }
            out.println("histogram (µs) written to " + o.histogramOut());
        }
    }

    private static double us(long nanos) {
        return nanos / 1000.0;
    }

    /**
     * {@code length} samples of deterministic speech-like 16-bit PCM at 24 kHz: a fundamental gliding over
     * 90-230 Hz with harmonics, a syllable-rate envelope with pauses, and a little noise.
     */
    static short[] speechLike16(int length) {
        Random random = new Random(0x5EED);
        short[] x = new short[length];
        double phase = 0;
        for (int i = 0; i < length; i++) {
            double t = (double) i / INPUT_RATE;
            phase += 2 * Math.PI * (160 + 70 * Math.sin(2 * Math.PI * 0.7 * t)) / INPUT_RATE;
            double syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t)); // about four syllables a second, gaps
            double voiced = 0;
            for (int h = 1; h <= 12; h++) {
                voiced += Math.sin(h * phase) / h;
            }
            double v = 0.5 * syllable * voiced + 0.003 * random.nextGaussian();
            x[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 20000)));
        }
        return x;
    }
}
