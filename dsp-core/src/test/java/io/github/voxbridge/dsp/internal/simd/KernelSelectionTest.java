package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Proves which kernels this JVM really runs, so that a silent fallback to scalar cannot pass for a vector run.
 *
 * <p>The expectation is worked out without asking the provider: from how the JVM was started (is
 * {@code jdk.incubator.vector} in the boot layer, is {@code -Dvoxbridge.simd=scalar} set) and from the JIT's
 * vector width, the HotSpot flag {@code MaxVectorSize} (bytes; the ergonomic value of the host's widest vectors,
 * or what {@code -XX:MaxVectorSize} set). The Vector API kernels are expected when the module is there, scalar is
 * not forced, and the vectors hold at least 8 floats (the provider's documented rule, restated here). Each surefire
 * execution also states what it must get in {@code voxbridge.test.expectedKernels}: {@code scalar}, or {@code host}
 * for the runs with the module, which must then really have it and get what this host's width implies (so the
 * same build passes on AVX-512, AVX2 and 128-bit ARM hosts and still fails on a fallback the host does not
 * explain); {@code voxbridge.test.maxFloatLanes} checks that the execution's {@code -XX:MaxVectorSize} took
 * effect. The build runs the dsp-core tests with the module at the host's width, at 256 bits
 * ({@code -XX:MaxVectorSize=32}) and at 128 bits ({@code -XX:MaxVectorSize=16}), without the module, and with the
 * module but {@code -Dvoxbridge.simd=scalar}.
 */
class KernelSelectionTest {

    private static final String PANAMA_G711 = "io.github.voxbridge.dsp.internal.simd.PanamaG711Kernels";
    private static final String PANAMA_RESAMPLE = "io.github.voxbridge.dsp.internal.simd.PanamaResampleKernels";

    private static boolean hasVectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static boolean scalarForced() {
        return "scalar".equals(System.getProperty("voxbridge.simd"));
    }

    /** The JIT's widest vector in bits, from the VM flag; the Vector API's preferred species cannot exceed it. */
    private static int jitVectorBits() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return 8 * Integer.parseInt(hotSpot.getVMOption("MaxVectorSize").getValue());
    }

    /** "panama" or "scalar", derived from the JVM's start-up and its vector width only. */
    private static String derivedKernels() {
        return hasVectorModule() && !scalarForced() && jitVectorBits() / Float.SIZE >= 8 ? "panama" : "scalar";
    }

    @Test
    void theExecutionGetsTheKernelsItDeclares() {
        String declared = System.getProperty("voxbridge.test.expectedKernels");
        if (declared != null) {
            // Run by the build: the execution's declaration and the JVM's start-up must tell the same story.
            if (declared.equals("host")) {
                assertThat(hasVectorModule()).as("this execution must start the JVM with --add-modules "
                        + "jdk.incubator.vector").isTrue();
            } else {
                assertThat(declared).as("voxbridge.test.expectedKernels (scalar or host)").isEqualTo("scalar");
                assertThat(derivedKernels()).as("kernels implied by module %s, voxbridge.simd=%s, MaxVectorSize %d"
                        + " bits", hasVectorModule(), System.getProperty("voxbridge.simd"), jitVectorBits())
                        .isEqualTo("scalar");
            }
        }
        String maxLanes = System.getProperty("voxbridge.test.maxFloatLanes");
        if (maxLanes != null) {
            assertThat(jitVectorBits() / Float.SIZE).as("float lanes under this execution's -XX:MaxVectorSize")
                    .isLessThanOrEqualTo(Integer.parseInt(maxLanes));
        }
    }

    @Test
    void theProviderChoseTheDerivedKernels() {
        VectorizationProvider provider = VectorizationProvider.getInstance();
        String expected = derivedKernels();
        assertThat(provider.name()).as("provider chosen: %s", provider).isEqualTo(expected);
        if (expected.equals("panama")) {
            assertThat(provider.g711().getClass().getName()).isEqualTo(PANAMA_G711);
            assertThat(provider.resample().getClass().getName()).isEqualTo(PANAMA_RESAMPLE);
            int bits = jitVectorBits();
            assertThat(provider.reason()).contains("jdk.incubator.vector present")
                    .contains(bits + "-bit (" + bits / Float.SIZE + " float lanes)");
        } else {
            assertThat(provider.g711()).isSameAs(ScalarG711Kernels.INSTANCE);
            assertThat(provider.resample()).isSameAs(ScalarResampleKernels.INSTANCE);
            String why = !hasVectorModule() ? "--add-modules jdk.incubator.vector"
                    : scalarForced() ? "forced by -Dvoxbridge.simd=scalar"
                    : "only " + jitVectorBits() / Float.SIZE + " float lanes";
            assertThat(provider.reason()).contains(why);
        }
    }

    /**
     * The public classes hold the kernels of the derived choice (read from their private fields, not from the
     * provider), so that the codecs and the resampler really run what the execution claims.
     */
    @Test
    void theCodecsAndTheResamplerUseTheDerivedKernels() throws ReflectiveOperationException {
        boolean panama = derivedKernels().equals("panama");
        String g711 = panama ? PANAMA_G711 : ScalarG711Kernels.class.getName();
        String resample = panama ? PANAMA_RESAMPLE : ScalarResampleKernels.class.getName();
        assertThat(kernelsField(MuLaw.class).getClass().getName()).as("MuLaw kernels").isEqualTo(g711);
        assertThat(kernelsField(ALaw.class).getClass().getName()).as("ALaw kernels").isEqualTo(g711);
        assertThat(kernelsField(PolyphaseResampler.class).getClass().getName()).as("PolyphaseResampler kernels")
                .isEqualTo(resample);
    }

    private static Object kernelsField(Class<?> owner) throws ReflectiveOperationException {
        var field = owner.getDeclaredField("KERNELS");
        field.setAccessible(true);
        return field.get(null);
    }

    /** Choosing again in the same JVM gives the same kind of provider for the same reason: the choice is stable. */
    @Test
    void choosingAgainGivesTheSameChoice() {
        VectorizationProvider kept = VectorizationProvider.getInstance();
        VectorizationProvider again = VectorizationProvider.choose();
        assertThat(again).isNotSameAs(kept);
        assertThat(again.getClass()).isEqualTo(kept.getClass());
        assertThat(again.name()).isEqualTo(kept.name());
        assertThat(again.reason()).isEqualTo(kept.reason());
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
