package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A test engine of ours that produces chunkings no real engine guarantees: any PCM, cut by a chunking rule (1 byte,
 * odd sizes, splits inside a sample), optionally slow, optionally failing after a number of chunks. The audio for a
 * text is a tone whose length follows the text, so different texts give different, predictable audio.
 */
final class ScriptedEngine implements TtsEngine {

    private final AudioFormatSpec format;
    private final IntUnaryOperator chunkSizes;
    private final long nanosPerChunk;
    private final int failAfterChunks;
    final AtomicInteger chunksDelivered = new AtomicInteger();
    final AtomicInteger callsRunning = new AtomicInteger();
    volatile boolean sawCancel;

    ScriptedEngine(AudioFormatSpec format, IntUnaryOperator chunkSizes, long nanosPerChunk, int failAfterChunks) {
        this.format = format;
        this.chunkSizes = chunkSizes;
        this.nanosPerChunk = nanosPerChunk;
        this.failAfterChunks = failAfterChunks;
    }

    static ScriptedEngine s16le(int rate, IntUnaryOperator chunkSizes) {
        return new ScriptedEngine(new AudioFormatSpec(SampleEncoding.S16LE, rate), chunkSizes, 0, -1);
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
                if (nanosPerChunk > 0) {
                    try {
                        Thread.sleep(nanosPerChunk / 1_000_000, (int) (nanosPerChunk % 1_000_000));
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
            callsRunning.decrementAndGet();
        }
    }

    @Override
    public void close() {
    }
}
