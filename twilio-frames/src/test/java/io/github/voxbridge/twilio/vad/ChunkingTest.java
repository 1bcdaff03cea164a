package io.github.voxbridge.twilio.vad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same audio gives the same events, the same block levels and the same sample count however it is split: fixed
 * piece sizes (1, 7, 79, 80, 81, 160, 320, 333 samples, all at once), seeded random splits (with empty pieces), and
 * the same as little-endian bytes in pieces of 1, 3, 7, 160 and random lengths, odd ones included.
 */
class ChunkingTest {

    static final int[] PIECES = {1, 7, 79, 80, 81, 160, 320, 333, Integer.MAX_VALUE};

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16_000})
    void eventsDoNotDependOnHowTheAudioIsSplit(int rate) {
        short[] pcm = signal(rate);
        // One sample at a time: the level of every block is seen.
        Outcome reference = feedShorts(rate, pcm, new int[] {1}, null);
        assertThat(reference.events.size()).as("the signal has several starts and ends: %s", reference.events)
                .isGreaterThanOrEqualTo(4);
        assertThat(reference.levelBits()).as("a level for every block")
                .hasSize((int) (reference.samples() / VadSettings.defaults(rate).blockSamples()));
        for (int piece : PIECES) {
            assertThat(feedShorts(rate, pcm, new int[] {piece}, null)).as("pieces of %d samples", piece)
                    .isEqualTo(reference);
            int bytes = piece == Integer.MAX_VALUE ? piece : piece * 2 + 1; // odd byte counts
            assertThat(feedBytes(rate, pcm, new int[] {bytes}, null)).as("pieces of %d bytes", bytes)
                    .isEqualTo(reference);
        }
        for (int bytes : new int[] {1, 3, 160}) {
            assertThat(feedBytes(rate, pcm, new int[] {bytes}, null)).as("pieces of %d bytes", bytes)
                    .isEqualTo(reference);
        }
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            assertThat(feedShorts(rate, pcm, null, random)).as("random sample splits, seed %d round %d", seed, round)
                    .isEqualTo(reference);
            assertThat(feedBytes(rate, pcm, null, random)).as("random byte splits, seed %d round %d", seed, round)
                    .isEqualTo(reference);
        }
    }

    /**
     * Events, the level (as bits) of the last block completed by each feed, by block index, and the samples counted.
     * Equal to the reference when events and samples are equal and every level seen is the reference's for that block.
     */
    record Outcome(List<EventLog.Event> events, Map<Long, Long> levelBits, long samples) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome r && events.equals(r.events) && samples == r.samples
                    && (r.levelBits.entrySet().containsAll(levelBits.entrySet())
                        || levelBits.entrySet().containsAll(r.levelBits.entrySet()));
        }

        @Override
        public int hashCode() {
            return events.hashCode();
        }
    }

    /** Two clips with pauses, in noise, at {@code rate} (16 kHz through the decoder's resampler). */
    static short[] signal(int rate) {
        double[] a = SpeechClip.load("hello").scaledTo(-20);
        double[] b = SpeechClip.load("sorry").scaledTo(-15);
        int length = 4000 + a.length + 6000 + b.length + 6000;
        double[] x = PhoneLine.mix(LineNoise.pink(31, length, -50), PhoneLine.placed(a, 4000, length));
        x = PhoneLine.mix(x, PhoneLine.placed(b, 4000 + a.length + 6000, length));
        return PhoneLine.toPcm16(PhoneLine.atRate(x, rate));
    }

    static Outcome feedShorts(int rate, short[] pcm, int[] sizes, Random random) {
        EventLog log = new EventLog();
        VoiceActivityDetector d = VoiceActivityDetector.withDefaults(rate, log);
        Map<Long, Long> levels = new HashMap<>();
        int at = 0;
        while (at < pcm.length) {
            int n = Math.min(pcm.length - at, random != null ? random.nextInt(400) : sizes[0]);
            long before = d.samplesFed() / d.settings().blockSamples();
            // An offset into a bigger array, so offsets are exercised too.
            short[] piece = new short[n + 3];
            System.arraycopy(pcm, at, piece, 3, n);
            d.feed(piece, 3, n);
            at += n;
            long blocks = d.samplesFed() / d.settings().blockSamples();
            if (blocks > before) {
                levels.put(blocks - 1, Double.doubleToLongBits(d.lastBlockLevelDbfs()));
            }
        }
        d.finish();
        return new Outcome(log.events, levels, d.samplesFed());
    }

    static Outcome feedBytes(int rate, short[] pcm, int[] sizes, Random random) {
        byte[] bytes = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        EventLog log = new EventLog();
        VoiceActivityDetector d = VoiceActivityDetector.withDefaults(rate, log);
        Map<Long, Long> levels = new HashMap<>();
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, random != null ? random.nextInt(801) : sizes[0]);
            long before = d.samplesFed() / d.settings().blockSamples();
            d.feed(bytes, at, n);
            at += n;
            long blocks = d.samplesFed() / d.settings().blockSamples();
            if (blocks > before) {
                levels.put(blocks - 1, Double.doubleToLongBits(d.lastBlockLevelDbfs()));
            }
        }
        d.finish();
        return new Outcome(log.events, levels, d.samplesFed());
    }
}
