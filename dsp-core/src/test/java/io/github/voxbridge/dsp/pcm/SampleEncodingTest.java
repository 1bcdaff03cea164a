package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SampleEncodingTest {

    private static final short[] ALL_SHORTS = new short[1 << 16];

    static {
        for (int i = 0; i < ALL_SHORTS.length; i++) {
            ALL_SHORTS[i] = (short) (i - 32768);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SampleEncoding.class, names = {"S16LE", "S16BE", "F32LE"})
    void losslessEncodingsRoundTripEvery16BitValue(SampleEncoding encoding) {
        byte[] bytes = new byte[ALL_SHORTS.length * encoding.bytesPerSample() + 3];
        encoding.encode(ALL_SHORTS, 0, bytes, 3, ALL_SHORTS.length);
        short[] back = new short[ALL_SHORTS.length + 1];
        encoding.decode(bytes, 3, back, 1, ALL_SHORTS.length);
        for (int i = 0; i < ALL_SHORTS.length; i++) {
            assertThat(back[i + 1]).as("sample %d", ALL_SHORTS[i]).isEqualTo(ALL_SHORTS[i]);
        }
        float[] asFloat = new float[ALL_SHORTS.length];
        encoding.decode(bytes, 3, asFloat, 0, ALL_SHORTS.length);
        for (int i = 0; i < ALL_SHORTS.length; i++) {
            assertThat(asFloat[i]).isEqualTo(ALL_SHORTS[i] / 32768f);
        }
    }

    @Test
    void byteOrderIsAsNamed() {
        byte[] bytes = new byte[4];
        SampleEncoding.S16LE.encode(new short[] {0x1234}, 0, bytes, 0, 1);
        SampleEncoding.S16BE.encode(new short[] {0x1234}, 0, bytes, 2, 1);
        assertThat(bytes).containsExactly(0x34, 0x12, 0x12, 0x34);
        SampleEncoding.F32LE.encode(new float[] {1.0f}, 0, bytes, 0, 1); // 0x3F800000
        assertThat(bytes).containsExactly(0x00, 0x00, 0x80, 0x3F);
    }

    /**
     * Float bit patterns of one sign and one biased exponent (0 = zero and subnormals, 255 = infinities and NaNs):
     * the mantissa edges (0, 1, 2, the middle, the quiet-NaN bit, the largest) and 23 drawn ones, 32 in all.
     */
    record FloatClass(int sign, int exponent, int[] bits) {
        @Override
        public String toString() {
            return "sign " + sign + ", exponent " + exponent + ", " + bits.length + " mantissas";
        }
    }

    /** All 512 sign and exponent classes, so every kind of float is in: 16,384 bit patterns. */
    static Stream<FloatClass> floatClasses() {
        SplittableRandom random = new SplittableRandom(0xF32L);
        int[] edges = {0, 1, 2, 0x20_0000, 0x3F_FFFF, 0x40_0000, 0x40_0001, 0x7F_FFFE, 0x7F_FFFF};
        Stream.Builder<FloatClass> classes = Stream.builder();
        for (int sign = 0; sign <= 1; sign++) {
            for (int exponent = 0; exponent <= 255; exponent++) {
                int[] bits = new int[edges.length + 23];
                for (int i = 0; i < bits.length; i++) {
                    int mantissa = i < edges.length ? edges[i] : random.nextInt(1 << 23);
                    bits[i] = sign << 31 | exponent << 23 | mantissa;
                }
                classes.add(new FloatClass(sign, exponent, bits));
            }
        }
        return classes.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatClasses")
    void f32leCarriesEveryFloatBitForBit(FloatClass floats) {
        int n = floats.bits().length;
        float[] samples = new float[n];
        for (int i = 0; i < n; i++) {
            samples[i] = Float.intBitsToFloat(floats.bits()[i]);
        }
        byte[] bytes = new byte[4 * n + 1];
        SampleEncoding.F32LE.encode(samples, 0, bytes, 1, n);
        float[] back = new float[n];
        SampleEncoding.F32LE.decode(bytes, 1, back, 0, n);
        for (int i = 0; i < n; i++) {
            int expected = floats.bits()[i];
            assertThat(Float.floatToRawIntBits(back[i])).as("bits 0x%08X", expected).isEqualTo(expected);
            int stored = (bytes[1 + 4 * i] & 0xFF) | (bytes[2 + 4 * i] & 0xFF) << 8 | (bytes[3 + 4 * i] & 0xFF) << 16
                    | (bytes[4 + 4 * i] & 0xFF) << 24;
            assertThat(stored).as("little-endian bytes of 0x%08X", expected).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0.0, 0", "0.5, 16384", "-0.5, -16384", "1.0, 32767", "-1.0, -32768", "2.0, 32767", "-2.0, -32768",
        "Infinity, 32767", "-Infinity, -32768", "NaN, 0",
        // 0.5 and 1.5 units: ties round to even.
        "0.0000152587890625, 0", "0.0000457763671875, 2",
    })
    void f32leToSixteenBitRoundsClipsAndSilencesNaN(float sample, short expected) {
        byte[] bytes = new byte[4];
        SampleEncoding.F32LE.encode(new float[] {sample}, 0, bytes, 0, 1);
        short[] out = new short[1];
        SampleEncoding.F32LE.decode(bytes, 0, out, 0, 1);
        assertThat(out[0]).isEqualTo(expected);
        // And the other way: quantising formats see the same 16-bit value.
        byte[] s16 = new byte[2];
        SampleEncoding.S16LE.encode(new float[] {sample}, 0, s16, 0, 1);
        assertThat((short) ((s16[0] & 0xFF) | s16[1] << 8)).isEqualTo(expected);
    }

    @Test
    void u8IsOffsetBinaryWithSilenceAt128() {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        short[] samples = new short[256];
        SampleEncoding.U8.decode(codes, 0, samples, 0, 256);
        for (int i = 0; i < 256; i++) {
            assertThat(samples[i]).isEqualTo((short) ((i - 128) << 8));
        }
        byte[] back = new byte[256];
        SampleEncoding.U8.encode(samples, 0, back, 0, 256);
        assertThat(back).containsExactly(codes);

        byte[] extremes = new byte[4];
        SampleEncoding.U8.encode(new short[] {32767, -32768, 0, 255}, 0, extremes, 0, 4);
        assertThat(extremes).containsExactly(0xFF, 0x00, 0x80, 0x80);
        float[] floats = new float[2];
        SampleEncoding.U8.decode(new byte[] {0, (byte) 0xC0}, 0, floats, 0, 2);
        assertThat(floats).containsExactly(-1.0f, 0.5f);
    }

    @Test
    void g711EncodingsAgreeWithTheCodecs() {
        byte[] viaEnum = new byte[ALL_SHORTS.length];
        byte[] viaCodec = new byte[ALL_SHORTS.length];
        SampleEncoding.MULAW.encode(ALL_SHORTS, 0, viaEnum, 0, ALL_SHORTS.length);
        MuLaw.encode(ALL_SHORTS, 0, viaCodec, 0, ALL_SHORTS.length);
        assertThat(viaEnum).isEqualTo(viaCodec);
        SampleEncoding.ALAW.encode(ALL_SHORTS, 0, viaEnum, 0, ALL_SHORTS.length);
        ALaw.encode(ALL_SHORTS, 0, viaCodec, 0, ALL_SHORTS.length);
        assertThat(viaEnum).isEqualTo(viaCodec);

        for (int code = 0; code < 256; code++) {
            short[] one = new short[1];
            SampleEncoding.MULAW.decode(new byte[] {(byte) code}, 0, one, 0, 1);
            assertThat(one[0]).isEqualTo(MuLaw.decode((byte) code));
            SampleEncoding.ALAW.decode(new byte[] {(byte) code}, 0, one, 0, 1);
            assertThat(one[0]).isEqualTo(ALaw.decode((byte) code));
        }
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void idsRoundTripThroughFromId(SampleEncoding encoding) {
        assertThat(SampleEncoding.fromId(encoding.id())).isSameAs(encoding);
        assertThat(SampleEncoding.fromId(" " + encoding.id().toUpperCase() + " ")).isSameAs(encoding);
        assertThat(encoding.toString()).isEqualTo(encoding.id());
    }

    @Test
    void fromIdNamesAnUnknownValueAndListsTheValidOnes() {
        assertThatThrownBy(() -> SampleEncoding.fromId("pcm24"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown sample encoding 'pcm24' (expected one of s16le, s16be, f32le, u8, mulaw, alaw)");
        assertThatThrownBy(() -> SampleEncoding.fromId(null))
                .hasMessage("unknown sample encoding 'null' (expected one of s16le, s16be, f32le, u8, mulaw, alaw)");
    }

    @Test
    void blockRangesAreChecked() {
        assertThatThrownBy(() -> SampleEncoding.S16LE.decode(new byte[5], 2, new short[2], 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("byte range [2, 2 + 4) for 2 s16le samples is out of bounds for an array of length 5");
        assertThatThrownBy(() -> SampleEncoding.F32LE.encode(new float[2], 1, new byte[8], 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("sample range [1, 1 + 2) is out of bounds for an array of length 2");
        assertThatThrownBy(() -> SampleEncoding.U8.decode(new byte[5], 0, new float[5], 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative sample count -1");
    }
}
