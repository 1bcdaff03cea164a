package io.github.voxbridge.dsp.pcm;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes mono samples to a WAV file or stream as 16-bit PCM, 8-bit PCM, 32-bit float, mu-law or A-law.
 *
 * <p>Header written (integers unsigned little-endian):
 * <pre>
 *   offset  size  u8 / s16le (44 bytes)       f32le / mulaw / alaw (58 bytes)
 *   0       4     "RIFF"                      "RIFF"
 *   4       4     RIFF size = file size - 8   RIFF size
 *   8       4     "WAVE"                      "WAVE"
 *   12      4     "fmt "                      "fmt "
 *   16      4     16                          18 (WAVEFORMATEX: the spec asks non-PCM formats for cbSize)
 *   20      16    tag, channels = 1, rate, byte rate, block align, bits
 *   36      -                                 cbSize = 0 (2 bytes)
 *   36/38   4     "data"                      "fact", 4, sample count (12 bytes, required for non-PCM)
 *   40/50   4     data size in bytes          "data", data size
 *   44/58   ...   samples, then a pad byte if the data size is odd
 * </pre>
 *
 * <p>Two ways to get the sizes right:
 * <ul>
 *   <li>{@link #create(Path, SampleEncoding, int)}: a seekable file; the header is written with zero sizes and
 *       patched in {@link #close()}.</li>
 *   <li>{@link #create(OutputStream, SampleEncoding, int, long)}: a stream, with the number of samples declared
 *       up front; writing more, or closing after fewer, throws rather than leaving a header that lies. Declare
 *       {@link #UNKNOWN_LENGTH} for a live stream: the sizes are then 0xFFFFFFFF, which {@link WavReader} and
 *       most players read as "until the end of the stream".</li>
 * </ul>
 * Samples are encoded through a 16 KiB buffer; nothing is allocated per call. Not thread-safe.
 */
public final class WavWriter implements Closeable {

    /** Declared length for a stream whose length is not known in advance. */
    public static final long UNKNOWN_LENGTH = -1;

    static final int PCM_HEADER_BYTES = 44;
    static final int NON_PCM_HEADER_BYTES = 58;
    /** RIFF sizes are 32-bit: this many bytes of header and data at most after the first 8. */
    static final long MAX_RIFF_SIZE = 0xFFFF_FFFFL;
    private static final int BUFFER_BYTES = 16 * 1024;

    private final WavFormat format;
    private final int bytesPerSample;
    private final int headerBytes;
    private final FileChannel channel;
    private final OutputStream out;
    /** Samples promised in a stream header, or {@link #UNKNOWN_LENGTH}; unused for files. */
    private final long declaredSamples;
    private final long maxSamples;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final ByteBuffer bufferView = ByteBuffer.wrap(buffer);
    private long samplesWritten;
    private boolean closed;

    private WavWriter(WavFormat format, FileChannel channel, OutputStream out, long declaredSamples) {
        this.format = format;
        this.bytesPerSample = format.encoding().bytesPerSample();
        this.headerBytes = format.formatTag() == WavFormat.TAG_PCM ? PCM_HEADER_BYTES : NON_PCM_HEADER_BYTES;
        this.channel = channel;
        this.out = out;
        this.declaredSamples = declaredSamples;
        // The RIFF size counts everything after its own field: header - 8, the data and its pad byte.
        this.maxSamples = (MAX_RIFF_SIZE - (headerBytes - 8) - 1) / bytesPerSample;
    }

    /**
     * Creates (or truncates) a WAV file of mono samples; sizes are filled in by {@link #close()}.
     *
     * @param encoding   u8, s16le, f32le, mulaw or alaw
     * @param sampleRate samples per second (Hz)
     */
    public static WavWriter create(Path file, SampleEncoding encoding, int sampleRate) throws IOException {
        WavFormat format = new WavFormat(encoding, 1, sampleRate);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            WavWriter writer = new WavWriter(format, channel, null, UNKNOWN_LENGTH);
            writer.writeHeader(0);
            return writer;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Writes a WAV header for {@code samples} mono samples to {@code out}; exactly that many must follow.
     * The writer closes {@code out} in {@link #close()}.
     *
     * @param encoding   u8, s16le, f32le, mulaw or alaw
     * @param sampleRate samples per second (Hz)
     * @param samples    the number of samples that will be written, or {@link #UNKNOWN_LENGTH}
     */
    public static WavWriter create(OutputStream out, SampleEncoding encoding, int sampleRate, long samples)
            throws IOException {
        WavFormat format = new WavFormat(encoding, 1, sampleRate);
        WavWriter writer = new WavWriter(format, null, out, samples);
        if (samples < UNKNOWN_LENGTH || samples > writer.maxSamples) {
            throw new IllegalArgumentException("cannot declare " + samples + " samples: a WAV file of "
                    + encoding.id() + " holds 0 to " + writer.maxSamples + " (or UNKNOWN_LENGTH)");
        }
        writer.writeHeader(samples);
        return writer;
    }

    /** The format written: mono, the encoding and rate given at creation. */
    public WavFormat format() {
        return format;
    }

    /** Samples written so far. */
    public long samplesWritten() {
        return samplesWritten;
    }

    /** Encodes and writes {@code len} 16-bit samples. */
    public void write(short[] src, int off, int len) throws IOException {
        checkWrite(src.length, off, len);
        int perBlock = BUFFER_BYTES / bytesPerSample;
        for (int done = 0; done < len; ) {
            int n = Math.min(perBlock, len - done);
            format.encoding().encode(src, off + done, buffer, 0, n);
            writeBytes(n * bytesPerSample);
            done += n;
            samplesWritten += n;
        }
    }

    /** Encodes and writes {@code len} float samples (±1.0 full scale; see {@link SampleEncoding}). */
    public void write(float[] src, int off, int len) throws IOException {
        checkWrite(src.length, off, len);
        int perBlock = BUFFER_BYTES / bytesPerSample;
        for (int done = 0; done < len; ) {
            int n = Math.min(perBlock, len - done);
            format.encoding().encode(src, off + done, buffer, 0, n);
            writeBytes(n * bytesPerSample);
            done += n;
            samplesWritten += n;
        }
    }

    /**
     * Writes samples that are already in this writer's encoding, unchanged: for mu-law or A-law, the G.711 codes
     * themselves (decoding and re-encoding them would not be the identity: both 0x7F and 0xFF decode to 0).
     *
     * @param src bytes of whole samples in {@link #format()}'s encoding, e.g. one mu-law code per sample
     * @param off index of the first byte
     * @param len number of bytes: a multiple of the encoding's bytes per sample
     * @throws IllegalArgumentException if {@code len} is negative or not a whole number of samples
     */
    public void writeEncoded(byte[] src, int off, int len) throws IOException {
        if (len % bytesPerSample != 0) {
            throw new IllegalArgumentException(len + " bytes is not a whole number of " + format.encoding().id()
                    + " samples (" + bytesPerSample + " bytes each)");
        }
        Objects.checkFromIndexSize(off, len, src.length);
        int samples = len / bytesPerSample;
        checkWrite(samples, 0, samples); // closed? over the declared or the 4 GiB limit?
        if (channel != null) {
            ByteBuffer view = ByteBuffer.wrap(src, off, len);
            while (view.hasRemaining()) {
                channel.write(view);
            }
        } else {
            out.write(src, off, len);
        }
        samplesWritten += samples;
    }

    /**
     * Finishes the file: writes the pad byte after odd-sized data, patches the sizes of a file, and closes it.
     *
     * @throws IOException if a stream got fewer samples than its header declared (the stream is closed anyway)
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (Closeable target = channel != null ? channel : out) {
            long dataBytes = samplesWritten * bytesPerSample;
            boolean sizeKnown = channel != null || declaredSamples != UNKNOWN_LENGTH;
            if (sizeKnown && (dataBytes & 1) != 0) {
                buffer[0] = 0;
                writeBytes(1);
            }
            if (channel != null) {
                channel.position(0);
                writeHeader(samplesWritten);
            } else {
                out.flush();
                if (declaredSamples != UNKNOWN_LENGTH && samplesWritten != declaredSamples) {
                    throw new IOException("WAV header declared " + declaredSamples + " samples but "
                            + samplesWritten + " were written");
                }
            }
        }
    }

    private void checkWrite(int length, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("WAV writer is closed");
        }
        if (len < 0) {
            throw new IllegalArgumentException("negative sample count " + len);
        }
        if (off < 0 || off > length - len) {
            throw new IndexOutOfBoundsException("sample range [" + off + ", " + off + " + " + len
                    + ") is out of bounds for an array of length " + length);
        }
        long limit = channel == null && declaredSamples != UNKNOWN_LENGTH ? declaredSamples : maxSamples;
        if (samplesWritten + len > limit) {
            throw new IOException("writing " + len + " more samples after " + samplesWritten + " would exceed "
                    + (limit == maxSamples ? "the 4 GiB limit of a WAV file: at most " + maxSamples
                            : "the " + declaredSamples + " declared in the WAV header"));
        }
    }

    /** Writes the header for {@code samples} samples (or unknown sizes) at the current position. */
    private void writeHeader(long samples) throws IOException {
        long riffSize;
        long dataSize;
        long factCount;
        if (samples == UNKNOWN_LENGTH) {
            riffSize = MAX_RIFF_SIZE;
            dataSize = MAX_RIFF_SIZE;
            factCount = MAX_RIFF_SIZE;
        } else {
            dataSize = samples * bytesPerSample;
            riffSize = headerBytes - 8 + dataSize + (dataSize & 1);
            factCount = samples;
        }
        ByteBuffer h = ByteBuffer.wrap(buffer, 0, headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean pcm = headerBytes == PCM_HEADER_BYTES;
        putId(h, "RIFF");
        h.putInt((int) riffSize);
        putId(h, "WAVE");
        putId(h, "fmt ");
        h.putInt(pcm ? 16 : 18);
        h.putShort((short) format.formatTag());
        h.putShort((short) 1);
        h.putInt(format.sampleRate());
        h.putInt(format.sampleRate() * format.frameBytes());
        h.putShort((short) format.frameBytes());
        h.putShort((short) format.bitsPerSample());
        if (!pcm) {
            h.putShort((short) 0);
            putId(h, "fact");
            h.putInt(4);
            h.putInt((int) factCount);
        }
        putId(h, "data");
        h.putInt((int) dataSize);
        writeBytes(headerBytes);
    }

    private static void putId(ByteBuffer h, String id) {
        for (int i = 0; i < 4; i++) {
            h.put((byte) id.charAt(i));
        }
    }

    private void writeBytes(int count) throws IOException {
        if (channel != null) {
            bufferView.clear().limit(count);
            while (bufferView.hasRemaining()) {
                channel.write(bufferView);
            }
        } else {
            out.write(buffer, 0, count);
        }
    }
}
