package io.github.voxbridge.cli;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsEngines;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code voxbridge engines}: every TTS engine on the class path, one line each: its name, its description, and what
 * it needs on this machine (an API key's environment variable, a program, a model) with whether that is there now
 * ({@link TtsEngineProvider#requirements()}: no network, no process started, no secret printed).
 */
@Command(name = "engines", mixinStandardHelpOptions = true,
        description = "Lists the TTS engines, what each needs (API key, program, model) and whether it is here.")
final class EnginesCommand implements Callable<Integer> {

    @ParentCommand
    VoxbridgeCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        parent.configureLogging();
        PrintWriter out = spec.commandLine().getOut();
        for (String line : lines(TtsEngines.providers())) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    /**
     * One line per engine, names aligned: {@code name  description  [ready | needs X (found at ...) | missing X:
     * what to do]}.
     */
    static List<String> lines(Map<String, TtsEngineProvider> providers) {
        int nameWidth = providers.keySet().stream().mapToInt(String::length).max().orElse(0);
        int descriptionWidth = providers.values().stream().mapToInt(p -> p.description().length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, TtsEngineProvider> e : providers.entrySet()) {
            StringBuilder line = new StringBuilder();
            line.append(pad(e.getKey(), nameWidth)).append("  ")
                    .append(pad(e.getValue().description(), descriptionWidth)).append("  ");
            line.append(status(e.getValue().requirements()));
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** {@code ready} when nothing is needed or all is there, else each need with its state, {@code ; } between. */
    static String status(List<EngineRequirement> requirements) {
        if (requirements.isEmpty()) {
            return "ready (needs nothing)";
        }
        boolean allMet = requirements.stream().allMatch(EngineRequirement::met);
        List<String> parts = new ArrayList<>();
        for (EngineRequirement r : requirements) {
            parts.add((r.met() ? r.what() + ": " : "missing " + r.what() + ": ") + r.detail());
        }
        return (allMet ? "ready (" : "not ready (") + String.join("; ", parts) + ")";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
