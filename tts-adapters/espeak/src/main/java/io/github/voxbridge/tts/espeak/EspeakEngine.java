package io.github.voxbridge.tts.espeak;

import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.process.EngineProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * espeak-ng as a local program, one process per {@link #synthesize} call:
 * {@code espeak-ng --stdout -b 1 -v VOICE -s SPEED [-p PITCH] --stdin}, the text written to its stdin as UTF-8
 * ({@code -b 1}), so a text starting with {@code -} is never read as an option and nothing passes through a shell
 * (tts-engines.md section 8; espeak-ng's {@code src/espeak-ng.1.ronn}). {@code --stdin} reads to the end of input,
 * where without it espeak-ng reads one line at a time.
 *
 * <p><b>Audio.</b> espeak-ng writes a WAV to stdout as it synthesizes: a 44-byte header, then s16le mono PCM at
 * 22050 Hz for its own voices. The header is parsed from the stream (rate and encoding from the {@code fmt } chunk,
 * so an MBROLA voice at another rate is reported as it is) and announced once; the PCM follows chunk by chunk as the
 * process writes it. The header's RIFF and data sizes are placeholders on a pipe ({@code 0x7ffff024},
 * {@code 0x7ffff000}), so the audio is read to the end of the stream. Measured with espeak-ng 1.51: "Hello from
 * voxbridge" is 1.55 s of audio at 175 words per minute.
 *
 * <p><b>Failures.</b> espeak-ng not installed: {@link TtsException.Kind#UNAVAILABLE} naming it and how to install
 * it. An unknown voice (espeak-ng exits 1 with "The specified espeak-ng voice does not exist"):
 * {@link TtsException.Kind#BAD_REQUEST} naming the voice. Any other failure of the program as
 * {@link EngineProcess} describes it, with the end of its stderr; output that is not a WAV:
 * {@link TtsException.Kind#PROTOCOL}.
 *
 * <p><b>Threads and cancellation.</b> Thread-safe: calls share nothing but the command line, each runs its own
 * process. Cancel or interrupt kills the process (and anything it started) and the call throws
 * {@link TtsException.Kind#CANCELLED} once it has exited.
 */
public final class EspeakEngine implements TtsEngine {

    /** The name this engine is registered under. */
    public static final String NAME = "espeak";
    /** The program run by default, looked up on the {@code PATH}. */
    public static final String DEFAULT_BINARY = "espeak-ng";
    /** The default voice, US English. */
    public static final String DEFAULT_VOICE = "en-us";
    /** Default speed in words per minute: espeak-ng 1.51's own default per {@code --help}. */
    public static final int DEFAULT_SPEED = 175;
    /** Slowest speed espeak-ng accepts, words per minute (its man page: 80 to 450). */
    public static final int MIN_SPEED = 80;
    /** Fastest speed espeak-ng accepts, words per minute. */
    public static final int MAX_SPEED = 450;
    /** Highest pitch adjustment ({@code -p}, 0 to 99, espeak-ng's default 50). */
    public static final int MAX_PITCH = 99;
    /** What to do when espeak-ng is missing. */
    static final String INSTALL_HINT = "install espeak-ng (apt-get install espeak-ng) or give its path with "
            + "-E binary=/path/to/espeak-ng";
    /** espeak-ng 1.51's words on stderr for an unknown voice ({@code src/espeak-ng.c}). */
    static final String UNKNOWN_VOICE = "voice does not exist";

    private final String voice;
    private final EngineProcess program;
    private volatile boolean closed;

    /**
     * An engine that runs {@code binary} with these settings; checked by {@link EspeakEngineProvider}, not here.
     *
     * @param binary the program, a name on the {@code PATH} or a path
     * @param voice  an espeak-ng voice name, e.g. {@code en-us}, {@code en+f3}
     * @param speed  words per minute, {@value #MIN_SPEED} to {@value #MAX_SPEED}
     * @param pitch  0 to {@value #MAX_PITCH}, or -1 for espeak-ng's default
     */
    EspeakEngine(String binary, String voice, int speed, int pitch) {
        this.voice = voice;
        List<String> command = new ArrayList<>(List.of(binary, "--stdout", "-b", "1", "-v", voice,
                "-s", Integer.toString(speed)));
        if (pitch >= 0) {
            command.addAll(List.of("-p", Integer.toString(pitch)));
        }
        command.add("--stdin");
        this.program = new EngineProcess(NAME, command, INSTALL_HINT, (exit, stderr, bytes) ->
                stderr.contains(UNKNOWN_VOICE) ? TtsException.Kind.BAD_REQUEST : null);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The command run for each call, e.g. {@code [espeak-ng, --stdout, -b, 1, -v, en-us, -s, 175, --stdin]}. */
    public List<String> command() {
        return program.command();
    }

    /**
     * {@inheritDoc}
     *
     * @throws TtsException BAD_REQUEST for an unknown voice, UNAVAILABLE if espeak-ng cannot run, PROTOCOL if its
     *                      output is not a WAV, CANCELLED
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(cancel, "cancel");
        if (closed) {
            throw new IllegalStateException("espeak engine is closed");
        }
        cancel.throwIfCancelled(NAME);
        if (text.isBlank()) {
            return;
        }
        StreamedWavHeader wav = new StreamedWavHeader(NAME, sink);
        try {
            program.run(text, wav, cancel);
        } catch (TtsException e) {
            if (e.kind() == TtsException.Kind.BAD_REQUEST) {
                throw new TtsException(e.kind(), NAME, "unknown voice " + TtsException.excerpt(voice, 40)
                        + " (espeak-ng --voices lists them): " + e.getMessage().substring(NAME.length() + 2), e);
            }
            throw e;
        }
        wav.finish();
    }

    /** Marks the engine closed; there is nothing to release (processes live only during a call). */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "EspeakEngine" + program.command();
    }
}
