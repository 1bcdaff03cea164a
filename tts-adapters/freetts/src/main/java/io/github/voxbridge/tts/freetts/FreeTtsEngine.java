package io.github.voxbridge.tts.freetts;

import com.sun.speech.freetts.OutputQueue;
import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The embedded, offline engine: FreeTTS 1.2.2 ({@code net.sf.sociaal:freetts}) with the CMU diphone voices bundled in
 * its jar, {@code kevin16} (16 kHz) by default or {@code kevin} (8 kHz). Both deliver signed 16-bit big-endian mono
 * PCM ({@code s16be}), as FreeTTS itself reports through {@code AudioPlayer.setAudioFormat}.
 *
 * <p><b>Streaming.</b> FreeTTS works sentence by sentence: it analyses a whole sentence, then computes its samples
 * and writes them in blocks of 1024 bytes (512 samples, 32 ms at 16 kHz) plus a shorter last block. Each block
 * reaches the sink as it is computed, on the calling thread (the engine turns off the per-voice output thread that
 * FreeTTS starts by default), so the first chunk of a long text arrives once its first sentence is analysed, not
 * when the text is done. FreeTTS is fast: a warmed-up voice makes about 7.6 s of audio in under 20 ms.
 *
 * <p><b>Threads.</b> A FreeTTS {@code Voice} is not thread-safe (it keeps per-utterance state and one audio player),
 * so the engine holds a fixed pool of voices, loaded once at creation (0.2 to 0.5 s each, measured); a
 * {@code synthesize} call borrows one for its duration. More concurrent calls than voices wait for one to be free
 * (the wait ends early, with {@code CANCELLED}, when the call is cancelled). Voices are found through their directory
 * class ({@code KevinVoiceDirectory}), so no {@code freetts.voices} system property or voices file is needed.
 *
 * <p><b>Cancellation.</b> The engine's audio player and speakable report the cancellation to FreeTTS before every
 * block, so nothing more is delivered after {@link CancellationToken#cancel()} returns, FreeTTS abandons the text,
 * and the call throws {@code CANCELLED}.
 *
 * <p><b>FreeTTS quirks.</b> It prints any exception raised inside its pipeline to standard error and carries on; the
 * engine reports such a failure as {@link TtsException.Kind#INTERNAL}. It logs through {@code java.util.logging}
 * (below INFO, silent by default) and otherwise writes nothing to standard output.
 */
public final class FreeTtsEngine implements TtsEngine {

    /** The name this engine is registered under. */
    public static final String NAME = "freetts";
    /** The default voice: CMU kal diphones at 16 kHz. */
    public static final String DEFAULT_VOICE = "kevin16";
    /** How often a call waiting for a pooled voice looks at its cancellation token. */
    private static final long POOL_POLL_MILLIS = 10;

    private final String voiceName;
    private final BlockingQueue<PooledVoice> pool;
    private final List<PooledVoice> all;
    private volatile boolean closed;

    private record PooledVoice(Voice voice, SinkAudioPlayer player) {
    }

    private FreeTtsEngine(String voiceName, List<PooledVoice> voices) {
        this.voiceName = voiceName;
        this.all = List.copyOf(voices);
        this.pool = new ArrayBlockingQueue<>(voices.size(), false, voices);
    }

    /** An engine with one {@value #DEFAULT_VOICE} voice: calls are served one at a time. */
    public static FreeTtsEngine create() throws TtsException {
        return create(DEFAULT_VOICE, 1);
    }

    /**
     * Loads {@code voices} instances of a voice.
     *
     * @param voiceName {@code kevin16} or {@code kevin}
     * @param voices    how many calls may synthesize at the same time, {@code >= 1}
     * @throws TtsException BAD_REQUEST for an unknown voice, UNAVAILABLE if FreeTTS cannot load it
     */
    public static FreeTtsEngine create(String voiceName, int voices) throws TtsException {
        Objects.requireNonNull(voiceName, "voiceName");
        if (voices < 1) {
            throw new IllegalArgumentException("voice pool size must be at least 1, was " + voices);
        }
        List<PooledVoice> loaded = new ArrayList<>(voices);
        try {
            for (int i = 0; i < voices; i++) {
                Voice voice = findVoice(voiceName);
                voice.allocate();
                synchronousOutput(voice);
                SinkAudioPlayer player = new SinkAudioPlayer();
                voice.setAudioPlayer(player);
                loaded.add(new PooledVoice(voice, player));
            }
        } catch (TtsException e) {
            loaded.forEach(v -> v.voice().deallocate());
            throw e;
        } catch (RuntimeException | Error e) {
            loaded.forEach(v -> v.voice().deallocate());
            throw new TtsException(TtsException.Kind.UNAVAILABLE, NAME,
                    "could not load FreeTTS voice '" + voiceName + "': " + e, e);
        }
        return new FreeTtsEngine(voiceName, loaded);
    }

    /**
     * Makes the voice compute and write its samples on the thread that calls {@code speak}. {@code allocate()}
     * gives every voice an output queue served by a daemon thread of its own, which would call the sink from that
     * thread, after {@code speak} has returned unless the speakable's {@code waitCompleted} blocks. Without a queue,
     * {@code Voice.processUtterance} outputs each sentence itself, right after analysing it.
     */
    private static void synchronousOutput(Voice voice) {
        OutputQueue queue = voice.getOutputQueue();
        voice.setOutputQueue(null);
        if (queue != null) {
            queue.close(); // its thread sees the closed queue and ends
        }
    }

    /** A new, unloaded instance of the named voice from the directory bundled with FreeTTS. */
    private static Voice findVoice(String voiceName) throws TtsException {
        Voice[] voices = new KevinVoiceDirectory().getVoices();
        for (Voice voice : voices) {
            if (voice.getName().equals(voiceName)) {
                return voice;
            }
        }
        throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "unknown FreeTTS voice "
                + TtsException.excerpt(voiceName, 40) + " (available: "
                + Arrays.stream(voices).map(Voice::getName).sorted().collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The voice this engine speaks with, e.g. {@code kevin16}. */
    public String voice() {
        return voiceName;
    }

    /** How many calls can synthesize at the same time. */
    public int poolSize() {
        return all.size();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Blocks first until a pooled voice is free.
     *
     * @throws TtsException CANCELLED (also when interrupted while waiting for a voice), or INTERNAL if FreeTTS
     *                      failed (its own report is on standard error)
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(cancel, "cancel");
        checkOpen();
        cancel.throwIfCancelled(NAME);
        if (text.isBlank()) {
            return;
        }
        PooledVoice pooled = borrow(cancel);
        FreeTtsCall call = new FreeTtsCall(NAME, sink, cancel);
        CallSpeakable speakable = new CallSpeakable(text, call);
        boolean spoken;
        try {
            pooled.player().attach(call);
            spoken = pooled.voice().speak(speakable);
        } finally {
            pooled.player().attach(null);
            giveBack(pooled);
        }
        call.throwIfFailed();
        if (!spoken || speakable.cancelledByFreeTts()) {
            throw new TtsException(TtsException.Kind.INTERNAL, NAME, "FreeTTS failed to speak "
                    + TtsException.excerpt(text, 60) + " after " + call.bytes()
                    + " bytes of audio (its report is on standard error)");
        }
    }

    private PooledVoice borrow(CancellationToken cancel) throws TtsException {
        try {
            while (true) {
                PooledVoice pooled = pool.poll(POOL_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (pooled != null) {
                    return pooled;
                }
                cancel.throwIfCancelled(NAME);
                checkOpen();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtsException(TtsException.Kind.CANCELLED, NAME,
                    "interrupted while waiting for one of " + all.size() + " FreeTTS voices", e);
        }
    }

    private void giveBack(PooledVoice pooled) {
        if (closed) {
            pooled.voice().deallocate();
        } else {
            pool.add(pooled);
            // close() may have drained the pool between the check and the add.
            if (closed && pool.remove(pooled)) {
                pooled.voice().deallocate();
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("FreeTTS engine (" + voiceName + ") is closed");
        }
    }

    /** Releases the voices; calls in progress finish first and release theirs. */
    @Override
    public void close() {
        closed = true;
        for (PooledVoice pooled; (pooled = pool.poll()) != null; ) {
            pooled.voice().deallocate();
        }
    }

    @Override
    public String toString() {
        return "FreeTtsEngine[" + voiceName + " x" + all.size() + (closed ? ", closed]" : "]");
    }
}
