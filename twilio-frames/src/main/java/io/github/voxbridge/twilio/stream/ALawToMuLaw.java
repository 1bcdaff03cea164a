package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;
import java.util.Objects;

/**
 * 8 kHz A-law to 8 kHz mu-law, one code at a time, by a 256-entry table: what an A-law engine's bytes need to become
 * to go on Twilio's wire, which is mu-law only. Both rates are 8000 Hz, so no resampling is involved.
 *
 * <p>The table is {@code MuLaw.encode(ALaw.decode(a))} for every code {@code a}, built once from dsp-core's G.711
 * codecs (bit-exact with ITU-T G.191's {@code g711.c}; dsp-core has no direct A-law to mu-law conversion). It gives
 * exactly the bytes the decode, 8 kHz pass-through resampler, encode path gave before this table existed, at the
 * cost of one array load a byte. Thread-safe: the table is never written after class initialisation.
 */
final class ALawToMuLaw {

    private static final byte[] TABLE = new byte[256];

    static {
        for (int a = 0; a < 256; a++) {
            TABLE[a] = MuLaw.encode(ALaw.decode((byte) a));
        }
    }

    private ALawToMuLaw() {
    }

    /** The mu-law code for one A-law code. */
    static byte convert(byte aLaw) {
        return TABLE[aLaw & 0xFF];
    }

    /**
     * Converts {@code count} A-law codes from {@code src[srcOff ..]} into mu-law codes at {@code dst[dstOff ..]}.
     * Allocates nothing.
     *
     * @throws IndexOutOfBoundsException if either range is outside its array (nothing is written then)
     */
    static void convert(byte[] src, int srcOff, byte[] dst, int dstOff, int count) {
        Objects.checkFromIndexSize(srcOff, count, src.length);
        Objects.checkFromIndexSize(dstOff, count, dst.length);
        for (int i = 0; i < count; i++) {
            dst[dstOff + i] = TABLE[src[srcOff + i] & 0xFF];
        }
    }
}
