package io.github.voxbridge.bench.baseline;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * One libsoxr resampler (one {@code soxr_t}), mono, 32-bit float in and out, streaming: its filter state is carried
 * from one {@link #process} call to the next, as {@code PolyphaseResampler}'s is. <strong>Not voxbridge code</strong>:
 * the libsoxr baseline of {@code SoxrResampleBench}.
 *
 * <p>Set up the way libsoxr's documentation shows a C caller doing it: {@code soxr_create(in, out, 1, &error,
 * &soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I), &soxr_quality_spec(recipe, 0), &soxr_runtime_spec(1))}, one thread.
 *
 * <p>Samples go in and out through native segments, as in C; {@link #process} allocates nothing: the two
 * {@code size_t} results live in segments made once. Not thread-safe; {@link #close()} frees the C side.
 */
public final class SoxrResampler implements AutoCloseable {

    private final LibSoxr soxr;
    private final Arena arena;
    private final MemorySegment handle;
    /** {@code idone}: input samples {@code soxr_process} used (a {@code size_t} written by C). */
    private final MemorySegment inputDone;
    /** {@code odone}: output samples {@code soxr_process} wrote (a {@code size_t} written by C). */
    private final MemorySegment outputDone;

    private SoxrResampler(LibSoxr soxr, Arena arena, MemorySegment handle) {
        this.soxr = soxr;
        this.arena = arena;
        this.handle = handle;
        this.inputDone = arena.allocate(JAVA_LONG);
        this.outputDone = arena.allocate(JAVA_LONG);
    }

    /**
     * A resampler from {@code inputRateHz} to {@code outputRateHz}.
     *
     * @param recipe {@link LibSoxr#SOXR_HQ} or {@link LibSoxr#SOXR_VHQ} (any {@code soxr_quality_spec} recipe)
     * @throws IllegalStateException when libsoxr is not installed ("libsoxr not found: ...") or refuses the rates,
     *     with libsoxr's own error text
     */
    public static SoxrResampler create(int inputRateHz, int outputRateHz, long recipe) {
        LibSoxr soxr = LibSoxr.load();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment io = (MemorySegment) soxr.ioSpec.invokeExact(
                    (SegmentAllocator) arena, LibSoxr.SOXR_FLOAT32_I, LibSoxr.SOXR_FLOAT32_I);
            MemorySegment quality = (MemorySegment) soxr.qualitySpec.invokeExact(
                    (SegmentAllocator) arena, recipe, 0L);
            MemorySegment runtime = (MemorySegment) soxr.runtimeSpec.invokeExact(
                    (SegmentAllocator) arena, 1);
            MemorySegment error = arena.allocate(ADDRESS);
            MemorySegment handle = (MemorySegment) soxr.create.invokeExact(
                    (double) inputRateHz, (double) outputRateHz, 1, error, io, quality, runtime);
            String message = errorText(error.get(ADDRESS, 0));
            if (message != null || handle.address() == 0) {
                throw new IllegalStateException("soxr_create(" + inputRateHz + " Hz -> " + outputRateHz
                        + " Hz, recipe " + recipe + ") failed: " + message);
            }
            return new SoxrResampler(soxr, arena, handle);
        } catch (Throwable t) {
            arena.close();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("soxr_create failed", t);
        }
    }

    private static String errorText(MemorySegment error) {
        return error.address() == 0 ? null : error.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /**
     * Feeds {@code length} samples from {@code in} (native memory, 32-bit floats) and writes what libsoxr has ready
     * into {@code out} (native memory, 32-bit floats), at most {@code out.byteSize() / 4} samples.
     *
     * @return samples written to {@code out}; libsoxr holds back output until its filter has enough input and then
     *     hands it out in blocks, so most calls return 0 and some return several chunks' worth
     * @throws IllegalArgumentException when {@code length} is negative or more than {@code in} holds
     * @throws IllegalStateException when libsoxr reports an error, or did not take all of the input (out too small)
     */
    public int process(MemorySegment in, int length, MemorySegment out) {
        if (length < 0 || length > in.byteSize() / JAVA_FLOAT.byteSize()) {
            // C would read past the segment: refuse here, with the figures.
            throw new IllegalArgumentException("length " + length + " samples for an input segment of "
                    + in.byteSize() + " bytes (32-bit floats)");
        }
        long capacity = out.byteSize() / JAVA_FLOAT.byteSize();
        long error;
        try {
            error = (long) soxr.process.invokeExact(handle, in, (long) length, inputDone, out, capacity,
                    outputDone);
        } catch (Throwable t) {
            throw new IllegalStateException("soxr_process failed", t);
        }
        if (error != 0) {
            throw new IllegalStateException("soxr_process: " + errorText(MemorySegment.ofAddress(error)));
        }
        long used = inputDone.get(JAVA_LONG, 0);
        if (used != length) {
            throw new IllegalStateException("soxr_process took " + used + " of " + length
                    + " input samples: output space of " + capacity + " samples too small");
        }
        return (int) outputDone.get(JAVA_LONG, 0);
    }

    /** Frees the {@code soxr_t} and the result segment; the resampler must not be used afterwards. */
    @Override
    public void close() {
        try {
            soxr.delete.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException("soxr_delete failed", t);
        } finally {
            arena.close();
        }
    }
}
