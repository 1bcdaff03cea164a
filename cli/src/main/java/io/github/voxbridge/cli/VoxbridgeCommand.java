package io.github.voxbridge.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code voxbridge} command: text to Twilio media messages ({@code speak}), G.711 encoding, decoding and
 * resampling of raw audio on stdin/stdout, and simulated Twilio calls against a voice server ({@code simulate}).
 *
 * <p>Exit status: 0 on success, 1 when the input is malformed or I/O fails (one line on stderr), 2 for bad
 * options (picocli's message and the usage). Standard input and output are injected so tests can run the
 * command in-process; {@link #main(String[])} uses the process's file descriptors directly, unbuffered, since
 * the subcommands read and write in 64 KiB blocks of their own.
 */
@Command(name = "voxbridge",
        mixinStandardHelpOptions = true,
        versionProvider = VoxbridgeCommand.Version.class,
        description = "Speaks text as Twilio Media Streams messages; turns audio into telephone-ready G.711 and back,"
                + " and resamples it; places simulated Twilio calls on a voice server.",
        subcommands = {SpeakCommand.class, EnginesCommand.class, EncodeCommand.class, DecodeCommand.class,
                ResampleCommand.class, ServeCommand.class, SimulateCommand.class},
        footer = {"", "Examples: voxbridge speak \"Hello from voxbridge\" --format wav --out hello.wav",
                "          voxbridge engines",
                "          voxbridge encode --codec mulaw < speech.s16le > speech.ulaw",
                "          voxbridge simulate --url http://127.0.0.1:8080 --calls 100 --seconds 10"})
public final class VoxbridgeCommand implements Runnable {

    /** The parent of every voxbridge logger, among them the SIMD provider's {@code io.github.voxbridge.dsp.simd}. */
    static final String LOGGER_NAMESPACE = "io.github.voxbridge";

    /*
     * java.util.logging holds loggers weakly: a level set on a logger nobody references is lost at the next GC,
     * and the INFO line would come back. This reference keeps it for the life of the process.
     */
    private static final Logger VOXBRIDGE_LOGGER = Logger.getLogger(LOGGER_NAMESPACE);

    /**
     * Jetty's loggers (serve, simulate), through SLF4J's java.util.logging provider: its warnings and errors are
     * shown, its start-up INFO lines ("Started Server@...") only with {@code --verbose}. Held for the reason above.
     */
    static final Logger JETTY_LOGGER = Logger.getLogger("org.eclipse.jetty");

    static {
        JETTY_LOGGER.setLevel(Level.WARNING);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Log which SIMD kernels run, and why, on stderr.")
    boolean verbose;

    final InputStream stdin;
    final OutputStream stdout;

    /**
     * @param stdin  where subcommands read their input
     * @param stdout where subcommands write their output (binary); flushed, never closed
     */
    public VoxbridgeCommand(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    /** A command line ready to {@code execute(args)}, reading {@code stdin} and writing {@code stdout}. */
    public static CommandLine commandLine(InputStream stdin, OutputStream stdout) {
        return new CommandLine(new VoxbridgeCommand(stdin, stdout));
    }

    public static void main(String[] args) {
        // java.util.logging's default layout spends two lines per record (date and source, then the message);
        // on a terminal one line per record is enough. Read when logging starts, so set it first.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        int status = commandLine(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out))
                .execute(args);
        System.exit(status);
    }

    /** Without a subcommand there is nothing to do: a usage error (exit 2). */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing required subcommand (speak, engines, encode, decode, resample, serve or simulate)");
    }

    /**
     * Quietens the library's loggers to WARNING unless {@code --verbose} was given, so the SIMD provider's INFO
     * line does not land on the stderr of a pipeline. Called by subcommands before they touch a codec.
     */
    void configureLogging() {
        VOXBRIDGE_LOGGER.setLevel(verbose ? Level.INFO : Level.WARNING);
        JETTY_LOGGER.setLevel(verbose ? Level.INFO : Level.WARNING);
    }

    /** Reads the project version that Maven wrote into {@code version.properties}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = VoxbridgeCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"voxbridge " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
