package io.github.voxbridge.dsp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;

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
}
