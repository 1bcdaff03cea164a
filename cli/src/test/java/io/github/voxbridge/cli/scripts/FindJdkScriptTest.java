package io.github.voxbridge.cli.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code scripts/find-jdk.sh}, sourced by a real shell under {@code set -euo pipefail} as {@code ./voxbridge} and
 * {@code .ci/run} source it, against fake JDKs laid out where macOS and Linux put them: a temporary HOME for
 * SDKMAN, and {@code VOXBRIDGE_JDK_SEARCH_ROOT} in front of the system folders ({@code /usr/libexec/java_home},
 * Homebrew, {@code /Library/Java/JavaVirtualMachines}, {@code /usr/lib/jvm}). Every case runs in each {@link Shell}.
 */
class FindJdkScriptTest {

    /** Sources the script the way the launcher does, then prints the choice and the message for none. */
    private static final String HARNESS = """
            set -euo pipefail
            . "$1"
            jdk="$(find_jdk)"
            printf 'found=%s\\n' "$jdk"
            no_jdk_message
            """;

    @TempDir
    Path tmp;

    private Path root() {
        return tmp.resolve("root");
    }

    private Path home() {
        return tmp.resolve("home");
    }

    /**
     * Where each kind of installation puts a JDK called {@code name} (HOME and the search root as in {@link #env}),
     * and what it calls a JDK 21 there.
     */
    enum Location {
        JAVA_HOME_TOOL("temurin-21", (t, name) -> t.tmp.resolve("registered/" + name + ".jdk/Contents/Home")),
        SDKMAN("21.0.2-tem", (t, name) -> t.home().resolve(".sdkman/candidates/java/" + name)),
        HOMEBREW_APPLE_SILICON("openjdk@21", (t, name) -> t.root().resolve("opt/homebrew/opt/" + name
                + "/libexec/openjdk.jdk/Contents/Home")),
        HOMEBREW_INTEL("openjdk@21", (t, name) -> t.root().resolve("usr/local/opt/" + name
                + "/libexec/openjdk.jdk/Contents/Home")),
        LIBRARY_JAVA("temurin-21", (t, name) -> t.root().resolve("Library/Java/JavaVirtualMachines/" + name
                + ".jdk/Contents/Home")),
        USR_LIB_JVM("temurin-21-jdk-amd64", (t, name) -> t.root().resolve("usr/lib/jvm/" + name));

        private final String jdk21;
        private final BiFunction<FindJdkScriptTest, String, Path> place;

        Location(String jdk21, BiFunction<FindJdkScriptTest, String, Path> place) {
            this.jdk21 = jdk21;
            this.place = place;
        }
    }

    /** Installs a fake JDK of {@code version} at {@code location}; for the java_home tool, also the tool. */
    private Path install(Location location, String name, String version) throws IOException {
        Path jdk = FakeJdk.create(location.place.apply(this, name), version);
        if (location == Location.JAVA_HOME_TOOL) {
            javaHomeTool(jdk);
        }
        return jdk;
    }

