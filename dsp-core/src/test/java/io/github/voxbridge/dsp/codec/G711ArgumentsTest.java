package io.github.voxbridge.dsp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad ranges are refused before anything is written, with messages that name the values. */
class G711ArgumentsTest {

    @Test
    void rangesOutsideTheArraysAreRefusedWithTheirValues() {
        short[] samples = new short[160];
        byte[] codes = new byte[160];
        assertThatThrownBy(() -> MuLaw.encode(samples, 100, codes, 0, 61))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("source range [100, 100 + 61) is out of bounds for an array of length 160");
        assertThatThrownBy(() -> ALaw.encode(samples, 0, codes, 1, 160))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("destination range [1, 1 + 160) is out of bounds for an array of length 160");
        assertThatThrownBy(() -> MuLaw.decode(codes, -1, samples, 0, 10))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("[-1, -1 + 10)");
        assertThatThrownBy(() -> ALaw.decode(codes, 0, new float[4], 0, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative sample count -3");
    }

    @Test
    void nothingIsWrittenWhenTheRangeIsRefused() {
        short[] samples = new short[20];
        byte[] codes = new byte[10];
        assertThatThrownBy(() -> MuLaw.encode(samples, 0, codes, 0, 20)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(codes).containsOnly(0);
    }

    @Test
    void emptyRangesAtTheEndAreFine() {
        MuLaw.encode(new short[4], 4, new byte[4], 4, 0);
        ALaw.decode(new byte[0], 0, new short[0], 0, 0);
    }

    @Test
    void buffersAreEncodedWhetherHeapOrDirectAndPositionsAdvance() {
        short[] samples = {0, 1000, -1000, 32767, -32768, 12345, -1};
        ShortBuffer heap = ShortBuffer.wrap(samples);
        ByteBuffer heapOut = ByteBuffer.allocate(10);
        heapOut.position(2);
        MuLaw.encode(heap, heapOut);
        assertThat(heap.remaining()).isZero();
        assertThat(heapOut.position()).isEqualTo(9);

        ShortBuffer direct = ByteBuffer.allocateDirect(2 * samples.length).asShortBuffer().put(samples).flip();
        ByteBuffer directOut = ByteBuffer.allocateDirect(samples.length);
        MuLaw.encode(direct, directOut);
        for (int i = 0; i < samples.length; i++) {
            assertThat(heapOut.get(2 + i)).isEqualTo(MuLaw.encode(samples[i]));
            assertThat(directOut.get(i)).isEqualTo(MuLaw.encode(samples[i]));
        }

        ShortBuffer decoded = ShortBuffer.allocate(samples.length);
        MuLaw.decode(directOut.flip(), decoded);
        for (int i = 0; i < samples.length; i++) {
            assertThat(decoded.get(i)).isEqualTo(MuLaw.decode(MuLaw.encode(samples[i])));
        }
    }

    @Test
    void aDestinationBufferTooSmallOrReadOnlyIsRefusedWithoutConsuming() {
        ShortBuffer src = ShortBuffer.allocate(160);
        assertThatThrownBy(() -> ALaw.encode(src, ByteBuffer.allocate(159)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("destination buffer has room for 159 samples but the source has 160");
        assertThatThrownBy(() -> ALaw.encode(src, ByteBuffer.allocate(160).asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("destination buffer is read-only");
        assertThat(src.position()).isZero();
    }

    /** One of the eight bulk array methods, with the arrays it takes. */
    record BulkMethod(String name, IntFunction<Object> newSource, IntFunction<Object> newDestination, Call call) {
        interface Call {
            void run(Object src, int srcOff, Object dst, int dstOff, int count);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BulkMethod> bulkMethods() {
        return Stream.of(
                new BulkMethod("MuLaw.encode(short[], byte[])", short[]::new, byte[]::new,
                        (s, so, d, dOff, n) -> MuLaw.encode((short[]) s, so, (byte[]) d, dOff, n)),
                new BulkMethod("MuLaw.encode(float[], byte[])", float[]::new, byte[]::new,
                        (s, so, d, dOff, n) -> MuLaw.encode((float[]) s, so, (byte[]) d, dOff, n)),
                new BulkMethod("MuLaw.decode(byte[], short[])", byte[]::new, short[]::new,
                        (s, so, d, dOff, n) -> MuLaw.decode((byte[]) s, so, (short[]) d, dOff, n)),
                new BulkMethod("MuLaw.decode(byte[], float[])", byte[]::new, float[]::new,
                        (s, so, d, dOff, n) -> MuLaw.decode((byte[]) s, so, (float[]) d, dOff, n)),
                new BulkMethod("ALaw.encode(short[], byte[])", short[]::new, byte[]::new,
                        (s, so, d, dOff, n) -> ALaw.encode((short[]) s, so, (byte[]) d, dOff, n)),
                new BulkMethod("ALaw.encode(float[], byte[])", float[]::new, byte[]::new,
                        (s, so, d, dOff, n) -> ALaw.encode((float[]) s, so, (byte[]) d, dOff, n)),
                new BulkMethod("ALaw.decode(byte[], short[])", byte[]::new, short[]::new,
                        (s, so, d, dOff, n) -> ALaw.decode((byte[]) s, so, (short[]) d, dOff, n)),
                new BulkMethod("ALaw.decode(byte[], float[])", byte[]::new, float[]::new,
                        (s, so, d, dOff, n) -> ALaw.decode((byte[]) s, so, (float[]) d, dOff, n)));
    }

    /**
     * Every bulk method checks both of its ranges itself: a bad source or destination range is refused with an
     * {@link IndexOutOfBoundsException} that names the array and the values, before any code or sample is
     * written (a zero-filled source would encode or decode to non-zero values in every law and direction, so an
     * all-zero destination shows that nothing was written). The array's own {@code ArrayIndexOutOfBoundsException}
     * half-way through the copy would be neither.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bulkMethods")
    void everyBulkMethodRefusesBadRangesOnEitherSideWithTheirValues(BulkMethod method) {
        assertRefused(method, 10, 4, 20, 0, 7, "source range [4, 4 + 7) is out of bounds for an array of length 10");
        assertRefused(method, 10, -1, 20, 0, 5, "source range [-1, -1 + 5) is out of bounds for an array of length 10");
        assertRefused(method, 10, 11, 20, 0, 0, "source range [11, 11 + 0) is out of bounds for an array of length 10");
        assertRefused(method, 20, 0, 10, 6, 5,
                "destination range [6, 6 + 5) is out of bounds for an array of length 10");
        assertRefused(method, 20, 0, 10, -2, 5,
                "destination range [-2, -2 + 5) is out of bounds for an array of length 10");
        assertRefused(method, 20, 0, 10, 11, 0,
                "destination range [11, 11 + 0) is out of bounds for an array of length 10");

        Object src = method.newSource().apply(4);
        Object dst = method.newDestination().apply(4);
        assertThatThrownBy(() -> method.call().run(src, 0, dst, 0, -1))
                .as(method.name())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative sample count -1");
    }

    private static void assertRefused(BulkMethod method, int srcLength, int srcOff, int dstLength, int dstOff,
            int count, String message) {
        Object src = method.newSource().apply(srcLength);
        Object dst = method.newDestination().apply(dstLength);
        assertThatThrownBy(() -> method.call().run(src, srcOff, dst, dstOff, count))
                .as("%s(src[%d], %d, dst[%d], %d, %d)", method.name(), srcLength, srcOff, dstLength, dstOff, count)
                .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage(message);
        boolean untouched = switch (dst) {
            case byte[] codes -> Arrays.equals(codes, new byte[dstLength]);
            case short[] samples -> Arrays.equals(samples, new short[dstLength]);
            case float[] samples -> Arrays.equals(samples, new float[dstLength]);
            default -> throw new AssertionError("unexpected destination " + dst);
        };
        assertThat(untouched).as("%s left its destination untouched when refusing the range", method.name())
                .isTrue();
    }
}
