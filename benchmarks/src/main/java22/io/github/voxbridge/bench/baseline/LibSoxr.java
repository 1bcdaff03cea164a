package io.github.voxbridge.bench.baseline;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of libsoxr's C API ({@code soxr.h} of libsoxr 0.1.3, https://github.com/chirlu/soxr, {@code src/soxr.h})
 * that the libsoxr baseline needs, bound through {@code java.lang.foreign}. <strong>Not voxbridge code</strong>: a
 * baseline to measure {@code PolyphaseResampler} against in the same JMH run.
 *
 * <p>The library is looked up once, on first use, by its file names on Linux and macOS; when none loads,
 * {@link #load()} throws an {@link IllegalStateException} whose message says how to install it, with no
 * {@code UnsatisfiedLinkError} or linker stack behind it.
 *
 * <p>Layouts of the three spec structs as declared in {@code soxr.h} (LP64: {@code unsigned long} and pointers
 * 8 bytes, {@code soxr_datatype_t} an enum of 4 bytes):
 * <pre>
 * soxr_io_spec (32 bytes)       soxr_quality_spec (48 bytes)     soxr_runtime_spec (32 bytes)
 *  0 int    itype                0 double precision               0 unsigned log2_min_dft_size
 *  4 int    otype                8 double phase_response          4 unsigned log2_large_dft_size
 *  8 double scale               16 double passband_end            8 unsigned coef_size_kbytes
 * 16 void*  e                   24 double stopband_begin         12 unsigned num_threads
 * 24 ulong  flags               32 void*  e                      16 void*    e
 *                               40 ulong  flags                  24 ulong    flags
 * </pre>
 * The structs are only ever filled by libsoxr's own constructors ({@code soxr_io_spec}, {@code soxr_quality_spec},
 * {@code soxr_runtime_spec}, which return them by value) and handed back by pointer, as a C caller does.
 */
public final class LibSoxr {

    /** {@code SOXR_HQ} = {@code SOXR_20_BITQ}: 20-bit precision, pass band to 0.913 of Nyquist (soxr.h). */
    public static final long SOXR_HQ = 4;
    /** {@code SOXR_VHQ} = {@code SOXR_28_BITQ}: 28-bit precision (soxr.h). */
    public static final long SOXR_VHQ = 6;
    /** {@code SOXR_FLOAT32_I}: interleaved 32-bit float samples (the first value of {@code soxr_datatype_t}). */
    static final int SOXR_FLOAT32_I = 0;

    /** System property naming the library file to load instead of {@link #NAMES}, e.g. a path to one's own build. */
    public static final String PATH_PROPERTY = "voxbridge.bench.libsoxr";

    /** File names tried in order: Debian/Ubuntu's {@code libsoxr0}, a development symlink, Homebrew's. */
    static final List<String> NAMES = List.of("libsoxr.so.0", "libsoxr.so", "libsoxr.0.dylib", "libsoxr.dylib");

    /** How to get the library, in every message that says it is missing. */
    public static final String INSTALL_HINT = "apt-get install libsoxr0 (Debian/Ubuntu; benchmarks/soxr.sh does it),"
            + " dnf install soxr (Fedora), brew install libsoxr (macOS)";

