package io.github.voxbridge.cli.scripts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A folder that looks like a JDK to the launcher scripts: {@code bin/java}, a shell stub that prints its arguments
 * one per line (so a test sees the exact command line the launcher built) and answers {@code -version} like a real
 * JDK, and, unless left out, a {@code release} file with {@code JAVA_VERSION}, as every JDK since 9 has.
 */
final class FakeJdk {

    private FakeJdk() {
    }

    /** A JDK of {@code version} (e.g. {@code "21.0.2"}) with a release file. */
    static Path create(Path home, String version) {
        return create(home, version, true);
    }

    /** The same without a release file: its version is only known from {@code java -version}. */
    static Path withoutReleaseFile(Path home, String version) {
        return create(home, version, false);
    }

    private static Path create(Path home, String version, boolean releaseFile) {
        try {
            Files.createDirectories(home.resolve("bin"));
            Path java = home.resolve("bin/java");
            Files.writeString(java, """
                    #!/bin/sh
                    if [ "$1" = "-version" ]; then
                      echo 'openjdk version "%s" 2024-01-16' >&2
                      exit 0
                    fi
                    for arg in "$@"; do
                      printf '%%s\\n' "$arg"
                    done
                    """.formatted(version));
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (releaseFile) {
                Files.writeString(home.resolve("release"), """
                        IMPLEMENTOR="Fake"
                        JAVA_RUNTIME_VERSION="%s+7"
                        JAVA_VERSION="%s"
                        JAVA_VERSION_DATE="2024-01-16"
                        """.formatted(version, version));
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
