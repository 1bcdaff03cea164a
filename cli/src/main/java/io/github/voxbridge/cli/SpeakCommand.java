package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.UncheckedTtsException;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.stream.GenerationStats;
import io.github.voxbridge.twilio.stream.MediaMessages;
import io.github.voxbridge.twilio.stream.TwilioTtsStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code voxbridge speak}: text in, what a Twilio Media Stream plays out. Runs a {@link TwilioTtsStream} and writes
 * its messages as they are made (see {@link SpeechOutput} for the formats).
 *
 * <p>Exit status: 0 on success, also for text with nothing to say (no media message and no mark then); 1 when the
 * engine fails or I/O fails, with one line on stderr naming the engine and the problem, after everything made
 * before the failure has been written; 2 for bad options, an unknown engine or an engine option the engine refuses.
 *
 * <p>Standard output carries only the command's output: while the engine runs, {@code System.out} is pointed at
 * standard error, so that a library printing there (FreeTTS 1.2.2 has {@code System.out} calls in some 30 classes,
 * {@code KevinVoiceDirectory}, {@code CMULexicon} and {@code Utterance} among them) cannot corrupt a pipeline's
 * audio. The command's own output goes to the stream it was given, never through {@code System.out}.
 */
@Command(name = "speak", mixinStandardHelpOptions = true,
        description = {"Speaks text with a TTS engine and writes what a Twilio Media Stream plays: outbound messages"
                + " (20 ms of 8 kHz mu-law each), raw mu-law or a WAV file.",
                "",
                "jsonl: one outbound message per line, the media messages then a mark named utterance-1 (none when"
                        + " there is nothing to say). ulaw: exactly the bytes of the media payloads. wav: those bytes"
                        + " in an 8 kHz mu-law WAV; on stdout its header declares an open-ended length"
                        + " (0xFFFFFFFF), written before the audio is known.",
                "",
                "With --stdin, text is read from standard input as it arrives (LLM tokens, say) and spoken sentence"
                        + " by sentence: speech starts before the input ends."},
        footer = {"", "Example: voxbridge speak \"Hello from voxbridge\" --format wav --out hello.wav"})
final class SpeakCommand implements Callable<Integer> {

    /** A stream SID of the right shape that no Twilio stream has. */
    static final String PLACEHOLDER_STREAM_SID = "MZ00000000000000000000000000000000";

    /** The name of the mark sent after the utterance's media. */
    static final String MARK_NAME = "utterance-1";

    static final int EXIT_FAILED = 1;

