package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.twilio.server.MediaStreamServer;
import io.github.voxbridge.twilio.server.call.CallHandler;
import io.github.voxbridge.twilio.server.handlers.DtmfEchoHandler;
import io.github.voxbridge.twilio.server.handlers.GreetingHandler;
import io.github.voxbridge.twilio.server.handlers.ScriptedPrompts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code voxbridge serve}: a Twilio Media Streams server ({@link MediaStreamServer}) with one of the ready-made call
 * handlers, until SIGTERM (or Ctrl-C), which drains it: no new calls, active calls finish for up to
 * {@code --drain-seconds}, then are cleared and closed.
 *
 * <p>Exit status: 0 after a shutdown; 1 if the server cannot start (port taken, engine unavailable), with one line
 * on stderr; 2 for bad options.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves Twilio calls: point a phone number's voice webhook at"
                + " https://PUBLIC/twilio/voice and each call hears the greeting (and more, with --dtmf-echo or"
                + " --script). Media Streams over WebSocket at /twilio/media, status callbacks at /twilio/status,"
                + " GET /healthz and GET /metrics (Prometheus).",
                "",
                "Signatures: with TWILIO_AUTH_TOKEN set (or --auth-token-file), every webhook, status callback and"
                        + " WebSocket upgrade must carry a valid X-Twilio-Signature for the --public-url, else 403.",
                "",
                "SIGTERM or Ctrl-C drains: the webhook answers 503, /healthz says draining, active calls finish for"
                        + " up to --drain-seconds, then playback is cleared and the streams closed."},
        footer = {"", "Example: voxbridge serve --port 8080 --public-url https://abc123.ngrok.app"
                + " --say \"Thanks for calling\""})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    VoxbridgeCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "<port>",
            description = "TCP port; 0 for any free one (printed). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "<address>", description = "Address to bind. Default: every interface.")
    String host;

    @Option(names = "--public-url", paramLabel = "<url>",
            description = "The https:// address Twilio reaches this server at (your domain, or a tunnel's such as"
                    + " ngrok's), used in the TwiML and to check signatures. Default: each request's own Host.")
    String publicUrl;

    @Option(names = "--auth-token-file", paramLabel = "<file>",
            description = "Read the Twilio auth token from this file (first line) instead of TWILIO_AUTH_TOKEN.")
    Path authTokenFile;

    @Option(names = "--say", paramLabel = "<text>", defaultValue = "",
            description = "The greeting every call hears first.")
    String greeting;

    @Option(names = "--dtmf-echo", description = "After the greeting, answer each key pressed: \"You pressed 5.\"")
    boolean dtmfEcho;

    @Option(names = "--script", paramLabel = "<file.json>",
            description = "A phone menu: {\"greeting\": ..., \"prompts\": {\"1\": ...}, \"otherwise\": ...,"
                    + " \"hangUp\": {\"key\": \"#\", \"say\": ...}}.")
    Path script;

    @Option(names = "--engine", defaultValue = "freetts", paramLabel = "<engine>",
            description = "The TTS engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = SpeakCommand.EngineNames.class)
    String engineName;

    @Option(names = {"-E", "--engine-option"}, paramLabel = "<key=value>",
            description = "An engine option, e.g. voice=kevin16 (freetts). Repeatable.")
    Map<String, String> engineOptions = new LinkedHashMap<>();

    @Option(names = "--quality", defaultValue = "telephony", paramLabel = "<preset>",
            converter = ResampleCommand.QualityConverter.class,
            description = "Resampler preset from the engine's rate to 8000 Hz. Default: ${DEFAULT-VALUE}.")
    ResamplerQuality quality;

    @Option(names = "--max-calls", defaultValue = "1000", paramLabel = "<n>",
            description = "Calls served at once; the webhook answers 503 beyond. Default: ${DEFAULT-VALUE}.")
    int maxCalls;

    @Option(names = "--reject-with-twiml", description = "Beyond --max-calls answer TwiML <Reject reason=\"busy\">"
            + " (the caller hears busy) instead of 503.")
    boolean rejectWithTwiml;

    @Option(names = "--drain-seconds", defaultValue = "30", paramLabel = "<s>",
            description = "On SIGTERM, how long active calls may finish. Default: ${DEFAULT-VALUE}.")
    int drainSeconds;

    @Option(names = "--idle-timeout-seconds", defaultValue = "30", paramLabel = "<s>",
            description = "A call with no message from Twilio this long is closed. Default: ${DEFAULT-VALUE}.")
    int idleSeconds;

    @Option(names = "--no-barge-in", description = "Do not interrupt playback when the caller speaks.")
    boolean noBargeIn;

    /**
     * How long the server warms up before it listens: the greeting spoken and caller audio decoded until the JIT
     * has compiled the Vector API kernels (see {@code MediaStreamServer.Builder#warmUp}).
     */
    static final Duration WARM_UP = Duration.ofSeconds(3);

    /** Counted down when the server has shut down; tests wait on it. */
    final CountDownLatch stopped = new CountDownLatch(1);
    private volatile MediaStreamServer server;

    @Override
    public Integer call() throws Exception {
        // The server's INFO lines (start-up, one line per call) are what an operator watches.
        Logger.getLogger(VoxbridgeCommand.LOGGER_NAMESPACE).setLevel(Level.INFO);
        if (parent.verbose) {
            VoxbridgeCommand.JETTY_LOGGER.setLevel(Level.INFO);
        }
        checkOptions();
        String token = authToken();
        Supplier<? extends CallHandler> handlers = handlers();
        TtsEngine engine;
        try {
            engine = TtsEngines.create(engineName, engineOptions);
        } catch (TtsException e) {
            if (e.kind() == TtsException.Kind.BAD_REQUEST) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            return fail(SpeakCommand.describe(e));
        }
        MediaStreamServer.Builder builder = MediaStreamServer.builder(engine, handlers)
                .host(host).port(port).authToken(token).quality(quality).maxCalls(maxCalls)
                .rejectWithTwiml(rejectWithTwiml).drainTimeout(Duration.ofSeconds(drainSeconds))
                .idleTimeout(Duration.ofSeconds(idleSeconds)).bargeIn(!noBargeIn)
                .warmUp(warmUpText(), WARM_UP);
        if (publicUrl != null) {
            try {
                builder.publicUrl(publicUrl);
            } catch (IllegalArgumentException e) {
                engine.close();
                throw new ParameterException(spec.commandLine(), "--public-url: " + e.getMessage(), e);
            }
        }
        try {
            server = builder.start();
        } catch (IllegalStateException e) {
            engine.close();
            return fail(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("voxbridge serve: listening on port " + server.port() + " (engine " + engine.name()
                + String.format(Locale.ROOT, ", warmed up in %.1f s", server.warmUpNanos() / 1e9)
                + ", handler " + describeHandler() + ", signatures " + (token == null ? "NOT checked" : "checked")
                + "); webhook " + (publicUrl == null ? "http://<host>:" + server.port() : publicUrl)
                + "/twilio/voice");
        err.flush();
        Thread hook = new Thread(() -> shutdown(engine), "voxbridge-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return 0;
    }

    /** The greeting (what the first caller hears first), or a short sentence when there is none. */
    private String warmUpText() throws IOException {
        if (script != null) {
            String scripted = ScriptedPrompts.read(script).greeting();
            return scripted.isBlank() ? "Hello, this is a warm-up." : scripted;
        }
        return greeting.isBlank() ? "Hello, this is a warm-up." : greeting;
    }

    /** SIGTERM: drain, stop, close the engine; then the command returns. */
    private void shutdown(TtsEngine engine) {
        MediaStreamServer s = server;
        try {
            if (s != null) {
                System.err.println("voxbridge serve: shutting down, draining " + s.activeCalls() + " call(s) for up"
                        + " to " + drainSeconds + " s");
                s.shutdown(Duration.ofSeconds(drainSeconds));
                System.err.println("voxbridge serve: stopped");
            }
        } finally {
            engine.close();
            stopped.countDown();
        }
    }

    private void checkOptions() {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
        }
        if (maxCalls < 1) {
            throw new ParameterException(spec.commandLine(), "--max-calls must be at least 1, was " + maxCalls);
        }
        if (drainSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--drain-seconds must be 0 or more, was " + drainSeconds);
        }
        if (idleSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--idle-timeout-seconds must be at least 1, was "
                    + idleSeconds);
        }
        if (script != null && (dtmfEcho || !greeting.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "--script has its own greeting and keys: give it"
                    + " without --say and --dtmf-echo");
        }
        if (!TtsEngines.providers().containsKey(engineName.trim().toLowerCase(Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "unknown engine '" + engineName + "' (available: "
                    + String.join(", ", TtsEngines.providers().keySet()) + ")");
        }
    }

    /** The auth token from --auth-token-file or TWILIO_AUTH_TOKEN; null for none. Never printed. */
    private String authToken() {
        if (authTokenFile != null) {
            try {
                String token = Files.readAllLines(authTokenFile, StandardCharsets.UTF_8).stream().findFirst()
                        .orElse("").strip();
                if (token.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--auth-token-file " + authTokenFile
                            + " is empty");
                }
                return token;
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--auth-token-file " + authTokenFile
                        + " cannot be read: " + e.getMessage(), e);
            }
        }
        String env = System.getenv("TWILIO_AUTH_TOKEN");
        return env == null || env.isBlank() ? null : env.strip();
    }

    private Supplier<? extends CallHandler> handlers() {
        if (script != null) {
            try {
                return ScriptedPrompts.read(script).handlers();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--script " + script + " cannot be read: "
                        + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--script " + e.getMessage(), e);
            }
        }
        String text = greeting;
        return dtmfEcho ? () -> new DtmfEchoHandler(text) : () -> new GreetingHandler(text);
    }

    private String describeHandler() {
        if (script != null) {
            return "script " + script;
        }
        return (dtmfEcho ? "DTMF echo" : "greeting") + (greeting.isEmpty() ? "" : " \"" + greeting + "\"");
    }

    private int fail(String problem) {
        spec.commandLine().getErr().println("voxbridge serve: " + problem);
        spec.commandLine().getErr().flush();
        return SpeakCommand.EXIT_FAILED;
    }
}
