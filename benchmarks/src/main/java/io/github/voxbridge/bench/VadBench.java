package io.github.voxbridge.bench;

import io.github.voxbridge.twilio.vad.SpeechActivityListener;
import io.github.voxbridge.twilio.vad.VoiceActivityDetector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The barge-in voice-activity detector, one 20 ms frame per operation: {@link VoiceActivityDetector#feed(short[],
 * int, int)} with the default settings (200 Hz high-pass, 10 ms energy blocks, hysteresis), state carried across
 * frames, over {@link SpeechLikeSignal} (syllables and pauses, so speech starts and ends on the way). At 16 kHz the
 * frames are 320 samples of the same signal: the cost depends on the sample count, not on the content. Must be
 * 0 B/op ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class VadBench {

    @Param({"8000", "16000"})
    public int rate;

    private short[] pcm;
    private int frame;
    private int next;
    private VoiceActivityDetector detector;
    private long events;

    @Setup(Level.Trial)
    public void setUp() {
        pcm = SpeechLikeSignal.generate().pcm16();
        frame = rate / 50;
        detector = VoiceActivityDetector.withDefaults(rate, new SpeechActivityListener() {
            @Override
            public void speechStarted(long onsetSample, long detectedAtSample) {
                events++;
            }

            @Override
            public void speechEnded(long endSample, long detectedAtSample) {
                events++;
            }
        });
    }

    @Benchmark
    public long frame() {
        if (next + frame > pcm.length) {
            next = 0;
        }
        detector.feed(pcm, next, frame);
        next += frame;
        return events;
    }
}
