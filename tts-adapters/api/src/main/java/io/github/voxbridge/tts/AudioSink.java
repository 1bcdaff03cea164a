package io.github.voxbridge.tts;

/**
 * Receives the audio of one {@link TtsEngine#synthesize synthesize} call, on the thread that called it, as the
 * engine produces it.
 *
 * <p>Order of calls: {@link #format} exactly once, then {@link #audio} zero or more times. When the text yields no
 * audio (empty or whitespace-only text) the engine may return without calling either. Nothing is called after
 * {@code synthesize} has returned or thrown.
 *
 * <p>Chunks have any length, including an odd number of bytes of 16-bit audio or a piece of a 32-bit sample: a
 * sample may be split across two chunks. Decode them with a {@link io.github.voxbridge.dsp.pcm.PcmStreamDecoder},
 * which carries the partial sample to the next chunk; never drop or pad it.
 *
 * <p>A {@link RuntimeException} thrown by the sink aborts the synthesis: the engine stops, produces nothing more,
 * and {@code synthesize} rethrows that exception unchanged. A sink must not block for long (seconds) unless the
 * caller accepts that the engine, or one of its pooled voices, stays busy meanwhile.
 */
public interface AudioSink {

    /**
     * Announces the format of every chunk that follows; called once, before the first {@link #audio}.
     */
    void format(AudioFormatSpec format);

    /**
     * One chunk of audio: {@code chunk[off .. off + len)}, {@code len >= 1}, continuing the previous chunk.
     *
     * <p>Buffer contract: the array is the engine's and only lent for the duration of the call. The sink must copy
     * what it keeps before returning (the engine reuses the array for the next chunk) and must not write to it.
     */
    void audio(byte[] chunk, int off, int len);
}
