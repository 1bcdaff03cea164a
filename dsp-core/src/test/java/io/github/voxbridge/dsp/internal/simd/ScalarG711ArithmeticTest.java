package io.github.voxbridge.dsp.internal.simd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.G191Reference;
import org.junit.jupiter.api.Test;

/**
 * The branch-free arithmetic of {@link ScalarG711Kernels} (the one computation the tables are filled from and the
 * Vector API kernels repeat lane by lane) against the independent G.191 transcription, for every 16-bit input
 * and every code. The codec tests see this arithmetic only through the tables, which are filled once when the
 * class is initialised; these tests call it directly and hold it to its documented contract: the encoders
 * return the code as an int in 0..255 (not merely the right low byte), the decoders use only the low 8 bits of
 * their argument.
 */
class ScalarG711ArithmeticTest {

    @Test
    void encodersReturnTheG191CodeIn0To255ForEveryInput() {
        int muMismatches = 0;
        int aMismatches = 0;
        int firstMu = Integer.MIN_VALUE;
        int firstA = Integer.MIN_VALUE;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            if (ScalarG711Kernels.muLawEncode(x) != G191Reference.ulawCompress((short) x)) {
                muMismatches++;
                firstMu = firstMu == Integer.MIN_VALUE ? x : firstMu;
            }
            if (ScalarG711Kernels.aLawEncode(x) != G191Reference.alawCompress((short) x)) {
                aMismatches++;
                firstA = firstA == Integer.MIN_VALUE ? x : firstA;
            }
        }
        assertThat(muMismatches).as("inputs whose mu-law code (as an int 0..255) differs from G.191, first %d",
                firstMu).isZero();
        assertThat(aMismatches).as("inputs whose A-law code (as an int 0..255) differs from G.191, first %d",
                firstA).isZero();
    }

    @Test
    void decodersGiveTheG191SampleForEveryCode() {
        for (int code = 0; code < 256; code++) {
            assertThat(ScalarG711Kernels.muLawDecode(code)).as("mu-law code %d", code)
                    .isEqualTo(G191Reference.ulawExpand(code));
            assertThat(ScalarG711Kernels.aLawDecode(code)).as("A-law code %d", code)
                    .isEqualTo(G191Reference.alawExpand(code));
        }
    }

    /** A code passed as a sign-extended byte (how it comes out of a {@code byte[]}) decodes the same. */
    @Test
    void decodersUseOnlyTheLow8BitsOfTheCode() {
        for (int code = 0; code < 256; code++) {
            int signExtended = (byte) code;
            assertThat(ScalarG711Kernels.muLawDecode(signExtended)).as("mu-law code %d as byte", code)
                    .isEqualTo(G191Reference.ulawExpand(code));
            assertThat(ScalarG711Kernels.aLawDecode(signExtended)).as("A-law code %d as byte", code)
                    .isEqualTo(G191Reference.alawExpand(code));
        }
    }
}
