package io.github.voxbridge.cli.scripts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A shell the launcher scripts are run with: this machine's {@code bash}, the same in POSIX mode, and any shells
 * named in the environment variable {@value #EXTRA_SHELLS} (paths separated by {@code :}), e.g. a bash 3.2 built
 * from source to check what macOS runs: {@code VOXBRIDGE_TEST_SHELLS=/opt/bash-3.2/bin/bash mvn -pl cli -am verify}.
 *
 * @param name    how test names show it
 * @param command the shell and its options; the script and its arguments follow
 */
record Shell(String name, List<String> command) {

    static final String EXTRA_SHELLS = "VOXBRIDGE_TEST_SHELLS";

    /** What a run left behind. */
    record Result(int status, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    /** bash, bash in POSIX mode, then the extra shells. */
    static Stream<Shell> all() {
        List<Shell> shells = new ArrayList<>();
        shells.add(new Shell("bash", List.of("bash")));
        shells.add(new Shell("bash --posix", List.of("bash", "--posix")));
        String extra = System.getenv(EXTRA_SHELLS);
        if (extra != null) {
            for (String path : extra.split(":")) {
                if (!path.isBlank()) {
                    shells.add(new Shell(path, List.of(path)));
                }
            }
        }
        return shells.stream();
    }

    /**
     * Runs {@code script} with {@code args} in a clean environment: only {@code PATH} (the system's tools, no JDK
     * on it) and {@code env}.
     */
    Result run(Path workDir, Map<String, String> env, Path script, String... args) {
        List<String> argv = new ArrayList<>(command);
        argv.add(script.toString());
        argv.addAll(List.of(args));
        return exec(workDir, env, argv);
    }

    /** Runs {@code code} as {@code shell -c code name args...}, in the same clean environment. */
    Result runCode(Path workDir, Map<String, String> env, String code, String... args) {
        List<String> argv = new ArrayList<>(command);
        argv.add("-c");
        argv.add(code);
        argv.add("test");
        argv.addAll(List.of(args));
        return exec(workDir, env, argv);
    }

    private Result exec(Path workDir, Map<String, String> env, List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            // A guard against a hung script, not a timing assertion: these scripts finish in milliseconds.
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + ": " + argv + " did not finish");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout's root: the first folder, from the working directory up, that holds scripts/find-jdk.sh. */
    static Path checkout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/find-jdk.sh"))) {
                return dir;
            }
        }
        throw new AssertionError("no scripts/find-jdk.sh above " + Path.of("").toAbsolutePath());
    }

    @Override
    public String toString() {
        return name;
    }
}
