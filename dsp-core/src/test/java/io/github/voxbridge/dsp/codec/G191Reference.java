package io.github.voxbridge.dsp.codec;

/**
 * An independent formulation of ITU-T G.711, transcribed from the reference C code of ITU-T G.191 (Software
 * Tool Library, module {@code g711.c}: {@code ulaw_compress}, {@code ulaw_expand}, {@code alaw_compress},
 * {@code alaw_expand}), keeping its segment search loops and branches. It shares nothing with the production
 * code, which computes the segment from a float exponent and looks results up in tables. Public so that the
 * kernel tests in {@code internal.simd} can hold the scalar kernels' arithmetic to it as well.
 */
public final class G191Reference {

    private G191Reference() {
    }

    /** G.191 ulaw_compress for one 16-bit sample; returns the code 0..255. */
    public static int ulawCompress(short linear) {
        short absno = linear < 0
                ? (short) (((~linear) >> 2) + 33)
                : (short) ((linear >> 2) + 33);
        if (absno > 0x1FFF) {
            absno = 0x1FFF;
        }
        int i = absno >> 6;
        int segno = 1;
        while (i != 0) {
            segno++;
            i >>= 1;
        }
        int highNibble = 0x0008 - segno;
        int lowNibble = (absno >> segno) & 0x000F;
        lowNibble = 0x000F - lowNibble;
        int code = (highNibble << 4) | lowNibble;
        if (linear >= 0) {
            code |= 0x0080;
        }
        return code;
    }

    /** G.191 ulaw_expand for one code 0..255. */
    public static short ulawExpand(int code) {
        int sign = code < 0x0080 ? -1 : 1;
        int mantissa = ~code;
        int exponent = (mantissa >> 4) & 0x0007;
        int segment = exponent + 1;
        mantissa = mantissa & 0x000F;
        int step = 4 << segment;
        return (short) (sign * ((0x0080 << exponent) + step * mantissa + step / 2 - 4 * 33));
    }

    /** G.191 alaw_compress for one 16-bit sample; returns the code 0..255. */
    public static int alawCompress(short linear) {
        int ix = linear < 0 ? (~linear) >> 4 : linear >> 4;
        if (ix > 15) {
            int iexp = 1;
            while (ix > 16 + 15) {
                ix >>= 1;
                iexp++;
            }
            ix -= 16;
            ix += iexp << 4;
        }
        if (linear >= 0) {
            ix |= 0x0080;
        }
        return ix ^ 0x0055;
    }

    /** G.191 alaw_expand for one code 0..255. */
    public static short alawExpand(int code) {
        int ix = code ^ 0x0055;
        ix &= 0x007F;
        int iexp = ix >> 4;
        int mant = ix & 0x000F;
        if (iexp > 0) {
            mant = mant + 16;
        }
        mant = (mant << 4) + 0x0008;
        if (iexp > 1) {
            mant = mant << (iexp - 1);
        }
        return (short) (code > 127 ? mant : -mant);
    }
}
