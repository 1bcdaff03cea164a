package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineRequirementTest {

    @TempDir
    Path dir;

    @Test
    void anEnvironmentVariableIsMetWhenSetAndNotBlankAndItsValueIsNotKept() {
        Map<String, String> env = Map.of("KEY_SET", "sk-secret-123", "KEY_BLANK", "  ");
        EngineRequirement set = EngineRequirement.environment("KEY_SET", "-E api-key=...", env::get);
        assertThat(set).isEqualTo(new EngineRequirement("KEY_SET", true, "set"));
        assertThat(set.toString()).doesNotContain("sk-secret-123");
        assertThat(EngineRequirement.environment("KEY_BLANK", "-E api-key=...", env::get))
                .isEqualTo(new EngineRequirement("KEY_BLANK", false,
                        "not set: export KEY_BLANK=... or -E api-key=..."));
        assertThat(EngineRequirement.environment("KEY_ABSENT", "", env::get).detail())
                .isEqualTo("not set: export KEY_ABSENT=...");
    }

    @Test
    void anExecutableIsFoundOnTheSearchPathInOrderOrByItsPath() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Path notExecutable = Files.writeString(first.resolve("tool"), "#!/bin/sh\n");
        Path executable = Files.writeString(second.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        String path = String.join(File.pathSeparator, "", first.toString(), second.toString());

        assertThat(EngineRequirement.executable("tool", "install tool", path))
                .isEqualTo(new EngineRequirement("tool", true, executable.toString()));
        assertThat(EngineRequirement.executable("other", "apt-get install other", path))
                .isEqualTo(new EngineRequirement("other", false, "not found on the PATH: apt-get install other"));
        assertThat(EngineRequirement.findExecutable("tool", null)).isNull();
        assertThat(EngineRequirement.findExecutable(executable.toString(), null)).isEqualTo(executable);
        assertThat(EngineRequirement.findExecutable(notExecutable.toString(), path)).isNull();
    }

    @Test
    void aFileIsMetWhenItExists() throws Exception {
        Path model = Files.writeString(dir.resolve("voice.onnx"), "x");
        assertThat(EngineRequirement.file("model", model)).isEqualTo(new EngineRequirement("model", true,
                model.toString()));
        assertThat(EngineRequirement.file("model", dir.resolve("none.onnx")).detail())
                .isEqualTo("no file " + dir.resolve("none.onnx"));
    }

    @Test
    void aProviderNeedsNothingUnlessItSaysSo() {
        assertThat(TtsEngines.providers().get("prerecorded").requirements()).isEmpty();
    }

    @Test
    void aRetryDelayIsCarriedWhenGivenAndNeverNegative() {
        TtsException limited = new TtsException(TtsException.Kind.RATE_LIMITED, "openai", "slow down", null,
                Duration.ofSeconds(20));
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(20));
        assertThat(new TtsException(TtsException.Kind.UNAVAILABLE, "openai", "down").retryAfter()).isEmpty();
        assertThatThrownBy(() -> new TtsException(TtsException.Kind.RATE_LIMITED, "openai", "x", null,
                Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryAfter is negative: PT-0.001S");
    }
}
