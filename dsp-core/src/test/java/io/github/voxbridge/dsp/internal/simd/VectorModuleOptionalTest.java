package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vector API stays optional at run time on the module path and on the class path: child JVMs of the test JDK
 * run a small user program ({@code src/test/resources/smoke-app}, module {@code io.github.voxbridge.smoke}, compiled
 * here against dsp-core's classes) that resamples and mu-law encodes, and checks its own results.
 * <ul>
 *   <li>without {@code jdk.incubator.vector} the library resolves and runs the scalar kernels, and logs one INFO
 *       line saying so and why;</li>
 *   <li>with {@code --add-modules jdk.incubator.vector} the provider reaches the Panama classes (on the module path
 *       only because it adds the read edge itself) and chooses by the lane rule: panama with at least
 *       {@value VectorizationProvider#MIN_FLOAT_LANES} float lanes.</li>
 * </ul>
 * The surefire executions of this JVM cover the class path with every kernel choice; this covers what they cannot:
 * dsp-core as a named module.
 */
class VectorModuleOptionalTest {

    private static final String VECTOR_ARGS = "--add-modules=" + VectorizationProvider.VECTOR_MODULE;
    private static final String MAIN_MODULE = "io.github.voxbridge.smoke";
    private static final String MAIN_CLASS = "io.github.voxbridge.smoke.SmokeMain";
    /** The one log line of {@link VectorizationProvider#choose()}, as it reads after the logger's level prefix. */
    private static final Pattern CHOICE = Pattern.compile("voxbridge SIMD: using (\\w+) kernels: (.*)");
    private static final Pattern LANES = Pattern.compile("(\\d+) float lanes");

    @TempDir
    static Path work;
    private static Path dspClasses;
    private static Path smokeClasses;

    @BeforeAll
    static void compileTheSmokeApplication() throws Exception {
        dspClasses = Path.of(VectorizationProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(dspClasses.resolve("module-info.class")).as("dsp-core's compiled descriptor").exists();
        Path sources = Path.of(VectorModuleOptionalTest.class.getResource("/smoke-app/module-info.java").toURI())
                .getParent();
        smokeClasses = work.resolve("smoke-classes");
        List<String> args = new ArrayList<>(List.of("--release", "21", "-Xlint:all", "-Werror",
                "--module-path", dspClasses.toString(), "-d", smokeClasses.toString()));
        try (var files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        StringWriter log = new StringWriter();
        int status = javac.run(new PrintWriter(log, true), new PrintWriter(log, true), args.toArray(String[]::new));
        assertThat(status).as("javac %s:%n%s", args, log).isZero();
    }

    @Test
    void onTheModulePathWithoutTheVectorModuleTheScalarKernelsRun() throws Exception {
        Run run = java("--module-path", modulePath(), "--module", MAIN_MODULE + "/" + MAIN_CLASS);
        run.assertSmokePassedWithLibraryModule("io.github.voxbridge.dsp");
        run.assertScalarBecauseTheModuleIsMissing();
    }

    @Test
    void onTheModulePathWithTheVectorModuleThePanamaProviderLoads() throws Exception {
        Run run = java(VECTOR_ARGS, "--module-path", modulePath(), "--module", MAIN_MODULE + "/" + MAIN_CLASS);
        run.assertSmokePassedWithLibraryModule("io.github.voxbridge.dsp");
        run.assertChoiceFollowsTheLaneRule();
    }

    @Test
    void onTheClassPathWithoutTheVectorModuleTheScalarKernelsRun() throws Exception {
        Run run = java("--class-path", modulePath(), MAIN_CLASS);
        run.assertSmokePassedWithLibraryModule("null");
        run.assertScalarBecauseTheModuleIsMissing();
    }

    @Test
    void onTheClassPathWithTheVectorModuleThePanamaProviderLoads() throws Exception {
        Run run = java(VECTOR_ARGS, "--class-path", modulePath(), MAIN_CLASS);
        run.assertSmokePassedWithLibraryModule("null");
        run.assertChoiceFollowsTheLaneRule();
    }

    /** dsp-core's classes and the smoke application: the module path, or the class path (descriptors ignored). */
    private static String modulePath() {
        return dspClasses + File.pathSeparator + smokeClasses;
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        String exe = System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java";
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", exe).toString());
        // English level names in the log ("INFO"), whatever the machine's locale.
        command.add("-Duser.language=en");
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "stdout", ".txt");
        Path err = Files.createTempFile(work, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Options from the environment would change what is being tested (e.g. add the vector module).
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        // A guard against a hung child, not a speed requirement: the program takes well under a second.
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + command);
        }
        return new Run(command, process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(List<String> command, int status, String stdout, String stderr) {

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + status + "\nstdout:\n" + stdout + "stderr:\n" + stderr;
        }

        void assertSmokePassedWithLibraryModule(String module) {
            assertThat(status).as("exit status of %s", this).isZero();
            assertThat(stdout.lines().toList()).as("%s", this)
                    .contains("library module: " + module)
                    .anyMatch(line -> line.startsWith("smoke ok: 800 samples resampled 48000 -> 8000 Hz"));
        }

        /** The provider's one log line: exactly one line names the choice; it is at INFO. */
        Matcher choice() {
            List<String> lines = stderr.lines().filter(line -> line.contains("voxbridge SIMD:")).toList();
            assertThat(lines).as("SIMD log lines of %s", this).hasSize(1);
            assertThat(lines.get(0)).as("%s", this).startsWith("INFO: ");
            Matcher m = CHOICE.matcher(lines.get(0));
            assertThat(m.find()).as("choice in %s", lines.get(0)).isTrue();
            return m;
        }

        void assertScalarBecauseTheModuleIsMissing() {
            Matcher m = choice();
            assertThat(m.group(1)).as("%s", this).isEqualTo("scalar");
            assertThat(m.group(2)).as("%s", this)
                    .contains("jdk.incubator.vector is not in the boot layer")
                    .contains("--add-modules jdk.incubator.vector");
        }

        /**
         * The Panama provider was loaded and measured the hardware (its lane count is in the reason, which a
         * failed load cannot produce), and the choice follows from that count.
         */
        void assertChoiceFollowsTheLaneRule() {
            Matcher m = choice();
            Matcher lanes = LANES.matcher(m.group(2));
            assertThat(lanes.find()).as("lane count in the reason of %s", this).isTrue();
            int floatLanes = Integer.parseInt(lanes.group(1));
            if (floatLanes >= VectorizationProvider.MIN_FLOAT_LANES) {
                assertThat(m.group(1)).as("%s", this).isEqualTo("panama");
                assertThat(m.group(2)).as("%s", this).contains("jdk.incubator.vector present");
            } else {
                assertThat(m.group(1)).as("%s", this).isEqualTo("scalar");
                assertThat(m.group(2)).as("%s", this).contains("has only " + floatLanes + " float lanes");
            }
        }
    }
}
