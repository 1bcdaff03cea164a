package io.github.voxbridge.tts;

import io.github.voxbridge.dsp.pcm.PcmStreamDecoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything an engine delivers: the format, each chunk's size and arrival time, and the bytes. */
public class RecordingSink implements AudioSink {

    public final List<AudioFormatSpec> formats = new ArrayList<>();
    public final List<Integer> chunkSizes = new ArrayList<>();
    public final List<Long> chunkNanos = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void format(AudioFormatSpec format) {
        formats.add(format);
    }

    @Override
    public void audio(byte[] chunk, int off, int len) {
        if (formats.size() != 1) {
            throw new AssertionError("audio before format");
        }
        chunkNanos.add(System.nanoTime());
        chunkSizes.add(len);
        bytes.write(chunk, off, len);
    }

    public AudioFormatSpec format() {
        if (formats.size() != 1) {
            throw new AssertionError("expected exactly one format, got " + formats);
        }
        return formats.get(0);
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }

    public int chunks() {
        return chunkSizes.size();
    }

    /** The audio decoded chunk by chunk, the way a consumer must (carrying split samples). */
    public short[] samples() {
        PcmStreamDecoder decoder = new PcmStreamDecoder(format().encoding());
        byte[] all = bytes();
        short[] out = new short[all.length / format().encoding().bytesPerSample()];
        int at = 0;
        int pos = 0;
        for (int size : chunkSizes) {
            at += decoder.decode(all, pos, size, out, at);
            pos += size;
        }
        decoder.finish();
        return out;
    }
}
