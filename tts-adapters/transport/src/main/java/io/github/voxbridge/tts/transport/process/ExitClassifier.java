package io.github.voxbridge.tts.transport.process;

import io.github.voxbridge.tts.TtsException;

/**
 * An engine's reading of a program's failure, for the cases its own stderr makes clear (espeak-ng's "voice does not
 * exist" is the request's fault: {@link TtsException.Kind#BAD_REQUEST}). {@link EngineProcess} asks it first when
 * the program exits with a non-zero code, and falls back to its own rule when it answers {@code null}.
 */
@FunctionalInterface
public interface ExitClassifier {

    /** No engine-specific reading: {@link EngineProcess}'s rule for every exit. */
    ExitClassifier NONE = (exitCode, stderrTail, stdoutBytes) -> null;

    /**
     * The kind of failure, or {@code null} for {@link EngineProcess}'s default.
     *
     * @param exitCode    the program's exit code, not 0 (128 + n when a signal n ended it)
     * @param stderrTail  the last bytes of its stderr, decoded as UTF-8 (at most
     *                    {@link EngineProcess#STDERR_TAIL_BYTES} bytes), possibly empty
     * @param stdoutBytes how many bytes it wrote to stdout before exiting
     */
    TtsException.Kind kindOf(int exitCode, String stderrTail, long stdoutBytes);
}
