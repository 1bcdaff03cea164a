package io.github.voxbridge.dsp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * The error bounds of G.711 stated as properties and checked exhaustively: every one of the 65,536 16-bit inputs
 * and every one of the 256 codes, both laws. Quantisation steps in 16-bit units: mu-law 8, 16, ... 1024
 * (segments 0..7), A-law 16, 16, 32, ... 1024; the round-trip error is at most half a step.
 *
 * <p>Clipping, stated exactly: mu-law's top decision interval ends at 32635 for positive inputs and at -32636
 * for negative ones (G.191 takes the one's complement of negatives); beyond them every input decodes to
 * ±32124. A-law's top interval reaches both ends of the 16-bit range, so A-law never clips a 16-bit input.
 *
 * <p>Each failure names the input (or code) that broke the property.
 */
class G711PropertiesTest {

    static final int MULAW_TOP_POSITIVE = 32635;
    static final int MULAW_TOP_NEGATIVE = -32636;

    /** Half the quantisation step of the segment a mu-law code lies in, in 16-bit units (4 ... 512). */
    static int muLawHalfStep(byte code) {
        int segment = ((~code) >> 4) & 7;
        return 4 << segment;
    }

    /** Half the quantisation step of the segment an A-law code lies in, in 16-bit units (8, 8, 16 ... 512). */
    static int aLawHalfStep(byte code) {
        int segment = ((code ^ 0x55) >> 4) & 7;
        return 8 << Math.max(0, segment - 1);
    }

    @Test
    void muLawRoundTripIsWithinHalfAStepForEveryInput() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte code = MuLaw.encode((short) x);
            int decoded = MuLaw.decode(code);
            if (x > MULAW_TOP_POSITIVE) {
                check(decoded == 32124, "mu-law x = %d (clipped) decodes to %d, expected 32124", x, decoded);
            } else if (x < MULAW_TOP_NEGATIVE) {
                check(decoded == -32124, "mu-law x = %d (clipped) decodes to %d, expected -32124", x, decoded);
            } else {
                check(Math.abs(x - decoded) <= muLawHalfStep(code),
                        "mu-law x = %d: code 0x%02X decodes to %d, error above half a step (%d)", x, code & 0xFF,
                        decoded, muLawHalfStep(code));
            }
        }
    }

    @Test
    void aLawRoundTripIsWithinHalfAStepForEveryInput() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte code = ALaw.encode((short) x);
            int decoded = ALaw.decode(code);
            check(Math.abs(x - decoded) <= aLawHalfStep(code),
                    "A-law x = %d: code 0x%02X decodes to %d, error above half a step (%d)", x, code & 0xFF, decoded,
                    aLawHalfStep(code));
        }
    }

    @Test
    void muLawHalfStepGrowsFrom4To512WithTheMagnitude() {
        for (int x = 0; x <= MULAW_TOP_POSITIVE; x++) {
            int halfStep = muLawHalfStep(MuLaw.encode((short) x));
            // The biased magnitude x + 132 (G.191's bias of 33 in 14-bit units) picks the segment: the step is
            // 1/16 of its highest power of two.
            check(halfStep >= 4 && halfStep <= 512 && halfStep == Integer.highestOneBit(x + 132) >> 5,
                    "mu-law x = %d: half step %d, expected %d", x, halfStep, Integer.highestOneBit(x + 132) >> 5);
        }
    }

    /**
     * {@code enc(dec(enc(x))) == enc(x)} for every input, with the one exception G.711 itself has: mu-law's
     * "negative zero" code 0x7F (inputs -1..-4) decodes to 0, which encodes as the positive zero 0xFF.
     */
    @Test
    void encodingADecodedValueGivesTheSameCodeForEveryInput() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte mu = MuLaw.encode((short) x);
            byte a = ALaw.encode((short) x);
            byte muAgain = MuLaw.encode(MuLaw.decode(mu));
            byte aAgain = ALaw.encode(ALaw.decode(a));
            check(muAgain == reencodedMuLaw(mu), "mu-law x = %d: code 0x%02X re-encodes as 0x%02X", x, mu & 0xFF,
                    muAgain & 0xFF);
            check(aAgain == a, "A-law x = %d: code 0x%02X re-encodes as 0x%02X", x, a & 0xFF, aAgain & 0xFF);
        }
    }

    static byte reencodedMuLaw(byte code) {
        return code == (byte) 0x7F ? (byte) 0xFF : code;
    }

    @Test
    void muLawNegativeZeroIsTheOnlyCodeThatDoesNotSurviveReencoding() {
        int changed = 0;
        for (int c = 0; c < 256; c++) {
            if (MuLaw.encode(MuLaw.decode((byte) c)) != (byte) c) {
                changed++;
                assertThat(c).as("mu-law code that does not survive re-encoding").isEqualTo(0x7F);
            }
            assertThat(ALaw.encode(ALaw.decode((byte) c))).as("A-law code 0x%02X", c).isEqualTo((byte) c);
        }
        assertThat(changed).isEqualTo(1);
    }

    /**
     * {@code x <= y} implies {@code dec(enc(x)) <= dec(enc(y))} for all 2^31 ordered pairs: checked on the 65,535
     * neighbouring pairs {@code (x, x + 1)}, which implies it for every pair by transitivity.
     */
    @Test
    void quantisationIsMonotoneOverAllInputs() {
        int previousMu = MuLaw.decode(MuLaw.encode(Short.MIN_VALUE));
        int previousA = ALaw.decode(ALaw.encode(Short.MIN_VALUE));
        for (int x = Short.MIN_VALUE + 1; x <= Short.MAX_VALUE; x++) {
            int mu = MuLaw.decode(MuLaw.encode((short) x));
            int a = ALaw.decode(ALaw.encode((short) x));
            check(mu >= previousMu, "mu-law not monotone: x = %d gives %d, x - 1 gives %d", x, mu, previousMu);
            check(a >= previousA, "A-law not monotone: x = %d gives %d, x - 1 gives %d", x, a, previousA);
            previousMu = mu;
            previousA = a;
        }
    }

    /**
     * Over the 256 codes, ordered by sign and then by the 7-bit magnitude index (segment, mantissa) each law
     * defines, decoding is strictly monotone: positive codes grow with the index, negative ones shrink, and the
     * two halves do not overlap (mu-law's two zeros 0x7F and 0xFF both decode to 0; A-law has no zero).
     */
    @Test
    void decodingIsMonotoneInTheMagnitudeIndexOfEveryCode() {
        for (int index = 1; index < 128; index++) {
            // mu-law stores the complement: magnitude index k is code 0xFF - k (positive), 0x7F - k (negative).
            int muPositive = MuLaw.decode((byte) (0xFF - index));
            int muPositiveBelow = MuLaw.decode((byte) (0xFF - index + 1));
            int muNegative = MuLaw.decode((byte) (0x7F - index));
            check(muPositive > muPositiveBelow, "mu-law magnitude index %d decodes to %d, index %d to %d", index,
                    muPositive, index - 1, muPositiveBelow);
            check(muNegative == -muPositive, "mu-law code 0x%02X decodes to %d, not -%d", 0x7F - index, muNegative,
                    muPositive);
            // A-law inverts the even bits: code = (sign << 7 | index) ^ 0x55.
            int aPositive = ALaw.decode((byte) ((0x80 | index) ^ 0x55));
            int aPositiveBelow = ALaw.decode((byte) ((0x80 | (index - 1)) ^ 0x55));
            int aNegative = ALaw.decode((byte) (index ^ 0x55));
            check(aPositive > aPositiveBelow, "A-law magnitude index %d decodes to %d, index %d to %d", index,
                    aPositive, index - 1, aPositiveBelow);
            check(aNegative == -aPositive, "A-law code 0x%02X decodes to %d, not -%d", index ^ 0x55, aNegative,
                    aPositive);
        }
        assertThat(MuLaw.decode((byte) 0xFF)).isZero();
        assertThat(MuLaw.decode((byte) 0x7F)).isZero();
        assertThat(ALaw.decode((byte) (0x80 ^ 0x55))).isEqualTo((short) 8);
        assertThat(ALaw.decode((byte) 0x55)).isEqualTo((short) -8);
    }

    /** The worst errors and the clipping edges, exactly. */
    @Test
    void worstErrorsAndClippingEdges() {
        int worstMu = 0;
        int worstA = 0;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            if (x >= MULAW_TOP_NEGATIVE && x <= MULAW_TOP_POSITIVE) {
                worstMu = Math.max(worstMu, Math.abs(x - MuLaw.decode(MuLaw.encode((short) x))));
            }
            worstA = Math.max(worstA, Math.abs(x - ALaw.decode(ALaw.encode((short) x))));
        }
        assertThat(worstMu).isEqualTo(512);
        assertThat(worstA).isEqualTo(512);
        // The clipping thresholds are the exact edges: one step further is clipped (or, for A-law, not needed).
        assertThat(MuLaw.decode(MuLaw.encode((short) MULAW_TOP_POSITIVE))).isEqualTo((short) 32124);
        assertThat(MuLaw.decode(MuLaw.encode((short) (MULAW_TOP_POSITIVE + 1)))).isEqualTo((short) 32124);
        assertThat(MuLaw.decode(MuLaw.encode((short) (MULAW_TOP_NEGATIVE - 1)))).isEqualTo((short) -32124);
        assertThat(ALaw.decode(ALaw.encode(Short.MAX_VALUE))).isEqualTo((short) 32256);
        assertThat(ALaw.decode(ALaw.encode(Short.MIN_VALUE))).isEqualTo((short) -32256);
    }

    /** Fails with the message only when the condition is false (the format is not evaluated otherwise). */
    private static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            fail(String.format(format, args));
        }
    }
}