    /** A stand-in for macOS's /usr/libexec/java_home that names {@code jdk} when asked for 21+. */
    private void javaHomeTool(Path jdk) throws IOException {
        Path tool = root().resolve("usr/libexec/java_home");
        Files.createDirectories(tool.getParent());
        Files.writeString(tool, """
                #!/bin/sh
                if [ "$1" = "-v" ] && [ "$2" = "21+" ]; then
                  echo '%s'
                  exit 0
                fi
                echo "java_home: unexpected arguments: $*" >&2
                exit 2
                """.formatted(jdk));
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home().toString());
        env.put("VOXBRIDGE_JDK_SEARCH_ROOT", root().toString());
        return env;
    }

    private record Found(String jdk, String message) {
    }

    private Found findJdk(Shell shell, Map<String, String> env) throws IOException {
        return findJdk(shell, env, HARNESS);
    }

    private Found findJdk(Shell shell, Map<String, String> env, String harness) throws IOException {
        Files.createDirectories(home());
        Files.createDirectories(root());
        Shell.Result result = shell.runCode(tmp, env, harness, Shell.checkout().resolve("scripts/find-jdk.sh").toString());
        assertEquals(0, result.status(), shell + ": " + result);
        assertEquals("", result.stderr(), shell + ": nothing on stderr");
        List<String> lines = result.lines();
        assertEquals(2, lines.size(), shell + ": " + result.stdout());
        assertTrue(lines.get(0).startsWith("found="), lines.get(0));
        return new Found(lines.get(0).substring("found=".length()), lines.get(1));
    }

    static Stream<Shell> shells() {
        return Shell.all();
    }

    static Stream<Arguments> shellsAndLocations() {
        return Shell.all().flatMap(shell -> Stream.of(Location.values()).map(l -> Arguments.of(shell, l)));
    }

    @ParameterizedTest(name = "{0}: a JDK 21 from {1} is found, a JDK 17 is passed over")
    @MethodSource("shellsAndLocations")
    void eachPlaceIsSearched(Shell shell, Location location) throws IOException {
        Path jdk = install(location, location.jdk21, "21.0.2");
        install(Location.USR_LIB_JVM, "java-17-openjdk", "17.0.9");
        assertEquals(jdk.toString(), findJdk(shell, env()).jdk());
    }

    @ParameterizedTest(name = "{0}: the newest JDK >= 21 wins, wherever it is")
    @MethodSource("shells")
    void theNewestWins(Shell shell) throws IOException {
        install(Location.USR_LIB_JVM, "temurin-21-jdk-amd64", "21.0.5");
        install(Location.SDKMAN, "22.0.2-tem", "22.0.2");
        install(Location.HOMEBREW_APPLE_SILICON, "openjdk@23", "23.0.1");
        Path newest = install(Location.LIBRARY_JAVA, "temurin-25", "25.0.1");
        install(Location.HOMEBREW_INTEL, "openjdk@24", "24");
        install(Location.USR_LIB_JVM, "java-17-openjdk", "17.0.9");
        assertEquals(newest.toString(), findJdk(shell, env()).jdk());
    }

    @ParameterizedTest(name = "{0}: of two JDKs of the same version the one found first wins (SDKMAN before /usr/lib/jvm)")
    @MethodSource("shells")
    void aTieGoesToTheEarlierPlace(Shell shell) throws IOException {
        Path sdkman = install(Location.SDKMAN, "21.0.5-tem", "21.0.5");
        install(Location.USR_LIB_JVM, "temurin-21-jdk-amd64", "21.0.5");
        assertEquals(sdkman.toString(), findJdk(shell, env()).jdk());
    }

    @ParameterizedTest(name = "{0}: JAVA_HOME, when a JDK >= 21, is used even if a newer one is installed")
    @MethodSource("shells")
    void javaHomeComesFirst(Shell shell) throws IOException {
        Path javaHome = FakeJdk.create(tmp.resolve("my jdks/jdk-21"), "21.0.1");
        install(Location.USR_LIB_JVM, "temurin-25", "25");
        Map<String, String> env = env();
        env.put("JAVA_HOME", javaHome.toString());
        assertEquals(javaHome.toString(), findJdk(shell, env).jdk());
    }

    @ParameterizedTest(name = "{0}: JAVA_HOME set to a JDK 17, or to nothing, is passed over and named in the message")
    @MethodSource("shells")
    void anUnusableJavaHomeIsPassedOver(Shell shell) throws IOException {
        Path newest = install(Location.USR_LIB_JVM, "temurin-25", "25");
        Path old = FakeJdk.create(tmp.resolve("jdk-17"), "17.0.9");
        for (String javaHome : List.of(old.toString(), tmp.resolve("no-such-jdk").toString())) {
            Map<String, String> env = env();
            env.put("JAVA_HOME", javaHome);
            Found found = findJdk(shell, env);
            assertEquals(newest.toString(), found.jdk(), "JAVA_HOME=" + javaHome);
            assertTrue(found.message().contains("$JAVA_HOME=" + javaHome), found.message());
        }
    }

    @ParameterizedTest(name = "{0}: none >= 21 anywhere: nothing is printed and the message says where it looked")
    @MethodSource("shells")
    void noneFound(Shell shell) throws IOException {
        install(Location.USR_LIB_JVM, "java-17-openjdk", "17.0.9");
        install(Location.LIBRARY_JAVA, "jdk1.8.0_402", "1.8.0_402");
        install(Location.SDKMAN, "11.0.21-tem", "11.0.21");
        Files.createDirectories(root().resolve("usr/lib/jvm/not-a-jdk"));
        Found found = findJdk(shell, env());
        assertEquals("", found.jdk());
        for (String place : List.of("no JDK 21 or newer found", "$JAVA_HOME", "/usr/libexec/java_home -v 21+",
                home() + "/.sdkman/candidates/java/*", "Homebrew", "/Library/Java/JavaVirtualMachines/*",
                "/usr/lib/jvm/*", "point JAVA_HOME at it")) {
            assertTrue(found.message().contains(place), "message names " + place + ": " + found.message());
        }
    }

    @ParameterizedTest(name = "{0}: a caller that needs 22 (MIN_JAVA=22, as benchmarks/soxr.sh) passes over 21 and says so")
    @MethodSource("shells")
    void aCallerMayAskForANewerJdk(Shell shell) throws IOException {
        String needs22 = HARNESS.replace(". \"$1\"\n", ". \"$1\"\nMIN_JAVA=22\n");
        assertTrue(needs22.contains("MIN_JAVA=22"), needs22);
        Path jdk21 = FakeJdk.create(tmp.resolve("jdk-21"), "21.0.5");
        install(Location.SDKMAN, "21.0.5-tem", "21.0.5");
        Map<String, String> env = env();
        env.put("JAVA_HOME", jdk21.toString());
        Found none = findJdk(shell, env, needs22);
        assertEquals("", none.jdk());
        for (String words : List.of("no JDK 22 or newer found", "/usr/libexec/java_home -v 22+",
                "brew install openjdk@25", "apt-get install openjdk-25-jdk-headless", "sdk install java 25-tem")) {
            assertTrue(none.message().contains(words), "message says " + words + ": " + none.message());
        }
        Path jdk23 = install(Location.USR_LIB_JVM, "temurin-23-jdk-amd64", "23.0.1");
        assertEquals(jdk23.toString(), findJdk(shell, env, needs22).jdk());
    }

    @ParameterizedTest(name = "{0}: benchmarks/soxr.sh with no JDK >= 22 stops before building, naming what it needs")
    @MethodSource("shells")
    void soxrScriptNeedsJdk22(Shell shell) throws IOException {
        Files.createDirectories(home());
        Files.createDirectories(root());
        Map<String, String> env = env();
        env.put("JAVA_HOME", FakeJdk.create(tmp.resolve("jdk-21"), "21.0.5").toString());
        Shell.Result result = shell.run(tmp, env, Shell.checkout().resolve("benchmarks/soxr.sh"));
        assertEquals(2, result.status(), shell + ": " + result);
        assertEquals("", result.stdout(), shell + ": nothing on stdout");
        assertTrue(result.stderr().startsWith("soxr.sh: the libsoxr baseline needs JDK 22 or newer"), result.stderr());
        assertTrue(result.stderr().contains("$JAVA_HOME=" + tmp.resolve("jdk-21")), result.stderr());
    }

    @ParameterizedTest(name = "{0}: nothing installed at all (every glob matches nothing, no java_home tool)")
    @MethodSource("shells")
    void nothingInstalled(Shell shell) throws IOException {
        assertEquals("", findJdk(shell, env()).jdk());
    }

    @ParameterizedTest(name = "{0}: a JDK without a release file is asked with java -version")
    @MethodSource("shells")
    void withoutAReleaseFileTheVersionComesFromJava(Shell shell) throws IOException {
        Path jdk22 = FakeJdk.withoutReleaseFile(root().resolve("usr/lib/jvm/jdk-22"), "22.0.1");
        FakeJdk.withoutReleaseFile(root().resolve("usr/lib/jvm/jdk-8"), "1.8.0_402");
        assertEquals(jdk22.toString(), findJdk(shell, env()).jdk());
    }

    @ParameterizedTest(name = "{0}: java_home naming a JDK 17 (it does when it knows no 21+) is not believed")
    @MethodSource("shells")
    void javaHomeToolAnsweringAnOldJdkIsChecked(Shell shell) throws IOException {
        javaHomeTool(FakeJdk.create(tmp.resolve("registered/jdk-17.jdk/Contents/Home"), "17.0.2"));
        assertEquals("", findJdk(shell, env()).jdk());
    }

    @ParameterizedTest(name = "{0}: SDKMAN under a HOME with spaces, and under SDKMAN_DIR")
    @MethodSource("shells")
    void sdkmanFolders(Shell shell) throws IOException {
        Path spacedHome = tmp.resolve("Users/Jane Q Public");
        Path jdk = FakeJdk.create(spacedHome.resolve(".sdkman/candidates/java/21.0.2-zulu"), "21.0.2");
        Map<String, String> env = env();
        env.put("HOME", spacedHome.toString());
        assertEquals(jdk.toString(), findJdk(shell, env).jdk());

        Path custom = FakeJdk.create(tmp.resolve("sdk man/candidates/java/23-tem"), "23");
        env.put("SDKMAN_DIR", tmp.resolve("sdk man").toString());
        assertEquals(custom.toString(), findJdk(shell, env).jdk());
    }
}
