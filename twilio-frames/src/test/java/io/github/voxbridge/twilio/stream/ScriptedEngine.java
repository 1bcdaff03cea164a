package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A test engine of ours that produces chunkings no real engine guarantees: any PCM, cut by a chunking rule (1 byte,
 * odd sizes, splits inside a sample), optionally gated (each chunk waits for a permit the test releases, so the test
 * decides how far synthesis has got, without timing), optionally failing after a number of chunks. The audio for a
 * text is a tone whose length follows the text, so different texts give different, predictable audio.
 */
final class ScriptedEngine implements TtsEngine {

    private final AudioFormatSpec format;
    private final IntUnaryOperator chunkSizes;
    private final Semaphore gate;
    private final int failAfterChunks;
    final AtomicInteger chunksDelivered = new AtomicInteger();
    final AtomicInteger callsRunning = new AtomicInteger();
    volatile boolean sawCancel;

    /**
     * @param gate            permits the engine takes one per chunk, waiting for each; {@code null} for none
     * @param failAfterChunks chunks delivered before a scripted failure, or -1
     */
    ScriptedEngine(AudioFormatSpec format, IntUnaryOperator chunkSizes, Semaphore gate, int failAfterChunks) {
        this.format = format;
        this.chunkSizes = chunkSizes;
        this.gate = gate;
        this.failAfterChunks = failAfterChunks;
    }

    static ScriptedEngine s16le(int rate, IntUnaryOperator chunkSizes) {
        return new ScriptedEngine(new AudioFormatSpec(SampleEncoding.S16LE, rate), chunkSizes, null, -1);
    }

    /** Waits until no call is running; fails after {@code timeoutMillis} (a liveness bound, not a timing check). */
    synchronized void awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (callsRunning.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the engine still synthesizes after " + timeoutMillis + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public String name() {
        return "scripted";
    }

    /** The PCM this engine speaks for {@code text}: 60 ms per character of a tone whose pitch follows the text. */
    byte[] pcmFor(String text) {
        int rate = format.sampleRate();
        int samples = rate * 60 / 1000 * text.strip().length();
        double frequency = 200 + 40 * (text.strip().hashCode() & 15);
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        byte[] bytes = new byte[samples * format.encoding().bytesPerSample()];
        format.encoding().encode(x, 0, bytes, 0, samples);
        return bytes;
    }

    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        if (text.isBlank()) {
            return;
        }
        callsRunning.incrementAndGet();
        try {
            cancel.throwIfCancelled(name());
            byte[] pcm = pcmFor(text);
            sink.format(format);
            int chunk = 0;
            for (int at = 0; at < pcm.length; chunk++) {
                if (chunk == failAfterChunks) {
                    throw new TtsException(TtsException.Kind.UNAVAILABLE, name(), "scripted failure after " + chunk
                            + " chunks");
                }
                if (cancel.isCancelled()) {
                    sawCancel = true;
                    throw TtsException.cancelled(name());
                }
                if (gate != null) {
                    try {
                        gate.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        sawCancel = true;
                        throw TtsException.cancelled(name());
                    }
                }
                int n = Math.min(Math.max(1, chunkSizes.applyAsInt(chunk)), pcm.length - at);
                // A fresh copy each time, scribbled over after the call: the sink must not keep the array.
                byte[] piece = java.util.Arrays.copyOfRange(pcm, at, at + n);
                sink.audio(piece, 0, n);
                java.util.Arrays.fill(piece, (byte) 0x55);
                chunksDelivered.incrementAndGet();
                at += n;
            }
        } finally {
            synchronized (this) {
                callsRunning.decrementAndGet();
                notifyAll();
            }
        }
    }

    @Override
    public void close() {
    }
}
