package io.github.voxbridge.tts.transport.process;

import io.github.voxbridge.tts.TtsException;

/**
 * Takes a program's standard output, chunk by chunk, as {@link EngineProcess} reads it; called on the thread that
 * called {@link EngineProcess#run}.
 */
@FunctionalInterface
public interface StdoutConsumer {

    /**
     * One chunk of the program's output: {@code chunk[off .. off + len)}, {@code len >= 1}, continuing the previous
     * one. The array is reused for later chunks: copy what you keep before returning.
     *
     * @throws TtsException if the output is unusable (e.g. a malformed header): the program is killed and
     *                      {@link EngineProcess#run} rethrows it; a {@link RuntimeException} is rethrown unchanged
     */
    void accept(byte[] chunk, int off, int len) throws TtsException;
}
