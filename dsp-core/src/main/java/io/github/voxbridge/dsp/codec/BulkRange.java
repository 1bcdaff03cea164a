package io.github.voxbridge.dsp.codec;

import java.nio.Buffer;

/** Argument checks shared by the bulk codec methods; messages name the array and the values. */
final class BulkRange {

    private BulkRange() {
    }

    static void check(String what, int arrayLength, int offset, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative sample count " + length);
        }
        if (offset < 0 || offset > arrayLength - length) {
            throw new IndexOutOfBoundsException(what + " range [" + offset + ", " + offset + " + " + length
                    + ") is out of bounds for an array of length " + arrayLength);
        }
    }

    static void checkRoom(Buffer src, Buffer dst) {
        if (dst.remaining() < src.remaining()) {
            throw new IllegalArgumentException("destination buffer has room for " + dst.remaining()
                    + " samples but the source has " + src.remaining());
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination buffer is read-only");
        }
    }
}
