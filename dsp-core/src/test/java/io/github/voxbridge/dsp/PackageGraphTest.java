package io.github.voxbridge.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dsp-core's packages depend on each other in one direction only, read from the compiled classes by jdeps: no
 * cycle (such as the old {@code pcm -> codec -> pcm.Pcm16}), the kernels ({@code internal.simd}) depend on no
 * other dsp-core package, and only the {@code Panama*} kernel classes refer to {@code jdk.incubator.vector}.
 */
class PackageGraphTest {

    private static final String DSP = "io.github.voxbridge.dsp";
    private static final String KERNELS = DSP + ".internal.simd";

    private static PackageGraph graph;

    @BeforeAll
    static void readTheCompiledClasses() throws URISyntaxException {
        Path classes = Path.of(MuLaw.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        graph = PackageGraph.ofClasses(classes);
    }

    /** Guards the tests below against passing on an empty or misread graph. */
    @Test
    void theGraphHasTheDependenciesTheSourcesShow() {
        Map<String, Set<String>> packages = graph.packageEdges(DSP);
        assertThat(packages).as("packages of %s read by jdeps", DSP)
                .containsKeys(DSP + ".codec", DSP + ".pcm", DSP + ".resample", KERNELS);
        assertThat(packages.get(DSP + ".codec")).as("codec").contains(KERNELS);
        assertThat(packages.get(DSP + ".pcm")).as("pcm").contains(DSP + ".codec");
        assertThat(packages.get(DSP + ".resample")).as("resample").contains(DSP + ".pcm", KERNELS);
        assertThat(graph.classesReferring("jdk.incubator.vector.")).as("classes using the Vector API").isNotEmpty();
    }

    @Test
    void thePackagesFormNoCycle() {
        Map<String, Set<String>> packages = graph.packageEdges(DSP);
        Optional<List<String>> cycle = PackageGraph.findCycle(packages);
        assertThat(cycle).as("package cycle in dsp-core (package graph: %s)", packages).isEmpty();
    }

    @Test
    void theKernelsDependOnNoOtherDspPackage() {
        assertThat(graph.packageEdges(DSP).get(KERNELS)).as("dsp-core packages %s depends on", KERNELS).isEmpty();
    }

    @Test
    void onlyThePanamaKernelClassesReferToTheIncubatorModule() {
        for (String user : graph.classesReferring("jdk.incubator.vector.")) {
            assertThat(PackageGraph.packageOf(user)).as("package of %s", user).isEqualTo(KERNELS);
            assertThat(user.substring(KERNELS.length() + 1)).as("%s refers to jdk.incubator.vector", user)
                    .startsWith("Panama");
        }
    }

    /** The cycle finder itself: finds a direct and a longer cycle, names it, and accepts a layered graph. */
    @Test
    void theCycleFinderFindsCyclesAndOnlyCycles() {
        assertFindsCycleThrough(Map.of("pcm", Set.of("codec"), "codec", Set.of("pcm")), "pcm", "codec");
        assertFindsCycleThrough(Map.of(
                "resample", Set.of("pcm"), "pcm", Set.of("codec"), "codec", Set.of("simd"), "simd", Set.of("pcm")),
                "pcm", "codec", "simd");
        assertFindsCycleThrough(Map.of("a", Set.of("a")), "a");
        assertThat(PackageGraph.findCycle(Map.of(
                "resample", Set.of("pcm", "codec", "simd"), "pcm", Set.of("codec", "simd"), "codec", Set.of("simd"),
                "simd", Set.of()))).isEmpty();
    }

    /** The cycle found visits exactly {@code nodes}, each once, along edges of the graph, back to its start. */
    private static void assertFindsCycleThrough(Map<String, Set<String>> graph, String... nodes) {
        Optional<List<String>> found = PackageGraph.findCycle(graph);
        assertThat(found).as("cycle through %s in %s", List.of(nodes), graph).isPresent();
        List<String> cycle = found.get();
        assertThat(cycle).as("cycle %s", cycle).hasSize(nodes.length + 1).endsWith(cycle.get(0));
        assertThat(cycle.subList(0, nodes.length)).as("cycle %s", cycle).containsExactlyInAnyOrder(nodes);
        for (int i = 0; i < nodes.length; i++) {
            assertThat(graph.get(cycle.get(i))).as("edge %s -> %s of cycle %s", cycle.get(i), cycle.get(i + 1), cycle)
                    .contains(cycle.get(i + 1));
        }
    }

    /** The parser reads jdeps' class lines and ignores its module and summary lines. */
    @Test
    void theParserReadsJdepsClassLines() {
        String output = """
                io.github.voxbridge.dsp
                 [file:///x/target/classes/]
                   requires mandated java.base (@25)
                io.github.voxbridge.dsp -> java.base
                   io.github.voxbridge.dsp.codec.ALaw                 -> io.github.voxbridge.dsp.internal.simd.G711Kernels io.github.voxbridge.dsp
                   io.github.voxbridge.dsp.codec.ALaw                 -> java.lang.Object                                   java.base
                   io.github.voxbridge.dsp.pcm.Pcm16                  -> io.github.voxbridge.dsp.internal.simd.Pcm16Conversion io.github.voxbridge.dsp
                """;
        PackageGraph parsed = PackageGraph.parse(output);
        assertThat(parsed.classEdges()).containsOnlyKeys(DSP + ".codec.ALaw", DSP + ".pcm.Pcm16");
        assertThat(parsed.classEdges().get(DSP + ".codec.ALaw"))
                .containsExactlyInAnyOrder(KERNELS + ".G711Kernels", "java.lang.Object");
        assertThat(parsed.packageEdges(DSP)).isEqualTo(Map.of(
                DSP + ".codec", Set.of(KERNELS), DSP + ".pcm", Set.of(KERNELS)));
    }
}
