package io.github.voxbridge.tts.freetts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.audio.SingleFileAudioPlayer;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsException;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** FreeTTS for real: one engine (two pooled voices) shared by every test, since loading a voice takes a while. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FreeTtsEngineTest {

    static final String SENTENCE = "Hello from voxbridge, the telephone bridge.";
    static final String THREE_SENTENCES = "The quick brown fox jumps over the lazy dog. It was a sunny day in the "
            + "park. Everyone who walked by stopped to watch the birds.";

    static FreeTtsEngine engine;

    @BeforeAll
    static void loadVoices() throws TtsException {
        long start = System.nanoTime();
        engine = FreeTtsEngine.create(FreeTtsEngine.DEFAULT_VOICE, 2);
        System.out.printf("FreeTTS: 2 kevin16 voices loaded in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static RecordingSink speak(String text) throws TtsException {
        RecordingSink sink = new RecordingSink();
        engine.synthesize(text, sink, new CancellationToken());
        return sink;
    }

    /**
     * How long FreeTTS itself makes {@code text} with a voice of its own: written by FreeTTS's
     * {@code SingleFileAudioPlayer} (a WAV file through {@code javax.sound}, at the voice's native rate) and read back
     * by the JDK's {@link AudioSystem}. Nothing of this engine (its sink, its format mapping, the byte count it hands
     * on) is on that path, so a rate or sample-count error in the engine cannot move the reference. The file is a few
     * per cent longer than the audio FreeTTS computes (2.94 s against 2.83 s for {@link #SENTENCE}): that player
     * keeps, per sentence, the whole buffer of the size FreeTTS announces in {@code begin(size)}, an estimate above
     * what it then writes.
     */
    static double freeTtsOwnSeconds(String text, Path dir) throws Exception {
        Voice voice = Arrays.stream(new KevinVoiceDirectory().getVoices())
                .filter(v -> v.getName().equals(FreeTtsEngine.DEFAULT_VOICE)).findFirst().orElseThrow();
        String base = dir.resolve("reference").toString();
        SingleFileAudioPlayer player = new SingleFileAudioPlayer(base, AudioFileFormat.Type.WAVE);
        voice.allocate();
        try {
            voice.setAudioPlayer(player);
            assertThat(voice.speak(text)).as("FreeTTS spoke").isTrue();
            player.close(); // writes the file
        } finally {
            voice.deallocate();
        }
        try (AudioInputStream wav = AudioSystem.getAudioInputStream(new File(base + ".wav"))) {
            return wav.getFrameLength() / wav.getFormat().getFrameRate();
        }
    }

    @Test
    void speaksASentenceAs16kHzBigEndianSpeech(@TempDir Path dir) throws Exception {
        RecordingSink sink = speak(SENTENCE);

        assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16BE, 16_000));
        short[] samples = sink.samples();
        double seconds = samples.length / (double) sink.format().sampleRate();
        // About 2.8 s for these 7 words: what FreeTTS writes itself, within 10 % (a 2x rate error is 50 % off).
        double reference = freeTtsOwnSeconds(SENTENCE, dir);
        assertThat(seconds).as("seconds of audio; FreeTTS's own file has %.3f s", reference)
                .isCloseTo(reference, withinPercentage(10));
        double rms = rms(samples);
        assertThat(rms).as("RMS of the speech, 16-bit full scale 32768").isGreaterThan(1000);
        double voiceBand = bandEnergyFraction(samples, 16_000, 100, 4000);
        assertThat(voiceBand).as("fraction of energy between 100 Hz and 4 kHz").isGreaterThan(0.85);
        System.out.printf("FreeTTS '%s': %.3f s (FreeTTS's own WAV %.3f s), %d chunks %s, RMS %.0f, %.1f%% of energy"
                        + " in 100-4000 Hz%n", SENTENCE, seconds, reference, sink.chunks(),
                sizeHistogram(sink.chunkSizes), rms, 100 * voiceBand);
    }

    /**
     * Many blocks of at most 1024 bytes, each handed over on the calling thread as FreeTTS computes it (that the
     * first is handed over before the rest is computed: {@link #theFirstChunkIsDeliveredBeforeTheRestIsSynthesized}).
     */
    @Test
    void deliversManySmallChunksAsTheyAreComputed() throws TtsException {
        Set<Thread> threads = new HashSet<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void audio(byte[] chunk, int off, int len) {
                threads.add(Thread.currentThread());
                super.audio(chunk, off, len);
            }
        };
        long start = System.nanoTime();
        engine.synthesize(THREE_SENTENCES, sink, new CancellationToken());
        long end = System.nanoTime();

        assertThat(sink.chunks()).isGreaterThan(100);
        assertThat(sink.chunkSizes).allSatisfy(size -> assertThat(size).isBetween(1, 1024));
        assertThat(threads).as("threads that delivered audio").containsExactly(Thread.currentThread());
        long first = sink.chunkNanos.get(0);
        System.out.printf("FreeTTS 3 sentences: %.2f s of audio in %d chunks %s; first chunk after %.1f ms, "
                        + "last after %.1f ms, returned after %.1f ms%n",
                sink.format().seconds(sink.bytes().length), sink.chunks(), sizeHistogram(sink.chunkSizes),
                (first - start) / 1e6, (sink.chunkNanos.get(sink.chunks() - 1) - start) / 1e6, (end - start) / 1e6);
    }

    @Test
    void theFirstChunkIsDeliveredBeforeTheRestIsSynthesized() throws TtsException {
        // A sink that cancels on the first chunk: if the engine held audio back, more would already be on its way.
        CancellationToken cancel = new CancellationToken();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void audio(byte[] chunk, int off, int len) {
                super.audio(chunk, off, len);
                cancel.cancel();
            }
        };
        assertThatThrownBy(() -> engine.synthesize(THREE_SENTENCES, sink, cancel))
                .isInstanceOfSatisfying(TtsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TtsException.Kind.CANCELLED);
                    assertThat(e.engine()).isEqualTo("freetts");
                });
        assertThat(sink.chunks()).isEqualTo(1);
    }

    @Test
    void cancellingFromAnotherThreadStopsBeforeTheNextChunk() throws Exception {
        CancellationToken cancel = new CancellationToken();
        CountDownLatch thirdChunk = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink() {
            @Override
            public void audio(byte[] chunk, int off, int len) {
                super.audio(chunk, off, len);
                if (chunks() == 3) {
                    thirdChunk.countDown();
                    await(cancelled); // hold the engine here until the other thread has cancelled
                }
            }
        };
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try {
            Future<?> f = canceller.submit(() -> {
                await(thirdChunk);
                cancel.cancel();
                cancelled.countDown();
            });
            assertThatThrownBy(() -> engine.synthesize(THREE_SENTENCES, sink, cancel))
                    .isInstanceOfSatisfying(TtsException.class,
                            e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.CANCELLED));
            f.get();
        } finally {
            canceller.shutdownNow();
        }
        assertThat(sink.chunks()).isEqualTo(3);
        // The voice went back to the pool in working order.
        assertThat(speak(SENTENCE).bytes()).isEqualTo(speak(SENTENCE).bytes());
    }

    @Test
    void concurrentCallsEachGetTheirOwnCompleteAudio() throws Exception {
        List<String> texts = List.of(SENTENCE, "Press one for sales.", "Your call is important to us.",
                "Goodbye and thank you for calling.");
        List<byte[]> expected = new ArrayList<>();
        for (String text : texts) {
            expected.add(speak(text).bytes());
        }
        // Six threads over two pooled voices, three rounds each: calls overlap and wait for voices.
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int first = t;
                results.add(threads.submit(() -> {
                    start.await();
                    for (int round = 0; round < 3; round++) {
                        int i = (first + round) % texts.size();
                        assertThat(speak(texts.get(i)).bytes()).as(texts.get(i)).isEqualTo(expected.get(i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> r : results) {
                r.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCallWaitingForABusyVoiceEndsWhenCancelled() throws Exception {
        // Both pooled voices held by calls whose sinks wait; a third call queues for a voice and is cancelled there.
        CountDownLatch bothBusy = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> holders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                holders.add(threads.submit(() -> {
                    boolean[] first = {true};
                    engine.synthesize(SENTENCE, new RecordingSink() {
                        @Override
                        public void audio(byte[] chunk, int off, int len) {
                            super.audio(chunk, off, len);
                            if (first[0]) {
                                first[0] = false;
                                bothBusy.countDown();
                                FreeTtsEngineTest.await(release);
                            }
                        }
                    }, new CancellationToken());
                    return null;
                }));
            }
            await(bothBusy);
            CancellationToken cancel = new CancellationToken();
            RecordingSink waiting = new RecordingSink();
            Future<?> queued = threads.submit(() -> {
                engine.synthesize(SENTENCE, waiting, cancel);
                return null;
            });
            cancel.cancel();
            assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TtsException.class)
                    .cause()
                    .satisfies(e -> assertThat(((TtsException) e).kind()).isEqualTo(TtsException.Kind.CANCELLED));
            assertThat(waiting.formats).isEmpty();
            release.countDown();
            for (Future<?> h : holders) {
                h.get();
            }
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void emptyOrBlankTextProducesNothing() throws TtsException {
        for (String text : new String[] {"", "   ", "\n\t "}) {
            RecordingSink sink = speak(text);
            assertThat(sink.formats).isEmpty();
            assertThat(sink.chunks()).isZero();
        }
    }

    @Test
    void anAlreadyCancelledTokenProducesNothing() {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> engine.synthesize(SENTENCE, sink, cancel))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.CANCELLED));
        assertThat(sink.formats).isEmpty();
    }

    @Test
    void aFailingSinkStopsTheSynthesisAndItsExceptionComesBackUnchanged() throws TtsException {
        IllegalStateException boom = new IllegalStateException("socket closed");
        int[] chunks = {0};
        AudioSink sink = new AudioSink() {
            @Override
            public void format(AudioFormatSpec format) {
            }

            @Override
            public void audio(byte[] chunk, int off, int len) {
                if (++chunks[0] == 2) {
                    throw boom;
                }
            }
        };
        assertThatThrownBy(() -> engine.synthesize(THREE_SENTENCES, sink, new CancellationToken())).isSameAs(boom);
        assertThat(chunks[0]).isEqualTo(2);
        assertThat(speak(SENTENCE).chunks()).isGreaterThan(1);
    }

    @Test
    void aClosedEngineRefusesWork() throws TtsException {
        FreeTtsEngine small = FreeTtsEngine.create("kevin", 1);
        RecordingSink sink = new RecordingSink();
        small.synthesize("Hi.", sink, new CancellationToken());
        assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16BE, 8_000));
        small.close();
        assertThatThrownBy(() -> small.synthesize("Hi.", new RecordingSink(), new CancellationToken()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }

    /**
     * The fraction of the signal's energy between {@code lowHz} and {@code highHz}, from the power spectrum of the
     * whole signal (zero-padded to a power of two; the DC bin counts as outside the band).
     */
    static double bandEnergyFraction(short[] samples, int rate, double lowHz, double highHz) {
        int n = Integer.highestOneBit(samples.length - 1) << 1;
        double[] x = new double[n];
        for (int i = 0; i < samples.length; i++) {
            x[i] = samples[i];
        }
        Complex[] spectrum = new FastFourierTransformer(DftNormalization.STANDARD).transform(x, TransformType.FORWARD);
        double inBand = 0;
        double total = 0;
        for (int k = 0; k <= n / 2; k++) {
            double power = spectrum[k].abs() * spectrum[k].abs();
            double hz = (double) k * rate / n;
            total += power;
            if (hz >= lowHz && hz <= highHz) {
                inBand += power;
            }
        }
        return inBand / total;
    }

    static String sizeHistogram(List<Integer> sizes) {
        java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
        sizes.forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts.toString();
    }
}
