package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * {@link PcmStreamDecoder} fed arbitrary bytes in arbitrary pieces gives exactly the samples of decoding the
 * whole stream in one block ({@link SampleEncoding#decode}), as 16-bit samples and as floats (raw float bits:
 * f32le carries NaN payloads); every call writes what {@link PcmStreamDecoder#samplesFor} promised, the decoder
 * holds {@code length % bytesPerSample} bytes at the end, and {@link PcmStreamDecoder#finish()} throws a
 * {@link PcmFormatException} naming the total and the dangling bytes exactly when a partial sample is left.
 *
 * <p>Input layout: the encoding, then 1 to 16 piece sizes of 0 to 300 bytes (cycled over the stream; all zero
 * means one byte at a time), then the stream itself (the rest). {@code mvn verify} replays the seed corpus in
 * {@code PcmStreamDecoderFuzzTestInputs/anyPieces/}: random byte strings ({@code seed-*}) and the inputs the
 * fuzzer kept for new coverage (SHA-1 names). With {@code JAZZER_FUZZ=1} set it fuzzes instead.
 */
class PcmStreamDecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyPieces(FuzzedDataProvider data) {
        SampleEncoding encoding = data.pickValue(SampleEncoding.values());
        int[] sizes = new int[data.consumeInt(1, 16)];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = data.consumeInt(0, 300);
        }
        if (Arrays.stream(sizes).allMatch(size -> size == 0)) {
            sizes = new int[] {0, 1};
        }
        byte[] stream = data.consumeRemainingAsBytes();
        int bps = encoding.bytesPerSample();
        int whole = stream.length / bps;
        short[] expectedShorts = new short[whole];
        float[] expectedFloats = new float[whole];
        encoding.decode(stream, 0, expectedShorts, 0, whole);
        encoding.decode(stream, 0, expectedFloats, 0, whole);

        PcmStreamDecoder shorts = new PcmStreamDecoder(encoding);
        PcmStreamDecoder floats = new PcmStreamDecoder(encoding);
        short[] outShorts = new short[whole + 1];
        float[] outFloats = new float[whole + 1];
        int producedShorts = 0;
        int producedFloats = 1; // a non-zero destination offset
        int at = 0;
        for (int call = 0; at < stream.length; call++) {
            int size = Math.min(sizes[call % sizes.length], stream.length - at);
            int promised = shorts.samplesFor(size);
            assertThat(floats.samplesFor(size)).isEqualTo(promised);
            int n = shorts.decode(stream, at, size, outShorts, producedShorts);
            assertThat(n).as("samples for %d bytes at %d (%s)", size, at, encoding).isEqualTo(promised);
            assertThat(floats.decode(stream, at, size, outFloats, producedFloats)).isEqualTo(promised);
            producedShorts += n;
            producedFloats += n;
            at += size;
            assertThat(shorts.pendingBytes()).as("pending after %d bytes", at).isEqualTo(at % bps);
        }
        assertThat(Arrays.copyOf(outShorts, producedShorts)).as("%s samples", encoding).isEqualTo(expectedShorts);
        assertThat(rawBits(Arrays.copyOfRange(outFloats, 1, producedFloats))).as("%s float bits", encoding)
                .isEqualTo(rawBits(expectedFloats));
        assertThat(shorts.bytesConsumed()).isEqualTo(stream.length);

        int dangling = stream.length % bps;
        if (dangling == 0) {
            shorts.finish();
            floats.finish();
        } else {
            String bytes = dangling + (dangling == 1 ? " dangling byte" : " dangling bytes");
            String count = bps == 2 ? "odd byte count " + stream.length + " at end of stream: "
                    : "byte count " + stream.length + " at end of stream is not a multiple of " + bps + ": ";
            String message = count + bytes + " (" + encoding.id() + ", " + bps + " bytes per sample)";
            assertThatThrownBy(shorts::finish).isInstanceOf(PcmFormatException.class).hasMessage(message);
            assertThatThrownBy(floats::finish).isInstanceOf(PcmFormatException.class).hasMessage(message);
        }
    }

    private static int[] rawBits(float[] samples) {
        int[] bits = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            bits[i] = Float.floatToRawIntBits(samples[i]);
        }
        return bits;
    }
}
