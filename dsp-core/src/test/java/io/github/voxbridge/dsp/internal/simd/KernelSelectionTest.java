package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Each surefire execution of dsp-core says which kernels it expects ({@code voxbridge.test.expectedKernels}); this
 * fails if the provider fell back silently, so a scalar run cannot pass for a vector one.
 */
class KernelSelectionTest {

    @Test
    void theExpectedKernelsRan() {
        String expected = System.getProperty("voxbridge.test.expectedKernels");
        assumeTrue(expected != null, "run outside surefire: no expectation set");
        VectorizationProvider provider = VectorizationProvider.getInstance();
        assertThat(provider.name()).as("provider chosen: %s", provider).isEqualTo(expected);
    }
}