    @ParentCommand
    VoxbridgeCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "TEXT",
            description = "The text to speak; several arguments are joined with spaces. Not with --stdin.")
    List<String> words;

    @Option(names = "--stdin", description = "Read the text from standard input as it arrives, in UTF-8.")
    boolean stdin;

    @Option(names = "--engine", defaultValue = "freetts", paramLabel = "<engine>",
            description = "The TTS engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = EngineNames.class)
    String engineName;

    @Option(names = {"-E", "--engine-option"}, paramLabel = "<key=value>",
            description = "An engine option, e.g. voice=kevin16 (freetts) or dir=prompts/ (prerecorded). Repeatable.")
    Map<String, String> engineOptions = new LinkedHashMap<>();

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "<format>",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SpeechOutput.Format format;

    @Option(names = "--out", paramLabel = "<file>", description = "Write to this file instead of standard output.")
    Path out;

    @Option(names = "--stream-sid", defaultValue = PLACEHOLDER_STREAM_SID, paramLabel = "<sid>",
            description = "The streamSid in the messages (from Twilio's start message). Default: ${DEFAULT-VALUE}.")
    String streamSid;

    @Option(names = "--quality", defaultValue = "telephony", paramLabel = "<preset>",
            converter = ResampleCommand.QualityConverter.class,
            description = "Resampler preset from the engine's rate to 8000 Hz: fast, telephony, hq or vhq."
                    + " Default: ${DEFAULT-VALUE}.")
    ResamplerQuality quality;

    @Option(names = "--stats", description = "Print engine load time, first-frame latency, frames, seconds of audio"
            + " and real-time factor on one line to stderr.")
    boolean stats;

    @Override
    public Integer call() {
        parent.configureLogging();
        String text = text();
        if (!TtsEngines.providers().containsKey(engineName.trim().toLowerCase(Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "unknown engine '" + engineName + "' (available: "
                    + String.join(", ", TtsEngines.providers().keySet()) + ")");
        }
        if (streamSid.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--stream-sid must not be empty");
        }
        PrintStream systemOut = System.out;
        System.setOut(System.err);
        try {
            return speak(text);
        } finally {
            System.setOut(systemOut);
        }
    }

    /** The text to speak, or {@code null} with {@code --stdin}; checks that exactly one of them is given. */
    private String text() {
        boolean hasText = words != null && !words.isEmpty();
        if (stdin && hasText) {
            throw new ParameterException(spec.commandLine(), "give either TEXT or --stdin, not both");
        }
        if (!stdin && !hasText) {
            throw new ParameterException(spec.commandLine(),
                    "Missing TEXT (or --stdin to read it from standard input)");
        }
        return hasText ? String.join(" ", words) : null;
    }

    private int speak(String text) {
        long loadStart = System.nanoTime();
        TtsEngine engine;
        try {
            engine = TtsEngines.create(engineName, engineOptions);
        } catch (TtsException e) {
            if (e.kind() == TtsException.Kind.BAD_REQUEST) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            return fail(describe(e));
        }
        long loadNanos = System.nanoTime() - loadStart;
        try (engine) {
            TwilioTtsStream tts = TwilioTtsStream.builder(engine).streamSid(streamSid).quality(quality).build();
            GenerationStats done;
            try (SpeechOutput output = SpeechOutput.open(format, out, parent.stdout);
                 MediaMessages messages = text != null ? tts.generate(text)
                         : tts.generateStreaming(new StdinTokens(parent.stdin))) {
                try {
                    while (messages.hasNext()) {
                        output.media(messages.next());
                    }
                } finally {
                    done = messages.stats();
                    if (stats) {
                        printStats(engine.name(), loadNanos, done);
                    }
                }
                if (done.messages() > 0) {
                    output.endUtterance(new OutboundMessageWriter(streamSid).markMessage(MARK_NAME));
                }
            }
            return 0;
        } catch (UncheckedTtsException e) {
            return fail(e.getCause() instanceof TtsException t ? describe(t) : e.getMessage());
        } catch (UncheckedIOException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("I/O error: " + e);
        } finally {
            try {
                parent.stdout.flush();
            } catch (IOException ignored) {
                // Already reporting the first failure, or about to exit with it.
            }
        }
    }

    /**
     * One line, {@code key=value} pairs: {@code first_frame_ms} from the start of the generation to its first
     * media message (with {@code --stdin} it includes waiting for the first sentence), {@code synthesis_s} from the
     * start to the end of synthesis, {@code rtf} their ratio to the seconds of audio made.
     */
    private void printStats(String engine, long loadNanos, GenerationStats s) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(String.format(Locale.ROOT,
                "voxbridge speak: engine=%s load_ms=%.1f first_frame_ms=%s frames=%d audio_s=%.2f"
                        + " synthesis_s=%.3f rtf=%s",
                engine, loadNanos / 1e6,
                s.firstMessageNanos() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.firstMessageNanos() / 1e6),
                s.messages(), s.audioSeconds(), s.elapsedNanos() / 1e9,
                s.messages() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", s.realTimeFactor())));
        err.flush();
    }

    /**
     * A failed synthesis on one line: the engine, the kind of failure, what the engine said and, when it asked for
     * one, the retry delay, e.g. {@code openai failed (RATE_LIMITED, retry after 7 s): HTTP 429: 'Rate limit
     * reached'}.
     */
    static String describe(TtsException e) {
        String prefix = e.engine() + ": ";
        String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        String retry = e.retryAfter().map(d -> String.format(Locale.ROOT, ", retry after %s s",
                d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds())
                        : String.format(Locale.ROOT, "%.3f", d.toMillis() / 1e3))).orElse("");
        return e.engine() + " failed (" + e.kind() + retry + "): " + message;
    }

    private int fail(String problem) {
        spec.commandLine().getErr().println("voxbridge speak: " + problem);
        spec.commandLine().getErr().flush();
        return EXIT_FAILED;
    }

    /** The registered engines, for {@code --help} and completion. */
    static final class EngineNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return TtsEngines.providers().keySet().iterator();
        }
    }
}
