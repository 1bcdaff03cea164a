package io.github.voxbridge.tts.transport.internal.simd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Optional;

/**
 * The two loops over a message's long strings, with the Vector API ({@code jdk.incubator.vector}) when the JVM has
 * it: {@link #plainRun} (where a string's plain chars end: {@code json.JsonSyntax}) and {@link #decodeBase64Blocks} (the
 * bulk of {@code json.Base64Chars.decode}: whole blocks of chars, all in the alphabet). Chosen once at start-up as dsp-core
 * chooses its kernels
 * (io.github.voxbridge.dsp.internal.simd.VectorizationProvider; this package is not exported either, after Lucene's {@code VectorizationProvider}): the
 * same {@code -Dvoxbridge.simd=scalar} forces the scalar path, and a JVM without {@code --add-modules
 * jdk.incubator.vector} gets it. The scalar implementation does nothing here (the callers' own scalar loops then do
 * all of it); the Panama one takes 32 chars per step with 512-bit vectors (16 with 256-bit ones): for the 216
 * chars of a 20 ms message's audio, about 25 ns instead of 80 to decode them.
 */
public abstract class JsonTextKernels {

    /** The system property dsp-core reads too: {@code auto} (default), {@code panama} or {@code scalar}. */
    static final String SIMD_PROPERTY = "voxbridge.simd";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Fewer 16-bit lanes than this (128-bit vectors) gain nothing over the scalar loop. */
    static final int MIN_CHAR_LANES = 16;

    private final String reason;

    JsonTextKernels(String reason) {
        this.reason = reason;
    }

    /** The implementation this JVM uses, chosen on first use. */
    public static JsonTextKernels get() {
        return Holder.INSTANCE;
    }

    /** {@code "panama"} or {@code "scalar"}. */
    public abstract String name();

    /** Why this implementation was chosen. */
    public final String reason() {
        return reason;
    }

    /** What {@link #plainRun} answers when it leaves the scan to the caller. */
    public static final int NOT_SCANNED = -1;

    /**
     * The first index in {@code text[from .. to)} that holds a quote, a backslash or a char below U+0020 (what ends
     * the plain run of a JSON string), {@code to} if there is none; or {@link #NOT_SCANNED} when this implementation
     * leaves the scan to the caller.
     */
    public abstract int plainRun(char[] text, int from, int to);

    /**
     * Decodes whole blocks of {@code src} from {@code from} while every character of a block is in the base64
     * alphabet (no padding) and the block's bytes fit below {@code outLimit}; writes nothing at or past
     * {@code outLimit}.
     *
     * @return the number of characters decoded, a multiple of 4 (each 4 gave 3 bytes from {@code outOff}); 0 when
     *     this implementation leaves everything to the caller
     */
    public abstract int decodeBase64Blocks(char[] src, int from, int to, byte[] out, int outOff, int outLimit);

    @Override
    public String toString() {
        return name() + " (" + reason + ")";
    }

    private static final class Holder {
        static final JsonTextKernels INSTANCE = choose();
    }

    static JsonTextKernels choose() {
        String requested = System.getProperty(SIMD_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (requested.equals("scalar")) {
            return new Scalar("forced by -D" + SIMD_PROPERTY + "=scalar");
        }
        if (!requested.equals("auto") && !requested.equals("panama")) {
            return new Scalar("unknown -D" + SIMD_PROPERTY + "=" + requested + " (expected auto, scalar or panama)");
        }
        ModuleLayer layer = JsonTextKernels.class.getModule().getLayer();
        Optional<Module> vector = (layer != null ? layer : ModuleLayer.boot()).findModule(VECTOR_MODULE);
        if (vector.isEmpty()) {
            return new Scalar("module " + VECTOR_MODULE + " is not in the boot layer; start java with --add-modules "
                    + VECTOR_MODULE + " for the vector kernels");
        }
        // Our descriptor does not require the incubator module (that would make it mandatory): add the read edge
        // before a Panama class is linked. Caller-sensitive, so it stays in this module; a no-op on the class path.
        Module self = JsonTextKernels.class.getModule();
        self.addReads(vector.get());
        try {
            Class<?> panama = Class.forName(JsonTextKernels.class.getPackageName() + ".PanamaJsonTextKernels");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            int lanes = (int) lookup.findStatic(panama, "preferredCharLanes", MethodType.methodType(int.class))
                    .invoke();
            if (lanes < MIN_CHAR_LANES) {
                return new Scalar("preferred vectors have " + lanes + " 16-bit lanes (" + 16 * lanes
                        + "-bit); base64 blocks need at least " + MIN_CHAR_LANES);
            }
            return (JsonTextKernels) lookup.findConstructor(panama, MethodType.methodType(void.class)).invoke();
        } catch (Throwable t) {
            return new Scalar("vector kernels failed to load: " + t);
        }
    }

    /** Leaves every char to the callers' scalar loops. */
    static final class Scalar extends JsonTextKernels {
        Scalar(String reason) {
            super(reason);
        }

        @Override
        public String name() {
            return "scalar";
        }

        @Override
        public int plainRun(char[] text, int from, int to) {
            return NOT_SCANNED;
        }

        @Override
        public int decodeBase64Blocks(char[] src, int from, int to, byte[] out, int outOff, int outLimit) {
            return 0;
        }
    }
}
