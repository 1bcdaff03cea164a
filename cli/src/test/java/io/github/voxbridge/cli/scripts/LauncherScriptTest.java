package io.github.voxbridge.cli.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code ./voxbridge} launcher, run by each {@link Shell} from a copy of the checkout whose command-line jar is
 * up to date (so nothing is built) with a fake JDK whose {@code java} prints its arguments: the command line it
 * builds, with and without extra JVM options (without is the empty array that bash 3.2 under {@code set -u} calls
 * unbound), through symlinks (macOS before 12.3 has no {@code readlink -f}), and its message when there is no JDK.
 */
class LauncherScriptTest {

    @TempDir
    Path tmp;

    static Stream<Shell> shells() {
        return Shell.all();
    }

    /** A copy of the launcher and find-jdk.sh in a checkout whose sources are older than its jar. */
    private Path checkout() throws IOException {
        Path real = Shell.checkout();
        Path copy = tmp.resolve("check out");
        Files.createDirectories(copy.resolve("scripts"));
        Files.copy(real.resolve("voxbridge"), copy.resolve("voxbridge"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(real.resolve("scripts/find-jdk.sh"), copy.resolve("scripts/find-jdk.sh"));
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.writeString(copy.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(copy.resolve("pom.xml"), old);
        for (String module : List.of("cli", "dsp-core", "tts-adapters/api", "tts-adapters/freetts", "twilio-frames",
                "twilio-server", "twilio-testkit")) {
            Path src = Files.createDirectories(copy.resolve(module + "/src"));
            Files.writeString(copy.resolve(module + "/pom.xml"), "<project/>");
            Files.setLastModifiedTime(src, old);
            Files.setLastModifiedTime(copy.resolve(module + "/pom.xml"), old);
        }
        Path jar = Files.createDirectories(copy.resolve("cli/target")).resolve("voxbridge-cli-all.jar");
        Files.write(jar, new byte[0]);
        return copy.toRealPath();
    }

    /** What the fake java received, for a launcher in {@code root} given {@code extra} JVM options. */
    private static List<String> expectedCommand(Path root, List<String> extra, String... args) {
        return expectedCommand(root, List.of("-XX:+UseSerialGC"), extra, args);
    }

    /** The java command line: the launcher's options, its collector's ({@code gc}), the user's extra ones last. */
    private static List<String> expectedCommand(Path root, List<String> gc, List<String> extra, String... args) {
        List<String> expected = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
        expected.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:cds*=off:stderr",
                "-XX:SharedArchiveFile=" + root.resolve("cli/target/voxbridge.jsa"), "-XX:+AutoCreateSharedArchive"));
        expected.addAll(gc);
        expected.addAll(extra);
        expected.addAll(List.of("-jar", root.resolve("cli/target/voxbridge-cli-all.jar").toString()));
        expected.addAll(List.of(args));
        return expected;
    }

    private Map<String, String> withJdk() {
        return Map.of("HOME", tmp.toString(), "VOXBRIDGE_JDK_SEARCH_ROOT", tmp.resolve("empty root").toString(),
                "JAVA_HOME", FakeJdk.create(tmp.resolve("jdk-21"), "21.0.2").toString());
    }

    @ParameterizedTest(name = "{0}: runs the jar with the vector module and the arguments, no extra options")
    @MethodSource("shells")
    void runsTheJarWithNoExtraOptions(Shell shell) throws IOException {
        Path root = checkout();
        Shell.Result result = shell.run(tmp, withJdk(), root.resolve("voxbridge"), "speak", "Hello,  world", "");
        assertEquals(0, result.status(), shell + ": " + result);
        assertEquals(expectedCommand(root, List.of(), "speak", "Hello,  world", ""), result.lines());
        assertEquals("", result.stderr());
    }

    @ParameterizedTest(name = "{0}: serve and simulate run on G1 with a fixed, touched heap; serve with a small young"
            + " generation; VOXBRIDGE_JAVA_OPTS after them")
    @MethodSource("shells")
    void serveAndSimulateHaveTheirCollectorSettings(Shell shell) throws IOException {
        Path root = checkout();
        Map<String, String> env = new HashMap<>(withJdk());
        env.put("VOXBRIDGE_JAVA_OPTS", "-Xlog:gc:file=gc.log");
        List<String> g1 = List.of("-XX:+UseG1GC", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");
        List<String> serve = new ArrayList<>(g1);
        serve.addAll(List.of("-Xmn64m", "-XX:MaxTenuringThreshold=1"));
        Shell.Result served = shell.run(tmp, env, root.resolve("voxbridge"), "serve", "--port", "0");
        assertEquals(0, served.status(), shell + ": " + served);
        assertEquals(expectedCommand(root, serve, List.of("-Xlog:gc:file=gc.log"), "serve", "--port", "0"),
                served.lines());
        env.put("VOXBRIDGE_SERVE_HEAP", "2g");
        Shell.Result simulated = shell.run(tmp, env, root.resolve("voxbridge"), "simulate", "--calls", "2");
        assertEquals(0, simulated.status(), shell + ": " + simulated);
        assertEquals(expectedCommand(root, List.of("-XX:+UseG1GC", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"),
                List.of("-Xlog:gc:file=gc.log"), "simulate", "--calls", "2"), simulated.lines());
    }

    @ParameterizedTest(name = "{0}: VOXBRIDGE_JAVA_OPTS go before the jar, after the launcher's own, split on spaces")
    @MethodSource("shells")
    void extraJvmOptions(Shell shell) throws IOException {
        Path root = checkout();
        Map<String, String> env = new HashMap<>(withJdk());
        env.put("VOXBRIDGE_JAVA_OPTS", "-Dvoxbridge.simd=scalar  -Xmx64m");
        Shell.Result result = shell.run(tmp, env, root.resolve("voxbridge"), "--version");
        assertEquals(0, result.status(), shell + ": " + result);
        assertEquals(expectedCommand(root, List.of("-Dvoxbridge.simd=scalar", "-Xmx64m"), "--version"),
                result.lines());
    }

    @ParameterizedTest(name = "{0}: started through an absolute and a relative symlink, it finds its checkout")
    @MethodSource("shells")
    void throughSymlinks(Shell shell) throws IOException {
        Path root = checkout();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path absolute = Files.createSymbolicLink(bin.resolve("voxbridge"), root.resolve("voxbridge"));
        // A chain: relative link -> absolute link -> the script.
        Path relative = Files.createSymbolicLink(tmp.resolve("vb"), tmp.relativize(absolute));
        for (Path link : List.of(absolute, relative)) {
            Shell.Result result = shell.run(tmp, withJdk(), link, "decode");
            assertEquals(0, result.status(), shell + " via " + link + ": " + result);
            assertEquals(expectedCommand(root, List.of(), "decode"), result.lines(), "via " + link);
        }
    }

    @ParameterizedTest(name = "{0}: no JDK 21+: exit status 1 and the message on stderr, nothing on stdout")
    @MethodSource("shells")
    void noJdk(Shell shell) throws IOException {
        Path root = checkout();
        Map<String, String> env = Map.of("HOME", tmp.toString(),
                "VOXBRIDGE_JDK_SEARCH_ROOT", tmp.resolve("empty root").toString(),
                "JAVA_HOME", FakeJdk.create(tmp.resolve("jdk-17"), "17.0.9").toString());
        Shell.Result result = shell.run(tmp, env, root.resolve("voxbridge"), "--help");
        assertEquals(1, result.status(), shell + ": " + result);
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith("voxbridge: no JDK 21 or newer found (looked at $JAVA_HOME="
                + tmp.resolve("jdk-17")), result.stderr());
    }
}
