package io.github.voxbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptor works: a child JVM runs a user module ({@code src/test/resources/module-path-app}) with
 * dsp-core, the TTS API (no engine), this module and Jackson's three modules on the module path, and parses and
 * writes Twilio messages (Jackson's tree model and generator, with no package of ours opened to it). The rest of the
 * suite runs on the class path.
 */
class TwilioModulePathTest {

    @TempDir
    Path work;

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCodecWorksOnTheModulePath() throws Exception {
        String modulePath = Stream.of(SampleEncoding.class, TtsEngines.class, TwilioCodec.class,
                        JsonFactory.class, ObjectMapper.class, JsonProperty.class)
                .map(TwilioModulePathTest::locationOf)
                .collect(Collectors.joining(File.pathSeparator));

        Path sources = Path.of(TwilioModulePathTest.class.getResource("/module-path-app/module-info.java").toURI())
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
                "--module", "io.github.voxbridge.twilioapp/io.github.voxbridge.twilioapp.CodecMain");
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
        assertThat(lines).as(report).contains(
                "twilio module: io.github.voxbridge.twilio",
                "parsed: Connected[protocol=Call, version=1.0.0]",
                "round trip: equal");
        // FF 7F 00 12 in base64.
        assertThat(lines).as(report).anyMatch(l -> l.startsWith("written: ") && l.contains("\"/38AEg==\""));
    }
}
