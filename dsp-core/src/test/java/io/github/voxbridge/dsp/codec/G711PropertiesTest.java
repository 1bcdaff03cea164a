package io.github.voxbridge.dsp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.ShortRange;
import org.junit.jupiter.api.Test;

/**
 * The error bounds of G.711 stated as properties. Quantisation steps in 16-bit units: mu-law 8, 16, ... 1024
 * (segments 0..7), A-law 16, 16, 32, ... 1024; the round-trip error is at most half a step.
 *
 * <p>Clipping, stated exactly: mu-law's top decision interval ends at 32635 for positive inputs and at -32636
 * for negative ones (G.191 takes the one's complement of negatives); beyond them every input decodes to
 * ±32124. A-law's top interval reaches both ends of the 16-bit range, so A-law never clips a 16-bit input.
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

    @Property(tries = 5000)
    void muLawRoundTripIsWithinHalfAStep(@ForAll short x) {
        byte code = MuLaw.encode(x);
        int decoded = MuLaw.decode(code);
        if (x > MULAW_TOP_POSITIVE) {
            assertThat(decoded).isEqualTo(32124);
        } else if (x < MULAW_TOP_NEGATIVE) {
            assertThat(decoded).isEqualTo(-32124);
        } else {
            assertThat(Math.abs(x - decoded)).isLessThanOrEqualTo(muLawHalfStep(code));
        }
    }

    @Property(tries = 5000)
    void aLawRoundTripIsWithinHalfAStep(@ForAll short x) {
        byte code = ALaw.encode(x);
        assertThat(Math.abs(x - ALaw.decode(code))).isLessThanOrEqualTo(aLawHalfStep(code));
    }

    @Property(tries = 2000)
    void muLawHalfStepGrowsFrom4To512WithTheMagnitude(@ForAll @ShortRange(min = 0, max = 32635) short x) {
        int halfStep = muLawHalfStep(MuLaw.encode(x));
        // The biased magnitude x + 132 (G.191's bias of 33 in 14-bit units) picks the segment: the step is
        // 1/16 of its highest power of two.
        assertThat(halfStep).isBetween(4, 512);
        assertThat(halfStep).isEqualTo(Integer.highestOneBit(x + 132) >> 5);
    }

    /**
     * {@code enc(dec(enc(x))) == enc(x)}, with the one exception G.711 itself has: mu-law's "negative zero"
     * code 0x7F (inputs -1..-4) decodes to 0, which encodes as the positive zero 0xFF.
     */
    @Property(tries = 5000)
    void encodingADecodedValueGivesTheSameCode(@ForAll short x) {
        byte mu = MuLaw.encode(x);
        byte a = ALaw.encode(x);
        assertThat(MuLaw.encode(MuLaw.decode(mu))).isEqualTo(reencodedMuLaw(mu));
        assertThat(ALaw.encode(ALaw.decode(a))).isEqualTo(a);
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
                assertThat(c).isEqualTo(0x7F);
            }
            assertThat(ALaw.encode(ALaw.decode((byte) c))).isEqualTo((byte) c);
        }
        assertThat(changed).isEqualTo(1);
    }

    @Property(tries = 5000)
    void encodingIsMonotone(@ForAll short x, @ForAll short y) {
        short lo = (short) Math.min(x, y);
        short hi = (short) Math.max(x, y);
        assertThat(MuLaw.decode(MuLaw.encode(lo))).isLessThanOrEqualTo(MuLaw.decode(MuLaw.encode(hi)));
        assertThat(ALaw.decode(ALaw.encode(lo))).isLessThanOrEqualTo(ALaw.decode(ALaw.encode(hi)));
    }

    /** The properties above hold for all inputs, not only the sampled ones. */
    @Test
    void boundsHoldExhaustively() {
        int previousMu = Integer.MIN_VALUE;
        int previousA = Integer.MIN_VALUE;
        int worstMu = 0;
        int worstA = 0;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte mu = MuLaw.encode((short) x);
            byte a = ALaw.encode((short) x);
            int dmu = MuLaw.decode(mu);
            int da = ALaw.decode(a);
            assertThat(dmu).as("monotone mu-law at %d", x).isGreaterThanOrEqualTo(previousMu);
            assertThat(da).as("monotone A-law at %d", x).isGreaterThanOrEqualTo(previousA);
            previousMu = dmu;
            previousA = da;
            if (x >= MULAW_TOP_NEGATIVE && x <= MULAW_TOP_POSITIVE) {
                assertThat(Math.abs(x - dmu)).as("mu-law error at %d", x).isLessThanOrEqualTo(muLawHalfStep(mu));
                worstMu = Math.max(worstMu, Math.abs(x - dmu));
            } else {
                assertThat(Math.abs(dmu)).as("mu-law clip at %d", x).isEqualTo(32124);
            }
            assertThat(Math.abs(x - da)).as("A-law error at %d", x).isLessThanOrEqualTo(aLawHalfStep(a));
            worstA = Math.max(worstA, Math.abs(x - da));
            assertThat(MuLaw.encode((short) dmu)).isEqualTo(reencodedMuLaw(mu));
            assertThat(ALaw.encode((short) da)).isEqualTo(a);
        }
        assertThat(worstMu).isEqualTo(512);
        assertThat(worstA).isEqualTo(512);
        // The clipping thresholds are the exact edges: one step further is clipped (or, for A-law, not needed).
        assertThat(MuLaw.decode(MuLaw.encode((short) (MULAW_TOP_POSITIVE + 1)))).isEqualTo((short) 32124);
        assertThat(MuLaw.decode(MuLaw.encode((short) (MULAW_TOP_NEGATIVE - 1)))).isEqualTo((short) -32124);
        assertThat(ALaw.decode(ALaw.encode(Short.MAX_VALUE))).isEqualTo((short) 32256);
        assertThat(ALaw.decode(ALaw.encode(Short.MIN_VALUE))).isEqualTo((short) -32256);
    }
}
