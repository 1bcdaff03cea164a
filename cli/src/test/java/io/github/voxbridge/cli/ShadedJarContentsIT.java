package io.github.voxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What {@code package} put into the two cli jars: the runnable one carries our LICENSE and NOTICE and only
 * dependencies the NOTICE covers; the thin main artifact carries the cli's own classes and nothing else, so a
 * project depending on {@code voxbridge-cli} does not get a second copy of Jackson or dsp-core.
 */
class ShadedJarContentsIT {

    /** The repository root: failsafe runs in the cli module's directory. */
    private static final Path ROOT = Path.of("..");

    private static Path shadedJar() {
        Path jar = Path.of(System.getProperty("voxbridge.cli.jar", "target/voxbridge-cli-all.jar"));
        assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar.toAbsolutePath());
        return jar;
    }

    private static byte[] entry(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertNotNull(entry, name + " missing from " + jar.getName());
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** A class file other than a module descriptor (a jar's own, which says nothing about what is bundled). */
    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class");
    }

    @Test
    void carriesTheProjectLicenceAndNoticeNotADependencysOwn() throws IOException {
        try (JarFile jar = new JarFile(shadedJar().toFile())) {
            assertArrayEquals(Files.readAllBytes(ROOT.resolve("LICENSE")), entry(jar, "META-INF/LICENSE"),
                    "META-INF/LICENSE is not the repository's LICENSE");
            assertArrayEquals(Files.readAllBytes(ROOT.resolve("NOTICE")), entry(jar, "META-INF/NOTICE"),
                    "META-INF/NOTICE is not the repository's NOTICE");
            // Licences of code bundled inside jackson-core, which the NOTICE refers to by these names.
            for (String name : List.of("META-INF/FastDoubleParser-LICENSE",
                    "META-INF/FastDoubleParser-ThirdParty-LICENSE", "META-INF/Schubfach-LICENSE")) {
                entry(jar, name);
            }
        }
    }

    @Test
    void bundlesOnlyWhatTheNoticeCovers() throws IOException {
        // Top-level class packages of voxbridge, Jackson, picocli, FreeTTS (com.sun.speech.freetts, its MBROLA
        // classes under de.dfki.lt.freetts), the Polly engine's AWS SDK with SLF4J and Reactive Streams, and the
        // Google engine's auth library with Guava, google-http-client, Gson, OpenCensus and gRPC's Context, and
        // `serve`'s Jetty, Micrometer with the Prometheus client, HdrHistogram and JSpecify; anything else would
        // need a NOTICE entry first.
        List<String> covered = List.of("io/github/voxbridge/", "com/fasterxml/jackson/", "picocli/",
                "com/sun/speech/freetts/", "de/dfki/lt/freetts/", "software/amazon/awssdk/", "org/slf4j/",
                "org/reactivestreams/", "com/google/auth/", "com/google/common/", "com/google/thirdparty/",
                "com/google/api/client/", "com/google/gson/", "io/opencensus/", "io/grpc/", "org/eclipse/jetty/",
                "io/micrometer/", "io/prometheus/metrics/", "org/HdrHistogram/", "org/jspecify/");
        // The JSAPI classes FreeTTS's jar carries under Sun's binary code licence, and the bridge needing them.
        List<String> excluded = List.of("javax/speech/", "com/sun/speech/engine/", "com/sun/speech/freetts/jsapi/");
        try (JarFile jar = new JarFile(shadedJar().toFile())) {
            List<String> classes = jar.stream().map(JarEntry::getName).filter(ShadedJarContentsIT::isClass)
                    .map(name -> name.replaceFirst("^META-INF/versions/\\d+/", "")).toList();
            assertTrue(classes.size() > 1000, classes.size() + " classes: not the shaded jar?");
            for (String name : classes) {
                assertTrue(covered.stream().anyMatch(name::startsWith), name + " is bundled but not in NOTICE");
                assertTrue(excluded.stream().noneMatch(name::startsWith), name + " must not be bundled");
            }
        }
    }

    @Test
    void theMainArtifactHoldsOnlyTheCliClasses() throws IOException {
        Path thin = shadedJar().resolveSibling("voxbridge-cli.jar");
        try (JarFile jar = new JarFile(thin.toFile())) {
            List<String> foreign = jar.stream().map(JarEntry::getName)
                    .filter(name -> isClass(name) && !name.startsWith("io/github/voxbridge/cli/"))
                    .toList();
            assertEquals(List.of(), foreign, "classes in " + thin + " that belong to other artifacts");
            entry(jar, "io/github/voxbridge/cli/VoxbridgeCommand.class");
        }
    }
}
