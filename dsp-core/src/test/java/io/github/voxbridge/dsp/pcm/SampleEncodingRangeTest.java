package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every block method checks both ranges, the source's and the destination's, before it converts anything: a bad
 * range throws naming the range, and the destination is left untouched. (The encodings converted here, not by
 * the G.711 codecs.)
 */
class SampleEncodingRangeTest {

    @ParameterizedTest
    @EnumSource(names = {"S16LE", "S16BE", "F32LE", "U8"})
    void decodeToShortsChecksTheDestination(SampleEncoding encoding) {
        short[] dst = {7, 7};
        assertThatThrownBy(() -> encoding.decode(new byte[8], 0, dst, 1, 2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("sample range [1, 1 + 2) is out of bounds for an array of length 2");
        assertThat(dst).containsExactly(7, 7);
    }

    @ParameterizedTest
    @EnumSource(names = {"S16LE", "S16BE", "F32LE", "U8"})
    void decodeToFloatsChecksBothRanges(SampleEncoding encoding) {
        float[] dst = {7, 7, 7};
        int bytes = 3 * encoding.bytesPerSample();
        assertThatThrownBy(() -> encoding.decode(new byte[bytes - 1], 0, dst, 0, 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("byte range [0, 0 + " + bytes + ") for 3 " + encoding.id()
                        + " samples is out of bounds for an array of length " + (bytes - 1));
        assertThatThrownBy(() -> encoding.decode(new byte[bytes], 0, dst, 1, 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("sample range [1, 1 + 3) is out of bounds for an array of length 3");
        assertThat(dst).containsExactly(7, 7, 7);
    }

    @ParameterizedTest
    @EnumSource(names = {"S16LE", "S16BE", "F32LE", "U8"})
    void encodeChecksBothRanges(SampleEncoding encoding) {
        int bytes = 3 * encoding.bytesPerSample();
        byte[] dst = new byte[bytes];
        Arrays.fill(dst, (byte) 7);
        byte[] unchanged = dst.clone();
        assertThatThrownBy(() -> encoding.encode(new short[2], 0, dst, 0, 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("sample range [0, 0 + 3) is out of bounds for an array of length 2");
        assertThatThrownBy(() -> encoding.encode(new float[2], 0, dst, 0, 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("sample range [0, 0 + 3) is out of bounds for an array of length 2");
        String byteRange = "byte range [1, 1 + " + bytes + ") for 3 " + encoding.id()
                + " samples is out of bounds for an array of length " + bytes;
        assertThatThrownBy(() -> encoding.encode(new short[3], 0, dst, 1, 3))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage(byteRange);
        assertThatThrownBy(() -> encoding.encode(new float[3], 0, dst, 1, 3))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage(byteRange);
        assertThat(dst).isEqualTo(unchanged);
    }
}
