package io.github.voxbridge.tts.piper;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.process.EngineProcess;
import io.github.voxbridge.tts.transport.process.ExitClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Piper as a local program, one process per {@link #synthesize} call: {@code piper --model M --output-raw
 * [--speaker N]}, the text written to its stdin as UTF-8 (never an argument, never through a shell). Piper reads
 * stdin line by line, one utterance per line, and writes each one's audio as soon as it is synthesized: raw s16le
 * mono, no header, at the rate in the voice's {@code M.onnx.json} ({@code audio.sample_rate}, read once when the
 * engine is created). tts-engines.md section 8; rhasspy/piper README ("not a WAV file").
 *
 * <p>The format is announced with the first chunk of audio, which reaches the sink as the process writes it, in
 * whatever pieces the pipe delivers (an odd number of bytes included: the sink's decoder carries the half sample).
 *
 * <p><b>Failures.</b> Options and the voice files are checked by {@link PiperEngineProvider#create}. At synthesis,
 * Piper not startable: {@link TtsException.Kind#UNAVAILABLE} with how to install it; a non-zero exit as
 * {@link EngineProcess} describes it, with the end of Piper's stderr.
 *
 * <p><b>Threads and cancellation.</b> Thread-safe: each call runs its own process (and loads the model anew, which
 * is Piper's start-up cost). Cancel or interrupt kills the process and the call throws
 * {@link TtsException.Kind#CANCELLED} once it has exited.
 */
public final class PiperEngine implements TtsEngine {

    /** The name this engine is registered under. */
    public static final String NAME = "piper";
    /** The program run by default, looked up on the {@code PATH}. */
    public static final String DEFAULT_BINARY = "piper";
    /** What to do when Piper is missing. */
    static final String INSTALL_HINT = "install Piper (the piper binary from github.com/rhasspy/piper releases, or"
            + " pip install piper-tts) or give its path with -E binary=/path/to/piper";

    private final EngineProcess program;
    private final AudioFormatSpec format;
    private volatile boolean closed;

    /**
     * An engine running {@code binary} on {@code model}; checked by {@link PiperEngineProvider}, not here.
     *
     * @param binary     the program, a name on the {@code PATH} or a path
     * @param model      the {@code .onnx} voice
     * @param speaker    the speaker id, or -1 for the voice's default
     * @param sampleRate Hz, from the voice's {@code .onnx.json}
     */
    PiperEngine(String binary, String model, int speaker, int sampleRate) {
        List<String> command = new ArrayList<>(List.of(binary, "--model", model, "--output-raw"));
        if (speaker >= 0) {
            command.addAll(List.of("--speaker", Integer.toString(speaker)));
        }
        this.program = new EngineProcess(NAME, command, INSTALL_HINT, ExitClassifier.NONE);
        this.format = new AudioFormatSpec(SampleEncoding.S16LE, sampleRate);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The format of every call's audio: s16le mono at the voice's rate. */
    public AudioFormatSpec format() {
        return format;
    }

    /** The command run for each call, e.g. {@code [piper, --model, /v/en.onnx, --output-raw]}. */
    public List<String> command() {
        return program.command();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The text goes to Piper with a final line break, so that its last line is an utterance for every Piper
     * (the C++ one and piper1-gpl read lines).
     *
     * @throws TtsException UNAVAILABLE or INTERNAL if Piper fails, CANCELLED
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(cancel, "cancel");
        if (closed) {
            throw new IllegalStateException("piper engine is closed");
        }
        cancel.throwIfCancelled(NAME);
        if (text.isBlank()) {
            return;
        }
        boolean[] announced = {false};
        program.run(text.endsWith("\n") ? text : text + "\n", (chunk, off, len) -> {
            if (!announced[0]) {
                announced[0] = true;
                sink.format(format);
            }
            sink.audio(chunk, off, len);
        }, cancel);
    }

    /** Marks the engine closed; there is nothing to release (processes live only during a call). */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "PiperEngine" + program.command() + " " + format;
    }
}
