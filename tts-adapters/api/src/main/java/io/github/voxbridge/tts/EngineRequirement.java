package io.github.voxbridge.tts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One thing an engine needs on this machine before {@link TtsEngineProvider#create} can succeed, and whether it is
 * there now: an environment variable holding a key, an executable on the {@code PATH}, a model file. Listed by
 * {@code ./voxbridge engines}; never carries a secret (an environment variable's value is not kept, only whether it
 * is set).
 *
 * @param what   what is needed, as a user would look for it: {@code "OPENAI_API_KEY"}, {@code "espeak-ng"}
 * @param met    whether it is present here
 * @param detail where it was found or what to do about it, e.g. {@code "/usr/bin/espeak-ng"} or
 *               {@code "not set: export OPENAI_API_KEY=... or -E api-key=..."}
 */
public record EngineRequirement(String what, boolean met, String detail) {

    private static final Pattern PATH_SEPARATOR = Pattern.compile(Pattern.quote(java.io.File.pathSeparator));

    public EngineRequirement {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * An environment variable that must be set (non-blank), e.g. an API key; its value is read only to see whether
     * it is blank and is not kept.
     *
     * @param name        the variable
     * @param alternative what else satisfies the need, for the detail when the variable is absent, e.g.
     *                    {@code "-E api-key=..."}; may be empty
     * @param environment the environment to look in ({@code System::getenv} in production)
     */
    public static EngineRequirement environment(String name, String alternative,
            Function<String, String> environment) {
        String value = environment.apply(name);
        boolean set = value != null && !value.isBlank();
        return new EngineRequirement(name, set, set ? "set" : "not set: export " + name + "=..."
                + (alternative.isEmpty() ? "" : " or " + alternative));
    }

    /**
     * An executable to be found on a search path ({@code PATH}), or at the given path if {@code command} contains
     * a separator.
     *
     * @param command     the program, e.g. {@code "espeak-ng"} or {@code "/opt/piper/piper"}
     * @param installHint what to do if it is missing, e.g. {@code "apt-get install espeak-ng"}
     * @param searchPath  the value of {@code PATH} ({@code System.getenv("PATH")} in production); may be null
     */
    public static EngineRequirement executable(String command, String installHint, String searchPath) {
        Path found = findExecutable(command, searchPath);
        return found != null
                ? new EngineRequirement(command, true, found.toString())
                : new EngineRequirement(command, false, "not found on the PATH: " + installHint);
    }

    /** Where {@code command} resolves: itself if it names a path, else the first match on {@code searchPath}. */
    public static Path findExecutable(String command, String searchPath) {
        if (command.indexOf('/') >= 0 || command.indexOf(java.io.File.separatorChar) >= 0) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        if (searchPath == null) {
            return null;
        }
        for (String dir : PATH_SEPARATOR.split(searchPath)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** A file that must exist, e.g. a voice model. */
    public static EngineRequirement file(String what, Path file) {
        return Files.isRegularFile(file)
                ? new EngineRequirement(what, true, file.toString())
                : new EngineRequirement(what, false, "no file " + file);
    }
}
