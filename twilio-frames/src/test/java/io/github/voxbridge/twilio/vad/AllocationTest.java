package io.github.voxbridge.twilio.vad;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feeding allocates nothing: 20 ms frames of speech in noise (with starts and ends decided on the way), as samples
 * and as bytes, measured with the thread's allocation counter after a warm-up.
 */
class AllocationTest {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Counts events in fields: a listener that allocates nothing itself. */
    static final class Counter implements SpeechActivityListener {
        long starts;
        long ends;

        @Override
        public void speechStarted(long onsetSample, long detectedAtSample) {
            starts++;
        }

        @Override
        public void speechEnded(long endSample, long detectedAtSample) {
            ends++;
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16_000})
    void feedingFramesAllocatesNothing(int rate) {
        short[] pcm = ChunkingTest.signal(rate);
        byte[] bytes = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        int frame = rate / 50;
        Counter counter = new Counter();
        VoiceActivityDetector d = VoiceActivityDetector.withDefaults(rate, counter);
        for (int round = 0; round < 20; round++) { // warm-up: the loops get compiled
            run(d, pcm, bytes, frame);
        }
        long id = Thread.currentThread().threadId();
        THREADS.getThreadAllocatedBytes(id);
        long before = THREADS.getThreadAllocatedBytes(id);
        long startsBefore = counter.starts;
        for (int round = 0; round < 5; round++) {
            run(d, pcm, bytes, frame);
        }
        long allocated = THREADS.getThreadAllocatedBytes(id) - before;
        assertThat(counter.starts - startsBefore).as("speech started in the measured rounds").isPositive();
        assertThat(allocated).as("bytes allocated while feeding %d frames", 10 * (pcm.length / frame)).isZero();
    }

    private static void run(VoiceActivityDetector d, short[] pcm, byte[] bytes, int frame) {
        for (int at = 0; at + frame <= pcm.length; at += frame) {
            d.feed(pcm, at, frame);
        }
        for (int at = 0; at + 2 * frame + 1 <= bytes.length; at += 2 * frame + 1) { // odd pieces: a byte carried
            d.feed(bytes, at, 2 * frame + 1);
        }
    }
}
