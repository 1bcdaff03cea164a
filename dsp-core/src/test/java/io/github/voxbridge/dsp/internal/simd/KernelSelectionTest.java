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
 * The build runs the dsp-core tests with {@code --add-modules jdk.incubator.vector} (expects "panama"), again with
 * {@code -XX:MaxVectorSize=32} (256-bit vectors, expects "panama"), without the module (expects "scalar"), and with
 * the module but {@code -Dvoxbridge.simd=scalar} (expects "scalar"); each execution says what it expects in
 * {@code voxbridge.test.expectedKernels}.
 */
class KernelSelectionTest {

    private static String expectedKernels() {
        String expected = System.getProperty("voxbridge.test.expectedKernels");
        if (expected != null) {
            return expected;
        }
        // Run outside the build (an IDE): derive the expectation from how this JVM was started.
        boolean forcedScalar = "scalar".equals(System.getProperty(VectorizationProvider.SIMD_PROPERTY));
        boolean hasModule = ModuleLayer.boot().findModule(VectorizationProvider.VECTOR_MODULE).isPresent();
        return hasModule && !forcedScalar ? "panama" : "scalar";
    }

    @Test
    void theExpectedKernelsAreInUse() {
        VectorizationProvider provider = VectorizationProvider.getInstance();
        String expected = expectedKernels();
        assertThat(provider.name()).as("provider chosen: %s", provider).isEqualTo(expected);
        Class<?> kernels = provider.g711().getClass();
        if (expected.equals("panama")) {
            assertThat(kernels.getSimpleName()).isEqualTo("PanamaG711Kernels");
            assertThat(provider.reason()).contains("jdk.incubator.vector present").contains("float lanes");
        } else {
            assertThat(kernels).isEqualTo(ScalarG711Kernels.class);
            boolean hasModule = ModuleLayer.boot().findModule(VectorizationProvider.VECTOR_MODULE).isPresent();
            assertThat(provider.reason()).contains(hasModule ? "forced by -Dvoxbridge.simd=scalar"
                    : "--add-modules jdk.incubator.vector");
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
