package io.github.voxbridge.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled descriptor of {@code io.github.voxbridge.dsp}: it exports the API packages and nothing else, and
 * requires nothing but {@code java.base}, in particular not {@code jdk.incubator.vector} in any form (a
 * {@code requires} would make the incubator module mandatory for every user).
 */
class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor() throws URISyntaxException {
        Path classes = Path.of(MuLaw.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(classes).findAll().stream()
                .map(reference -> reference.descriptor())
                .filter(d -> !d.isAutomatic())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no module-info.class in " + classes));
    }

    @Test
    void itIsTheDspModule() throws URISyntaxException {
        ModuleDescriptor d = descriptor();
        assertThat(d.name()).isEqualTo("io.github.voxbridge.dsp");
        assertThat(d.isOpen()).as("open module").isFalse();
        assertThat(d.packages()).contains("io.github.voxbridge.dsp.internal.simd");
    }

    @Test
    void itExportsTheApiPackagesOnlyAndToEveryone() throws URISyntaxException {
        ModuleDescriptor d = descriptor();
        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).as("qualified export %s", e).isFalse());
        assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("io.github.voxbridge.dsp.codec", "io.github.voxbridge.dsp.pcm",
                        "io.github.voxbridge.dsp.resample");
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void itRequiresOnlyJavaBase() throws URISyntaxException {
        ModuleDescriptor d = descriptor();
        assertThat(d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
                .containsExactly("java.base");
        assertThat(d.uses()).isEmpty();
        assertThat(d.provides()).isEmpty();
    }
}
