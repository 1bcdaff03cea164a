package io.github.voxbridge.dsp.pcm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds RIFF/WAVE bytes chunk by chunk, so tests can make headers that are wrong in exactly one way. */
final class RiffBuilder {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Starts with {@code "RIFF" size "WAVE"}; the RIFF size is not checked by the reader, so it is left 0. */
    static RiffBuilder wave() {
        return new RiffBuilder().raw("RIFF").u32(0).raw("WAVE");
    }

    RiffBuilder raw(String ascii) {
        bytes.writeBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    RiffBuilder raw(byte[] data) {
        bytes.writeBytes(data);
        return this;
    }

    RiffBuilder u16(int value) {
        bytes.write(value);
        bytes.write(value >> 8);
        return this;
    }

    RiffBuilder u32(long value) {
        return u16((int) value).u16((int) (value >> 16));
    }

    /** A chunk with the given body, plus a pad byte if the body is odd. */
    RiffBuilder chunk(String id, byte[] body) {
        raw(id).u32(body.length).raw(body);
        if ((body.length & 1) != 0) {
            bytes.write(0);
        }
        return this;
    }

    /** A plain 16-byte fmt chunk. */
    RiffBuilder fmt(int tag, int channels, int sampleRate, int bits) {
        return chunk("fmt ", fmtBody(tag, channels, sampleRate, bits, channels * bits / 8));
    }

    static byte[] fmtBody(int tag, int channels, int sampleRate, int bits, int blockAlign) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) tag).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bits).array();
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk whose sub-format GUID carries {@code subTag}. */
    RiffBuilder fmtExtensible(int subTag, int channels, int sampleRate, int bits, byte[] guidTail) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fmtBody(0xFFFE, channels, sampleRate, bits, channels * bits / 8));
        b.putShort((short) 22).putShort((short) bits).putInt(channels == 1 ? 0x4 : 0x3);
        b.putShort((short) subTag).put(guidTail);
        return chunk("fmt ", b.array());
    }

    /** A data chunk header declaring {@code declaredSize} bytes, followed by {@code data} (any length). */
    RiffBuilder data(long declaredSize, byte[] data) {
        return raw("data").u32(declaredSize).raw(data);
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
