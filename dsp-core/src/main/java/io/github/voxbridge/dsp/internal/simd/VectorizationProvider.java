package io.github.voxbridge.dsp.internal.simd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses, once per JVM, between the Vector API ("panama") kernels and the portable scalar kernels.
 *
 * <p>The Vector API is used when all of these hold:
 * <ul>
 *   <li>the system property {@value #SIMD_PROPERTY} is unset or {@code auto} ({@code scalar} forces the
 *       scalar kernels; {@code panama} is accepted as an explicit request and behaves like {@code auto});</li>
 *   <li>the module {@code jdk.incubator.vector} is in this module's layer or the boot layer (the JVM was started
 *       with {@code --add-modules jdk.incubator.vector});</li>
 *   <li>the preferred species has at least 8 float lanes: 256-bit vectors or wider (AVX2, AVX-512, SVE of
 *       256 bits or more).</li>
 * </ul>
 *
 * <p><b>128-bit hosts</b> (ARM64 NEON, i.e. Apple silicon, Ampere and Graviton4 servers; x86 without AVX or run
 * with {@code -XX:MaxVectorSize=16}) get the scalar kernels, deliberately, for two reasons measured with
 * {@code -XX:MaxVectorSize=16} on x86 (JDK 25):
 * <ul>
 *   <li>The G.711 kernels cannot run there: they narrow 32-bit lanes to a byte vector a quarter as wide, which at
 *       128 bits would be 32 bits, a shape the Vector API does not have ({@code PanamaG711Kernels} fails to
 *       initialise: "Bad vector bit-size: 32"). The scalar 64 KiB tables take about 0.5 ns per sample, and 4-lane
 *       arithmetic would gain little over them.</li>
 *   <li>The resampling kernels do run at 4 lanes (their block and permute logic is written for any lane count)
 *       and were about 3 to 4 times faster than the scalar ones in that x86 measurement (decimation 8.1 against
 *       23.8 µs, dot products 14.7 against 64.7 µs, on a shared, loaded machine). But whether C2 intrinsifies
 *       every operation they use (permutes, blends, float-to-double widening of a 64-bit species) on NEON was not
 *       measured, and an operation that is not intrinsified falls back to boxed vectors, tens of times slower
 *       than scalar (see {@code PanamaG711Kernels}). Until a benchmark on an ARM host shows the gain, a
 *       predictable scalar path is the better default there; the rule is one constant, {@code MIN_FLOAT_LANES}.</li>
 * </ul>
 * The lane count is asked before any kernel class is initialised, so a 128-bit host gets the scalar kernels with
 * that reason, not a class-initialisation failure. dsp-core's build runs its whole suite at 128 bits to hold this.
 *
 * <p>The choice and its reason are logged as exactly one {@link System.Logger.Level#INFO} record on the logger
 * {@code io.github.voxbridge.dsp.simd}. Loading never fails: any problem with the vector path falls back to
 * scalar with the problem as the reason.
 *
 * <p>The incubator module stays optional on the module path as well as on the class path: the descriptor of
 * {@code io.github.voxbridge.dsp} does not require it (a {@code requires} would make every user add it). Instead,
 * as Apache Lucene's {@code org.apache.lucene.internal.vectorization.VectorizationProvider} does, the module is
 * looked up at run time and, when present, this module is given a read edge to it ({@link Module#addReads}) before
 * the Panama classes are loaded by name. On the class path the code is in the unnamed module, which reads every
 * module already, and {@code addReads} does nothing. Only the {@code Panama*} classes of this package refer to
 * {@code jdk.incubator.vector} (a test checks that with jdeps); nothing else may refer to them.
 *
 * <p>This is an internal class; the public API ({@code MuLaw}, {@code ALaw}, ...) never exposes it.
 */
public abstract class VectorizationProvider {

    /** System property that forces a choice: {@code auto} (default), {@code scalar} or {@code panama}. */
    public static final String SIMD_PROPERTY = "voxbridge.simd";

    /** Name of the logger the choice is reported on. */
    public static final String LOGGER_NAME = "io.github.voxbridge.dsp.simd";

    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** 256-bit vectors: 8 float lanes, 16 short lanes. Below that, scalar: see the class comment. */
    static final int MIN_FLOAT_LANES = 8;

    private final String reason;

    VectorizationProvider(String reason) {
        this.reason = reason;
    }

    /** The provider this JVM uses; chosen on first call and never changed. */
    public static VectorizationProvider getInstance() {
        return Holder.INSTANCE;
    }

    /** {@code "panama"} or {@code "scalar"}. */
    public abstract String name();

    /** The G.711 kernels of this provider. */
    public abstract G711Kernels g711();

    /** The resampling kernels of this provider. */
    public abstract ResampleKernels resample();

    /** Why this provider was chosen, in words, as logged. */
    public final String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return name() + " (" + reason + ")";
    }

    private static final class Holder {
        static final VectorizationProvider INSTANCE = choose();
    }

    static VectorizationProvider choose() {
        VectorizationProvider chosen = select();
        System.getLogger(LOGGER_NAME).log(System.Logger.Level.INFO,
                "voxbridge SIMD: using " + chosen.name() + " kernels: " + chosen.reason());
        return chosen;
    }

    private static VectorizationProvider select() {
        String requested = System.getProperty(SIMD_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (requested) {
            case "scalar":
                return new ScalarVectorizationProvider("forced by -D" + SIMD_PROPERTY + "=scalar");
            case "auto":
            case "panama":
                break;
            default:
                return new ScalarVectorizationProvider("unknown -D" + SIMD_PROPERTY + "=" + requested
                        + " (expected auto, scalar or panama)");
        }
        Optional<Module> vectorModule = findVectorModule();
        if (vectorModule.isEmpty()) {
            return new ScalarVectorizationProvider("module " + VECTOR_MODULE
                    + " is not in the boot layer; start java with --add-modules " + VECTOR_MODULE
                    + " for the vector kernels");
        }
        // Our descriptor does not require the incubator module (that would make it mandatory), so on the module
        // path io.github.voxbridge.dsp does not read it yet: add the edge before any Panama class is linked.
        // Caller-sensitive: this call must stay in this module. A no-op for the unnamed module (class path).
        Module self = VectorizationProvider.class.getModule();
        self.addReads(vectorModule.get());
        if (!self.canRead(vectorModule.get())) {
            return new ScalarVectorizationProvider("module " + VECTOR_MODULE + " is not readable by " + self);
        }
        try {
            // Loaded by name so that no class linking against jdk.incubator.vector is touched unless the
            // module is there. The width is asked before any kernel class is initialised: below 256 bits the
            // G.711 kernels' byte species would not exist (see the class comment) and must not be loaded.
            Class<?> panama = Class.forName(VectorizationProvider.class.getPackageName()
                    + ".PanamaVectorizationProvider");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            int floatLanes = (int) lookup.findStatic(panama, "preferredFloatLanes", MethodType.methodType(int.class))
                    .invoke();
            if (floatLanes < MIN_FLOAT_LANES) {
                return new ScalarVectorizationProvider("preferred vector species has only " + floatLanes
                        + " float lanes (" + 32 * floatLanes + "-bit vectors; the vector kernels need at least "
                        + MIN_FLOAT_LANES + ")");
            }
            return (VectorizationProvider) lookup.findConstructor(panama, MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable t) {
            return new ScalarVectorizationProvider("vector kernels failed to load: " + t);
        }
    }

    /**
     * {@code jdk.incubator.vector} from the layer this module was loaded in (a plugin layer sees its parents'
     * modules), or from the boot layer when this code is on the class path.
     */
    private static Optional<Module> findVectorModule() {
        ModuleLayer layer = VectorizationProvider.class.getModule().getLayer();
        return (layer != null ? layer : ModuleLayer.boot()).findModule(VECTOR_MODULE);
    }

}
