package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Proves which kernels this JVM really runs, so that a silent fallback to scalar cannot pass for a vector run.
 * The build runs the dsp-core tests with {@code --add-modules jdk.incubator.vector} at the machine's width, again
 * with {@code -XX:MaxVectorSize=32} (256-bit) and {@code -XX:MaxVectorSize=16} (128-bit, what ARM64 NEON hosts
 * have), without the module, and with the module but {@code -Dvoxbridge.simd=scalar}. Each execution says what it
 * expects in {@code voxbridge.test.expectedKernels}: {@code scalar}, or {@code host} for the runs with the module,
 * where the expectation is worked out here from the JVM's own facts by the provider's documented rule (the Vector
 * API kernels when the preferred species has at least 8 float lanes, the scalar ones below), so the same build
 * passes on AVX-512, AVX2 and 128-bit hosts and still fails on a fallback the host does not explain.
 * {@code voxbridge.test.maxFloatLanes} lets an execution check that its {@code -XX:MaxVectorSize} took effect.
 */
class KernelSelectionTest {

    /** The provider's documented threshold, restated here rather than read from the class under test. */
    private static final int MIN_FLOAT_LANES_FOR_PANAMA = 8;

    private static boolean hasVectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Float lanes of the JVM's preferred species; call only when the vector module is present. */
    private static int hostFloatLanes() {
        return HostVectors.floatLanes();
    }

    /** Links against the incubator module; loaded only when the module is present. */
    private static final class HostVectors {
        static int floatLanes() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        }
    }

    private static String expectedKernels() {
        String demanded = System.getProperty("voxbridge.test.expectedKernels");
        if ("scalar".equals(demanded)) {
            return "scalar";
        }
        if (demanded != null && !demanded.equals("host")) {
            throw new IllegalArgumentException("voxbridge.test.expectedKernels = " + demanded
                    + " (expected scalar or host)");
        }
        // "host" in the build, or unset (an IDE): derive the expectation from how this JVM was started.
        boolean forcedScalar = "scalar".equals(System.getProperty(VectorizationProvider.SIMD_PROPERTY));
        return hasVectorModule() && !forcedScalar && hostFloatLanes() >= MIN_FLOAT_LANES_FOR_PANAMA
                ? "panama" : "scalar";
    }

    @Test
    void theExpectedKernelsAreInUse() {
        VectorizationProvider provider = VectorizationProvider.getInstance();
        String expected = expectedKernels();
        if ("host".equals(System.getProperty("voxbridge.test.expectedKernels"))) {
            assertThat(hasVectorModule()).as("this execution must start the JVM with --add-modules "
                    + "jdk.incubator.vector").isTrue();
            String maxLanes = System.getProperty("voxbridge.test.maxFloatLanes");
            if (maxLanes != null) {
                assertThat(hostFloatLanes()).as("float lanes under this execution's -XX:MaxVectorSize")
                        .isLessThanOrEqualTo(Integer.parseInt(maxLanes));
            }
        }
        assertThat(provider.name()).as("provider chosen: %s", provider).isEqualTo(expected);
        Class<?> kernels = provider.g711().getClass();
        if (expected.equals("panama")) {
            assertThat(kernels.getSimpleName()).isEqualTo("PanamaG711Kernels");
            assertThat(provider.reason()).contains("jdk.incubator.vector present")
                    .contains(hostFloatLanes() + " float lanes");
        } else {
            assertThat(kernels).isEqualTo(ScalarG711Kernels.class);
            boolean forcedScalar = "scalar".equals(System.getProperty(VectorizationProvider.SIMD_PROPERTY));
            if (forcedScalar) {
                assertThat(provider.reason()).contains("forced by -Dvoxbridge.simd=scalar");
            } else if (!hasVectorModule()) {
                assertThat(provider.reason()).contains("--add-modules jdk.incubator.vector");
            } else {
                // The module is there but the vectors are too narrow (128-bit hosts): the reason says so.
                assertThat(provider.reason()).contains("only " + hostFloatLanes() + " float lanes");
            }
        }
    }

    @Test
    void theChoiceIsMadeOnceAndKept() {
        assertThat(VectorizationProvider.getInstance()).isSameAs(VectorizationProvider.getInstance());
    }

    @Test
    void choosingLogsExactlyOneInfoLineNamingTheChoiceAndTheReason() {
        Logger logger = Logger.getLogger(VectorizationProvider.LOGGER_NAME);
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            VectorizationProvider chosen = VectorizationProvider.choose();
            assertThat(records).hasSize(1);
            LogRecord record = records.get(0);
            assertThat(record.getLevel()).isEqualTo(Level.INFO);
            assertThat(record.getMessage())
                    .doesNotContain("\n")
                    .contains(chosen.name())
                    .contains(chosen.reason());
        } finally {
            logger.removeHandler(capture);
        }
    }
}
