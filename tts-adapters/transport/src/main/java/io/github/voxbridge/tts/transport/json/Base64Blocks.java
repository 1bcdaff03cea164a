package io.github.voxbridge.tts.transport.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Optional;

/**
 * The bulk of {@link Base64Chars#decode}: whole blocks of characters, all in the alphabet, decoded with the Vector API
 * ({@code jdk.incubator.vector}) when the JVM has it, chosen once at start-up as dsp-core chooses its kernels
 * (io.github.voxbridge.dsp.internal.simd.VectorizationProvider, after Lucene's {@code VectorizationProvider}): the
 * same {@code -Dvoxbridge.simd=scalar} forces the scalar path, and a JVM without {@code --add-modules
 * jdk.incubator.vector} gets it. The scalar implementation decodes nothing here ({@link Base64Chars}' own loops then
 * do all of it); the Panama one decodes 32 characters per step with 512-bit vectors (16 with 256-bit ones), about
 * 27 ns instead of 80 for the 192 characters of a 20 ms message's full blocks.
 */
abstract class Base64Blocks {

    /** The system property dsp-core reads too: {@code auto} (default), {@code panama} or {@code scalar}. */
    static final String SIMD_PROPERTY = "voxbridge.simd";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Fewer 16-bit lanes than this (128-bit vectors) gain nothing over the scalar loop. */
    static final int MIN_CHAR_LANES = 16;

    private final String reason;

    Base64Blocks(String reason) {
        this.reason = reason;
    }

    /** The implementation this JVM uses, chosen on first use. */
    static Base64Blocks get() {
        return Holder.INSTANCE;
    }

    /** {@code "panama"} or {@code "scalar"}. */
    abstract String name();

    /** Why this implementation was chosen. */
    final String reason() {
        return reason;
    }

    /**
     * Decodes whole blocks of {@code src} from {@code from} while every character of a block is in the base64
     * alphabet (no padding) and the block's bytes fit below {@code outLimit}; writes nothing at or past
     * {@code outLimit}.
     *
     * @return the number of characters decoded, a multiple of 4 (each 4 gave 3 bytes from {@code outOff}); 0 when
     *     this implementation leaves everything to the caller
     */
    abstract int decode(char[] src, int from, int to, byte[] out, int outOff, int outLimit);

    @Override
    public String toString() {
        return name() + " (" + reason + ")";
    }

    private static final class Holder {
        static final Base64Blocks INSTANCE = choose();
    }

    static Base64Blocks choose() {
        String requested = System.getProperty(SIMD_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (requested.equals("scalar")) {
            return new Scalar("forced by -D" + SIMD_PROPERTY + "=scalar");
        }
        if (!requested.equals("auto") && !requested.equals("panama")) {
            return new Scalar("unknown -D" + SIMD_PROPERTY + "=" + requested + " (expected auto, scalar or panama)");
        }
        ModuleLayer layer = Base64Blocks.class.getModule().getLayer();
        Optional<Module> vector = (layer != null ? layer : ModuleLayer.boot()).findModule(VECTOR_MODULE);
        if (vector.isEmpty()) {
            return new Scalar("module " + VECTOR_MODULE + " is not in the boot layer; start java with --add-modules "
                    + VECTOR_MODULE + " for the vector kernels");
        }
        // Our descriptor does not require the incubator module (that would make it mandatory): add the read edge
        // before a Panama class is linked. Caller-sensitive, so it stays in this module; a no-op on the class path.
        Module self = Base64Blocks.class.getModule();
        self.addReads(vector.get());
        try {
            Class<?> panama = Class.forName(Base64Blocks.class.getPackageName() + ".PanamaBase64Blocks");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            int lanes = (int) lookup.findStatic(panama, "preferredCharLanes", MethodType.methodType(int.class))
                    .invoke();
            if (lanes < MIN_CHAR_LANES) {
                return new Scalar("preferred vectors have " + lanes + " 16-bit lanes (" + 16 * lanes
                        + "-bit); base64 blocks need at least " + MIN_CHAR_LANES);
            }
            return (Base64Blocks) lookup.findConstructor(panama, MethodType.methodType(void.class)).invoke();
        } catch (Throwable t) {
            return new Scalar("vector kernels failed to load: " + t);
        }
    }

    /** Leaves every character to {@link Base64Chars}' scalar loops. */
    static final class Scalar extends Base64Blocks {
        Scalar(String reason) {
            super(reason);
        }

        @Override
        String name() {
            return "scalar";
        }

        @Override
        int decode(char[] src, int from, int to, byte[] out, int outOff, int outLimit) {
            return 0;
        }
    }
}
