package io.github.voxbridge.cli;

import io.github.voxbridge.twilio.testkit.CallLoad;
import io.github.voxbridge.twilio.testkit.CallLoadResult;
import io.github.voxbridge.twilio.testkit.CallerAudio;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code voxbridge simulate}: Twilio's side of N concurrent calls to a voice server (signed webhook, TwiML,
 * Media Streams WebSocket, the caller's audio every 20 ms, playback, marks, {@code clear}), each lasting the given
 * seconds, and a report of what the callers heard: a load test of a server such as {@code voxbridge serve}. Runs a
 * {@link CallLoad}.
 *
 * <p>Exit status: 0 when every call completed, with the report on standard output; 1 when any call failed (or the
 * {@code --audio} file cannot be read), with the report and one line on standard error naming how many failed and
 * the first reason, e.g. {@code connection refused: http://127.0.0.1:8080/twilio/voice}; 2 for bad options. The
 * auth token is never printed.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Places simulated Twilio calls on a voice server, as Twilio does (signed webhook, TwiML,"
                + " Media Streams WebSocket, the caller's audio every 20 ms), plays what the server sends on an"
                + " 8 kHz clock, echoes its marks, honours its clears, and reports frames, underruns, frames lost,"
                + " marks, first-frame latency and the simulator's CPU time.",
                "",
                "Frames still buffered when a call hangs up are counted lost: let the calls outlast what the"
                        + " server says, or expect them."},
        footer = {"", "Examples: voxbridge simulate --url http://127.0.0.1:8080 --calls 200 --seconds 10",
                "          voxbridge simulate --url http://127.0.0.1:8080 --audio question.wav --say-after-ms 1500"})
final class SimulateCommand implements Callable<Integer> {

    /** The webhook path {@code voxbridge serve} answers on, appended to a {@code --url} without a path. */
    static final String VOICE_PATH = "/twilio/voice";

    /** Where the auth token comes from when {@code --auth-token} is not given. */
    static final String TOKEN_VARIABLE = "TWILIO_AUTH_TOKEN";

    static final int EXIT_FAILED = 1;