    static final StructLayout IO_SPEC = MemoryLayout.structLayout(
            JAVA_INT.withName("itype"), JAVA_INT.withName("otype"), JAVA_DOUBLE.withName("scale"),
            ADDRESS.withName("e"), JAVA_LONG.withName("flags"));
    static final StructLayout QUALITY_SPEC = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("precision"), JAVA_DOUBLE.withName("phase_response"),
            JAVA_DOUBLE.withName("passband_end"), JAVA_DOUBLE.withName("stopband_begin"),
            ADDRESS.withName("e"), JAVA_LONG.withName("flags"));
    static final StructLayout RUNTIME_SPEC = MemoryLayout.structLayout(
            JAVA_INT.withName("log2_min_dft_size"), JAVA_INT.withName("log2_large_dft_size"),
            JAVA_INT.withName("coef_size_kbytes"), JAVA_INT.withName("num_threads"),
            ADDRESS.withName("e"), JAVA_LONG.withName("flags"));

    /** {@code char const * soxr_version(void)}. */
    final MethodHandle version;
    /** {@code soxr_io_spec_t soxr_io_spec(soxr_datatype_t itype, soxr_datatype_t otype)}. */
    final MethodHandle ioSpec;
    /** {@code soxr_quality_spec_t soxr_quality_spec(unsigned long recipe, unsigned long flags)}. */
    final MethodHandle qualitySpec;
    /** {@code soxr_runtime_spec_t soxr_runtime_spec(unsigned num_threads)}. */
    final MethodHandle runtimeSpec;
    /** {@code soxr_t soxr_create(double, double, unsigned, soxr_error_t *, io *, quality *, runtime *)}. */
    final MethodHandle create;
    /**
     * {@code soxr_error_t soxr_process(soxr_t, soxr_in_t in, size_t ilen, size_t *idone, soxr_out_t out,
     * size_t olen, size_t *odone)}, bound as a critical function: no thread-state transition, so the call costs
     * about what it costs from C. Allowed because {@code soxr_process} never calls back into Java and returns within
     * microseconds (one 20 ms chunk, one thread). The returned {@code soxr_error_t} is bound as a {@code long}, the
     * pointer's address (0: no error): returned as an {@code ADDRESS} it would be a new {@code MemorySegment} per
     * call (40 B/op measured with {@code -prof gc}); on the LP64 ABIs libsoxr is built for (x86-64 System V and
     * Windows, AArch64) a pointer and a 64-bit integer are returned in the same register.
     */
    final MethodHandle process;
    /** {@code void soxr_delete(soxr_t)}. */
    final MethodHandle delete;

    private static LibSoxr instance;

    private LibSoxr(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        version = linker.downcallHandle(find(lookup, "soxr_version"), FunctionDescriptor.of(ADDRESS));
        ioSpec = linker.downcallHandle(find(lookup, "soxr_io_spec"), FunctionDescriptor.of(IO_SPEC, JAVA_INT, JAVA_INT));
        qualitySpec = linker.downcallHandle(find(lookup, "soxr_quality_spec"),
                FunctionDescriptor.of(QUALITY_SPEC, JAVA_LONG, JAVA_LONG));
        runtimeSpec = linker.downcallHandle(find(lookup, "soxr_runtime_spec"),
                FunctionDescriptor.of(RUNTIME_SPEC, JAVA_INT));
        create = linker.downcallHandle(find(lookup, "soxr_create"), FunctionDescriptor.of(ADDRESS,
                JAVA_DOUBLE, JAVA_DOUBLE, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        process = linker.downcallHandle(find(lookup, "soxr_process"), FunctionDescriptor.of(JAVA_LONG,
                ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), Linker.Option.critical(false));
        delete = linker.downcallHandle(find(lookup, "soxr_delete"), FunctionDescriptor.ofVoid(ADDRESS));
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException(
                "libsoxr loaded but has no symbol " + name + " (need libsoxr 0.1.x)"));
    }

    /**
     * The library, loaded on the first call and kept for the life of the JVM: the file named by the system property
     * {@value #PATH_PROPERTY} if set (a library of one's own build), else the first of {@link #NAMES} that loads.
     *
     * @throws IllegalStateException "libsoxr not found: ..." with the names tried, why each failed and how to install
     *     it; the message is the whole story, there is no cause
     */
    public static synchronized LibSoxr load() {
        if (instance == null) {
            String path = System.getProperty(PATH_PROPERTY);
            instance = load(path == null || path.isBlank() ? NAMES : List.of(path));
        }
        return instance;
    }

    /** The first of {@code names} that loads, not kept; {@link #load()} says how it fails. */
    static LibSoxr load(List<String> names) {
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException notLoadable) {
                failures.add(name + ": " + notLoadable.getMessage());
                continue;
            }
            return new LibSoxr(lookup);
        }
        throw new IllegalStateException("libsoxr not found: " + INSTALL_HINT + ". Tried " + failures);
    }

    /** The library's own version string, e.g. {@code "libsoxr-0.1.3"}. */
    public String version() {
        try {
            return ((MemorySegment) version.invokeExact()).reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException("soxr_version failed", t);
        }
    }
}
