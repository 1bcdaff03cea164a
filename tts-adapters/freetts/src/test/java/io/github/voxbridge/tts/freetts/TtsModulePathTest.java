package io.github.voxbridge.tts.freetts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.speech.freetts.Voice;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.TtsEngines;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors work: a child JVM runs a user module ({@code src/test/resources/module-path-app}) that
 * requires only the TTS API, with dsp-core, the API, this module and the FreeTTS jar all on the module path. Service
 * binding resolves this module (it {@code provides} what the API {@code uses}; the {@code META-INF/services} file is
 * not read for a named module), and FreeTTS, the automatic module {@code freetts}, resolves and speaks. The rest of
 * the suite runs on the class path.
 */
class TtsModulePathTest {

    @TempDir
    Path work;

    private static Path locationOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void freeTtsSpeaksOnTheModulePath() throws Exception {
        Path freetts = locationOf(Voice.class);
        assertThat(freetts.getFileName().toString()).as("FreeTTS jar, named after which its automatic module is")
                .startsWith("freetts-");
        String modulePath = String.join(File.pathSeparator, locationOf(SampleEncoding.class).toString(),
                locationOf(TtsEngines.class).toString(), locationOf(FreeTtsEngine.class).toString(),
                freetts.toString());

        Path sources = Path.of(TtsModulePathTest.class.getResource("/module-path-app/module-info.java").toURI())
                .getParent();
        Path classes = work.resolve("app");
        List<String> javacArgs = new ArrayList<>(List.of("--release", "21", "--module-path", modulePath,
                "-d", classes.toString()));
        try (var files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> javacArgs.add(f.toString()));
        }
        StringWriter log = new StringWriter();
        int compiled = ToolProvider.findFirst("javac").orElseThrow()
                .run(new PrintWriter(log, true), new PrintWriter(log, true), javacArgs.toArray(String[]::new));
        assertThat(compiled).as("javac %s:%n%s", javacArgs, log).isZero();

        String exe = System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java";
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", exe).toString(),
                "--module-path", modulePath + File.pathSeparator + classes,
                "--module", "io.github.voxbridge.ttsapp/io.github.voxbridge.ttsapp.SpeakMain");
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        // A guard against a hung child, not a speed requirement.
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + command);
        }
        String report = String.join(" ", command) + "\nexit " + process.exitValue() + "\nstdout:\n"
                + Files.readString(out) + "stderr:\n" + Files.readString(err);
        assertThat(process.exitValue()).as(report).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).as(report).contains("tts module: io.github.voxbridge.tts", "engines: freetts, prerecorded",
                "format: s16be mono 16000 Hz");
        String seconds = lines.stream().filter(l -> l.startsWith("seconds: ")).findFirst().orElseThrow()
                .substring("seconds: ".length());
        assertThat(Double.parseDouble(seconds)).as("seconds of speech; %s", report).isGreaterThan(0.5);
    }
}
