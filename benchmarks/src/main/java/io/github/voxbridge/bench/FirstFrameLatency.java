package io.github.voxbridge.bench;

import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.twilio.stream.MediaMessages;
import io.github.voxbridge.twilio.stream.TwilioTtsStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * First-frame latency of {@link TwilioTtsStream} with the embedded FreeTTS engine: how long a voice agent waits
 * between {@code generate(text)} and the first 20 ms media message it can send, and until the last one. A plain
 * measurement program, not a JMH benchmark (a first frame cannot be repeated inside one operation) and not a test
 * (timings do not belong in the build).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *        io.github.voxbridge.bench.FirstFrameLatency [runs] [warm-up runs]
 * </pre>
 *
 * The engine is created once (voice loading, 0.2 to 0.5 s, is not part of any request) and warmed up with
 * {@code warm-up} generations of each text, so the JIT has compiled FreeTTS and the pipeline, as in a server that has
 * been up for a while. Then each text is generated {@code runs} times, the messages consumed as fast as they come;
 * reported: p50, p90 and max of the time to the first message ({@code hasNext()} returning), and to the end
 * ({@code hasNext()} returning false), in milliseconds, with the seconds of audio made. The very first generation,
 * before any warm-up (what {@code voxbridge speak} pays), is printed on its own.
 */
public final class FirstFrameLatency {

    private static final String STREAM_SID = "MZ00000000000000000000000000000000";
    private static final String[] TEXTS = {
        "Hello from voxbridge.",
        "Thanks for calling the clinic. Your appointment is on Tuesday at three thirty in the afternoon."
                + " Press one to confirm, or stay on the line to speak with someone at the front desk.",
    };

    private FirstFrameLatency() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        System.out.printf(Locale.ROOT, "%s %s, %d runs after %d warm-up runs per text%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), runs, warmUp);
        long load = System.nanoTime();
        try (TtsEngine engine = TtsEngines.create("freetts")) {
            System.out.printf(Locale.ROOT, "engine freetts loaded in %.0f ms%n", (System.nanoTime() - load) / 1e6);
            TwilioTtsStream tts = TwilioTtsStream.builder(engine).streamSid(STREAM_SID).build();
            long[] cold = measure(tts, TEXTS[0]);
            System.out.printf(Locale.ROOT, "cold (first generation in this JVM, as in a one-shot command): first"
                    + " message %.2f ms, last %.2f ms%n", cold[0] / 1e6, cold[1] / 1e6);
            for (String text : TEXTS) {
                for (int i = 0; i < warmUp; i++) {
                    measure(tts, text);
                }
                long[] first = new long[runs];
                long[] total = new long[runs];
                long frames = 0;
                for (int i = 0; i < runs; i++) {
                    long[] r = measure(tts, text);
                    first[i] = r[0];
                    total[i] = r[1];
                    frames = r[2];
                }
                System.out.printf(Locale.ROOT, "%n\"%s\" (%d chars, %.2f s of audio, %d frames)%n",
                        text.length() > 40 ? text.substring(0, 40) + "…" : text, text.length(), frames * 0.020,
                        frames);
                report("first message", first);
                report("last message ", total);
            }
        }
    }

    /** One generation: nanoseconds to the first message, to the end, and the number of messages. */
    private static long[] measure(TwilioTtsStream tts, String text) {
        long start = System.nanoTime();
        long first = -1;
        long count = 0;
        try (MediaMessages messages = tts.generate(text)) {
            while (messages.hasNext()) {
                if (first < 0) {
                    first = System.nanoTime() - start;
                }
                messages.next();
                count++;
            }
        }
        return new long[] {first, System.nanoTime() - start, count};
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %s  p50 %7.2f ms   p90 %7.2f ms   max %7.2f ms%n", what,
                percentile(sorted, 50) / 1e6, percentile(sorted, 90) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