    @ParentCommand
    VoxbridgeCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "<url>",
            description = "The voice webhook, e.g. http://127.0.0.1:8080/twilio/voice; a URL without a path gets "
                    + VOICE_PATH + ".")
    String url;

    @Option(names = "--calls", defaultValue = "1", paramLabel = "<n>",
            description = "Concurrent calls. Default: ${DEFAULT-VALUE}.")
    int calls;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "<s>",
            description = "How long each call lasts from its start message, in seconds. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--ramp-ms", defaultValue = "1000", paramLabel = "<ms>",
            description = "The call starts are spread evenly over this many milliseconds. Default: ${DEFAULT-VALUE}.")
    long rampMillis;

    @Option(names = "--audio", paramLabel = "<file.wav>",
            description = "What each caller says: a WAV file (8 kHz mu-law, or PCM at any rate, resampled)."
                    + " Default: silence.")
    Path audio;

    @Option(names = "--say-after-ms", paramLabel = "<ms>",
            description = "The callers say --audio this many milliseconds after the stream starts, silent before:"
                    + " a barge-in on a server that speaks first. Default: 0.")
    Long sayAfterMillis;

    @Option(names = "--auth-token", paramLabel = "<token>",
            description = "Sign the webhook and the WebSocket upgrade with this Twilio auth token. Default: the "
                    + TOKEN_VARIABLE + " environment variable (better: a command line is visible to other users);"
                    + " neither: nothing is signed.")
    String authToken;

    @Option(names = "--io-threads", paramLabel = "<n>",
            description = "Spread the calls over this many HTTP clients (each reads its calls on its selector thread)"
                    + " and as many media pacer threads, so that none needs a large share of a core on a machine"
                    + " shared with the server. Default: " + CallLoad.DEFAULT_IO_THREADS + ".")
    Integer ioThreads;

    /** Reads an environment variable; a field so that a test can give the command an environment of its own. */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() {
        parent.configureLogging();
        URI webhook = webhook();
        Duration duration = duration();
        if (rampMillis < 0) {
            throw new ParameterException(spec.commandLine(), "--ramp-ms must not be negative, got " + rampMillis);
        }
        if (sayAfterMillis != null && sayAfterMillis < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--say-after-ms must not be negative, got " + sayAfterMillis);
        }
        if (sayAfterMillis != null && audio == null) {
            throw new ParameterException(spec.commandLine(), "--say-after-ms needs --audio (what the callers say)");
        }
        if (calls < 1) {
            throw new ParameterException(spec.commandLine(), "--calls must be at least 1, got " + calls);
        }
        if (ioThreads != null && ioThreads < 1) {
            throw new ParameterException(spec.commandLine(), "--io-threads must be at least 1, got " + ioThreads);
        }
        CallLoad.Builder load = CallLoad.builder(webhook).calls(calls).duration(duration)
                .rampUp(Duration.ofMillis(rampMillis));
        if (ioThreads != null) {
            load.ioThreads(ioThreads);
        }
        if (audio != null) {
            try {
                load.callerAudio(CallerAudio.wav(audio));
            } catch (IOException e) {
                return fail("cannot read --audio " + audio + ": " + e.getMessage());
            }
            if (sayAfterMillis != null) {
                load.speakAfter(Duration.ofMillis(sayAfterMillis));
            }
        }
        String token = authToken != null ? authToken : environment.apply(TOKEN_VARIABLE);
        if (token != null && !token.isEmpty()) {
            load.authToken(token);
        }
        CallLoadResult result;
        try {
            result = load.build().run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
        PrintWriter out = spec.commandLine().getOut();
        report(result, Runtime.getRuntime().availableProcessors()).forEach(out::println);
        out.flush();
        if (!result.allCompleted()) {
            List<String> reasons = result.failureReasons();
            String others = reasons.size() > 1 ? " (and " + (reasons.size() - 1) + " other reason"
                    + (reasons.size() > 2 ? "s" : "") + ")" : "";
            return fail(result.failed() + " of " + result.calls() + " calls failed: "
                    + (reasons.isEmpty() ? "no reason recorded" : reasons.getFirst()) + others);
        }
        return 0;
    }

    /** {@code --url} as a webhook URI: http or https with a host, {@value #VOICE_PATH} if it has no path. */
    private URI webhook() {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--url is not a URL: '" + url + "' (" + e.getReason()
                    + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ParameterException(spec.commandLine(),
                    "--url must be an http or https URL with a host, e.g. http://127.0.0.1:8080, got '" + url + "'");
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")) {
            try {
                uri = new URI(uri.getScheme(), uri.getRawAuthority(), VOICE_PATH, uri.getRawQuery(), null);
            } catch (URISyntaxException e) {
                throw new ParameterException(spec.commandLine(), "--url: " + e.getMessage());
            }
        }
        return uri;
    }

    private Duration duration() {
        // A bound that keeps the nanoseconds in a long and catches NaN and infinity.
        if (!(seconds > 0 && seconds <= 365 * 86_400)) {
            throw new ParameterException(spec.commandLine(),
                    "--seconds must be more than 0 and at most a year, got " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /**
     * The report: one figure per line, labels aligned. The simulator's CPU is also given as a share of the
     * {@code processors} over the wall time: near 100% the simulator itself was short of CPU, and its arrival
     * times (so latencies and underruns) are late by its own queueing, not the server's.
     */
    static List<String> report(CallLoadResult r, int processors) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("calls", r.completed() + " ok, " + r.failed() + " failed (of " + r.calls() + ", "
                + seconds(r.callNanos()) + " s each)"));
        rows.add(row("frames received", r.framesReceived() + " (played " + r.framesPlayed() + ", cut "
                + r.framesCut() + ", cleared " + r.framesCleared() + ")"));
        rows.add(row("underruns", Long.toString(r.underruns())));
        rows.add(row("frames lost", Long.toString(r.framesLost())));
        rows.add(row("marks echoed", r.marksEchoed() + " of " + r.marksReceived() + " sent"));
        rows.add(row("clears", Long.toString(r.clears())));
        rows.add(row("protocol errors", Long.toString(r.protocolErrors())));
        rows.add(row("first frame", r.firstFrameLatencyNanos().isEmpty() ? "no call received audio"
                : "p50 " + millis(r.firstFrameLatencyPercentileNanos(50))
                + " ms, p99 " + millis(r.firstFrameLatencyPercentileNanos(99))
                + " ms, max " + millis(r.firstFrameLatencyPercentileNanos(100)) + " ms ("
                + r.firstFrameLatencyNanos().size() + " calls; " + r.callsWithoutMedia() + " without audio)"));
        rows.add(row("simulator CPU", r.cpuNanos() < 0 ? "not measured by this JVM"
                : seconds(r.cpuNanos()) + " s, " + (Double.isNaN(r.cpuSecondsPerCallMinute()) ? "-"
                : String.format(Locale.ROOT, "%.3f", r.cpuSecondsPerCallMinute())) + " s per call-minute (wall "
                + seconds(r.wallNanos()) + " s, " + Math.round(100.0 * r.cpuNanos() / r.wallNanos() / processors)
                + "% of " + processors + " CPUs)"));
        int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        return rows.stream().map(row -> row[0] + " ".repeat(width - row[0].length() + 2) + row[1]).toList();
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private int fail(String problem) {
        spec.commandLine().getErr().println("voxbridge simulate: " + problem);
        spec.commandLine().getErr().flush();
        return EXIT_FAILED;
    }
}
