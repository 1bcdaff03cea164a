package io.github.voxbridge.dsp.pcm;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads mono samples from a WAV (RIFF/WAVE) stream, block by block, into {@code float[]} or {@code short[]}.
 *
 * <p>File layout (all integers unsigned little-endian; every chunk body is followed by a pad byte if its size
 * is odd):
 * <pre>
 *   offset  size  field
 *   0       4     "RIFF"
 *   4       4     RIFF size (file size - 8; not checked: live writers leave it 0 or 0xFFFFFFFF)
 *   8       4     "WAVE"
 *   12      ...   chunks, each: id (4 ASCII bytes) | body size (4) | body | pad byte if size is odd
 *
 *   "fmt " body                       "data" body
 *   0   2  format tag                 interleaved frames: channel 0, channel 1, ...
 *   2   2  channels                   one sample of one channel per WavFormat.encoding()
 *   4   4  sample rate (Hz)
 *   8   4  byte rate (not checked)
 *   12  2  block align (bytes per frame)
 *   14  2  bits per sample
 *   16  2  extension size             } WAVE_FORMAT_EXTENSIBLE (tag 0xFFFE) only, fmt body >= 40 bytes
 *   18  2  valid bits per sample      } (not checked)
 *   20  4  channel mask               } (not checked)
 *   24  16 sub-format GUID: tag (2) then 00 00 00 00 10 00 80 00 00 AA 00 38 9B 71
 * </pre>
 * Supported: PCM 8 and 16 bit, IEEE float 32 bit, A-law and mu-law (see {@link WavFormat}), plain or wrapped in
 * WAVE_FORMAT_EXTENSIBLE; mono or stereo. Chunks other than {@code fmt } and {@code data} (LIST, fact, cue, ...)
 * are skipped. The {@code fmt } chunk must come before {@code data}, as the specification requires: the reader
 * never seeks, so it works on pipes and sockets.
 *
 * <p><b>Stereo</b> is downmixed to mono by averaging the two channels, {@code (left + right) / 2}, computed in
 * float; 16-bit output rounds that to nearest, ties to even (see {@link Pcm16#fromFloat(float)}).
 *
 * <p><b>Data size.</b> A data chunk size of 0, 0xFFFFFFFF or 0x7FFFF000 (sox to a pipe, espeak-ng {@code --stdout})
 * is what live writers put in a header before they know the length; it is read as "up to the end of the
 * stream" (so a genuinely empty data chunk followed by other chunks would be misread; no real writer produces
 * that). Any other size is trusted: reading stops
 * after it, and a stream that ends sooner is an error saying how many bytes are missing, raised by
 * {@link #open(Path)} before any audio is read when the file is too short, and by {@code read} (after every
 * complete frame before the cut has been returned) for a stream. A size that is not a whole number of frames is
 * an error at open; so is a stream of unknown length that ends inside a frame. Nothing is silently dropped.
 *
 * <p>Problems with the file throw {@link WavFormatException} (an {@link IOException}) with the offending value.
 * After construction nothing is allocated per call, except by the {@code readAll} conveniences.
 * Not thread-safe.
 */
public final class WavReader implements Closeable {

    static final int RIFF_HEADER_BYTES = 12;
    static final int CHUNK_HEADER_BYTES = 8;
    /** Size of a plain fmt body; WAVEFORMATEX adds 2, WAVE_FORMAT_EXTENSIBLE 24 more. */
    static final int FMT_MIN_BYTES = 16;
    static final int FMT_EXTENSIBLE_BYTES = 40;
    static final int FMT_OFFSET_TAG = 0;
    static final int FMT_OFFSET_CHANNELS = 2;
    static final int FMT_OFFSET_SAMPLE_RATE = 4;
    static final int FMT_OFFSET_BLOCK_ALIGN = 12;
    static final int FMT_OFFSET_BITS = 14;
    static final int FMT_OFFSET_SUBFORMAT = 24;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID derived from a format tag (mmreg.h). */
    static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71,
    };
    /*
     * Data sizes that live writers put in a header before they know the length, read as "to the end of the
     * stream": 0 and 0xFFFFFFFF (the usual placeholders, and what WavWriter.UNKNOWN_LENGTH writes) and
     * 0x7FFFF000, which sox writes when its output is a pipe and espeak-ng writes for --stdout (both with a
     * RIFF size of that plus 36; seen with sox 14.4.2 and espeak-ng 1.51).
     */
    static final long UNKNOWN_SIZE_ZERO = 0;
    static final long UNKNOWN_SIZE_MAX = 0xFFFF_FFFFL;
    static final long UNKNOWN_SIZE_SOX_PIPE = 0x7FFF_F000L;

    /**
     * Most samples {@code readAll*} allocate before the data arrives: 1 Mi samples (4 MiB of floats, 22 s at
     * 48 kHz). Larger data grows the array by doubling.
     */
    static final int MAX_INITIAL_SAMPLES = 1 << 20;

    /** Whole frames are decoded from this buffer; a multiple of every frame size (1, 2, 4 or 8 bytes). */
    private static final int BUFFER_BYTES = 16 * 1024;

    private final InputStream in;
    private final WavFormat format;
    private final int frameBytes;
    /** Declared data size in bytes, or -1 for "read to the end of the stream". */
    private final long dataBytes;
    private long dataRemaining;
    private long dataRead;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int bufferStart;
    private int bufferEnd;
    /** Interleaved stereo samples before the downmix; empty for mono. */
    private final float[] interleaved;
    private boolean endOfStream;

    private WavReader(InputStream in, WavFormat format, long dataBytes) {
        this.in = in;
        this.format = format;
        this.frameBytes = format.frameBytes();
        this.dataBytes = dataBytes;
        this.dataRemaining = dataBytes;
        this.interleaved = new float[format.channels() == 1 ? 0 : BUFFER_BYTES / format.encoding().bytesPerSample()];
    }

    /**
     * Reads the header of a WAV stream up to the start of the audio; the stream is left positioned there.
     * The reader takes ownership of the stream and closes it in {@link #close()}. It reads the stream in
     * 16 KiB blocks itself, so the stream need not be buffered.
     *
     * @throws WavFormatException if the header is malformed or the format unsupported (the stream is not closed)
     */
    public static WavReader open(InputStream in) throws IOException {
        HeaderParser header = new HeaderParser(in);
        header.parse();
        return new WavReader(in, header.format, header.dataBytes);
    }

    /**
     * Opens a WAV file. Unlike {@link #open(InputStream)} this knows the file size, so a data chunk that claims
     * more bytes than the file holds is reported here, before any audio is read.
     *
     * @throws WavFormatException if the header is malformed, the format unsupported or the file too short
     */
    public static WavReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            HeaderParser header = new HeaderParser(in);
            header.parse();
            long available = Files.size(file) - header.position;
            if (header.dataBytes >= 0 && header.dataBytes > available) {
                throw new WavFormatException(missingBytes(header.dataBytes, available));
            }
            return new WavReader(in, header.format, header.dataBytes);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The layout of the file's samples; {@code read} delivers mono at {@link WavFormat#sampleRate()}. */
    public WavFormat format() {
        return format;
    }

    /** Number of frames (mono samples after downmix) in the data chunk, or -1 if the header left it open. */
    public long frames() {
        return dataBytes < 0 ? -1 : dataBytes / frameBytes;
    }

    /**
     * Reads up to {@code len} mono samples (stereo is downmixed) as floats at ±1.0 full scale.
     *
     * @return samples written to {@code dst}, {@code > 0} if {@code len > 0} and audio remains; -1 at the end
     * @throws WavFormatException at the end if the data was cut short (see the class comment)
     */
    public int read(float[] dst, int off, int len) throws IOException {
        int frames = prepare(dst.length, off, len);
        if (frames <= 0) {
            return frames;
        }
        SampleEncoding encoding = format.encoding();
        if (format.channels() == 1) {
            encoding.decode(buffer, bufferStart, dst, off, frames);
        } else {
            encoding.decode(buffer, bufferStart, interleaved, 0, 2 * frames);
            for (int i = 0; i < frames; i++) {
                dst[off + i] = (interleaved[2 * i] + interleaved[2 * i + 1]) * 0.5f;
            }
        }
        consume(frames);
        return frames;
    }

    /**
     * Reads up to {@code len} mono samples (stereo is downmixed) as 16-bit linear PCM; float files are
     * quantised by {@link Pcm16#fromFloat(float)}.
     *
     * @return samples written to {@code dst}, {@code > 0} if {@code len > 0} and audio remains; -1 at the end
     * @throws WavFormatException at the end if the data was cut short (see the class comment)
     */
    public int read(short[] dst, int off, int len) throws IOException {
        int frames = prepare(dst.length, off, len);
        if (frames <= 0) {
            return frames;
        }
        SampleEncoding encoding = format.encoding();
        if (format.channels() == 1) {
            encoding.decode(buffer, bufferStart, dst, off, frames);
        } else {
            encoding.decode(buffer, bufferStart, interleaved, 0, 2 * frames);
            for (int i = 0; i < frames; i++) {
                dst[off + i] = Pcm16.fromFloat((interleaved[2 * i] + interleaved[2 * i + 1]) * 0.5f);
            }
        }
        consume(frames);
        return frames;
    }

    /** Reads every remaining sample as floats (allocates the result). */
    public float[] readAllFloats() throws IOException {
        float[] all = new float[initialCapacity()];
        int count = 0;
        for (int n; (n = read(all, count, all.length - count)) >= 0; ) {
            count += n;
            if (count == all.length) {
                all = Arrays.copyOf(all, grow(all.length));
            }
        }
        return Arrays.copyOf(all, count); // count < all.length here: the array grows as soon as it is full
    }

    /** Reads every remaining sample as 16-bit PCM (allocates the result). */
    public short[] readAllShorts() throws IOException {
        short[] all = new short[initialCapacity()];
        int count = 0;
        for (int n; (n = read(all, count, all.length - count)) >= 0; ) {
            count += n;
            if (count == all.length) {
                all = Arrays.copyOf(all, grow(all.length));
            }
        }
        return Arrays.copyOf(all, count); // count < all.length here: the array grows as soon as it is full
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    private int initialCapacity() {
        long frames = frames();
        // +1 so that a known length still reaches read() once more and sees the end (and any truncation). A stream's
        // header is only a claim (a 2 GiB data size over 10 bytes of data threw OutOfMemoryError), so at most
        // MAX_INITIAL_SAMPLES are allocated up front; longer data grows the array as it actually arrives.
        return frames < 0 ? 8192 : (int) Math.min(MAX_INITIAL_SAMPLES, frames - dataRead / frameBytes + 1);
    }

    private static int grow(int length) {
        if (length >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("WAV data does not fit in one Java array");
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, 2L * length);
    }

    /** Checks the range, makes at least one whole frame available, and returns how many to decode (or -1/0). */
    private int prepare(int dstLength, int off, int len) throws IOException {
        if (len < 0) {
            throw new IllegalArgumentException("negative sample count " + len);
        }
        if (off < 0 || off > dstLength - len) {
            throw new IndexOutOfBoundsException("sample range [" + off + ", " + off + " + " + len
                    + ") is out of bounds for an array of length " + dstLength);
        }
        if (len == 0) {
            return 0;
        }
        if (bufferEnd - bufferStart < frameBytes) {
            fill();
        }
        int available = (bufferEnd - bufferStart) / frameBytes;
        if (available == 0) {
            checkCompleteAtEnd();
            return -1;
        }
        return Math.min(len, available); // available <= BUFFER_BYTES / frameBytes: the buffer holds no more
    }

    private void consume(int frames) {
        bufferStart += frames * frameBytes;
        dataRead += (long) frames * frameBytes;
    }

    /** Moves the partial frame to the front and reads until a whole frame is there or the data ends. */
    private void fill() throws IOException {
        int kept = bufferEnd - bufferStart;
        System.arraycopy(buffer, bufferStart, buffer, 0, kept);
        bufferStart = 0;
        bufferEnd = kept;
        while (bufferEnd < frameBytes && !endOfStream) {
            int room = buffer.length - bufferEnd;
            if (dataBytes >= 0) {
                room = (int) Math.min(room, dataRemaining);
                if (room == 0) {
                    return;
                }
            }
            int n = in.read(buffer, bufferEnd, room);
            if (n < 0) {
                endOfStream = true;
            } else {
                bufferEnd += n;
                if (dataBytes >= 0) {
                    dataRemaining -= n;
                }
            }
        }
    }

    private void checkCompleteAtEnd() throws WavFormatException {
        int dangling = bufferEnd - bufferStart;
        if (dataBytes >= 0 && dataRemaining > 0) {
            throw new WavFormatException(missingBytes(dataBytes, dataRead + dangling));
        }
        if (dangling > 0) {
            throw new WavFormatException("data of unknown length ended inside a frame after " + (dataRead + dangling)
                    + " bytes: " + dangling + (dangling == 1 ? " dangling byte (" : " dangling bytes (")
                    + describe(format) + ")");
        }
    }

    private static String missingBytes(long declared, long available) {
        return "data chunk declares " + declared + " bytes but the stream ended after " + available + ": "
                + (declared - available) + " bytes missing";
    }

    /** Only for frames of 2 or more bytes: a 1-byte frame cannot be left incomplete, so no message names one. */
    static String describe(WavFormat format) {
        return format.encoding().id() + (format.channels() == 1 ? " mono, " : " stereo, ") + format.frameBytes()
                + " bytes per frame";
    }

    /** Reads the RIFF header and the chunks up to the start of the data; knows the byte position throughout. */
    private static final class HeaderParser {
        private final InputStream in;
        private final byte[] scratch = new byte[FMT_EXTENSIBLE_BYTES];
        long position;
        WavFormat format;
        long dataBytes;

        HeaderParser(InputStream in) {
            this.in = in;
        }

        void parse() throws IOException {
            int n = readUpTo(scratch, RIFF_HEADER_BYTES);
            if (n >= 4 && !isId(scratch, 0, "RIFF")) {
                throw new WavFormatException("not a RIFF/WAVE file: starts with " + quoteId(scratch, 0)
                        + (isId(scratch, 0, "RF64") ? " (RF64 is not supported)" : ""));
            }
            if (n < RIFF_HEADER_BYTES) {
                throw new WavFormatException("truncated header: the stream ended after " + n
                        + " bytes, a WAV file starts with a " + RIFF_HEADER_BYTES + "-byte RIFF header");
            }
            if (!isId(scratch, 8, "WAVE")) {
                throw new WavFormatException("not a RIFF/WAVE file: RIFF form type is " + quoteId(scratch, 8)
                        + ", expected 'WAVE'");
            }
            while (true) {
                long chunkStart = position;
                n = readUpTo(scratch, CHUNK_HEADER_BYTES);
                if (n == 0) {
                    throw new WavFormatException("missing " + (format == null ? "fmt" : "data")
                            + " chunk: the stream ended at byte offset " + position + " without one");
                }
                if (n < CHUNK_HEADER_BYTES) {
                    throw new WavFormatException("truncated header: chunk header at byte offset " + chunkStart
                            + " has " + n + " of " + CHUNK_HEADER_BYTES + " bytes");
                }
                String id = quoteId(scratch, 0);
                long size = u32(scratch, 4);
                if (isId(scratch, 0, "data")) {
                    if (format == null) {
                        throw new WavFormatException("missing fmt chunk: data chunk at byte offset " + chunkStart
                                + " comes before any fmt chunk");
                    }
                    dataBytes = size == UNKNOWN_SIZE_ZERO || size == UNKNOWN_SIZE_MAX || size == UNKNOWN_SIZE_SOX_PIPE
                            ? -1 : size;
                    if (dataBytes > 0 && dataBytes % format.frameBytes() != 0) {
                        long dangling = dataBytes % format.frameBytes();
                        throw new WavFormatException("data chunk size " + dataBytes
                                + " is not a whole number of frames: " + dangling
                                + (dangling == 1 ? " dangling byte (" : " dangling bytes (") + describe(format) + ")");
                    }
                    return;
                }
                if (isId(scratch, 0, "fmt ")) {
                    if (size < FMT_MIN_BYTES) {
                        throw new WavFormatException("fmt chunk at byte offset " + chunkStart + " is " + size
                                + " bytes, need at least " + FMT_MIN_BYTES);
                    }
                    int body = (int) Math.min(size, FMT_EXTENSIBLE_BYTES);
                    n = readUpTo(scratch, body);
                    if (n < body) {
                        throw truncatedChunk(id, chunkStart, size, n);
                    }
                    format = parseFormat(scratch, size);
                    skipChunkRest(id, chunkStart, size, body);
                } else {
                    skipChunkRest(id, chunkStart, size, 0);
                }
            }
        }

        /** @param size the fmt chunk's declared size, unsigned 32-bit (a cast to int made large sizes negative) */
        private WavFormat parseFormat(byte[] fmt, long size) throws WavFormatException {
            int tag = u16(fmt, FMT_OFFSET_TAG);
            int channels = u16(fmt, FMT_OFFSET_CHANNELS);
            long sampleRate = u32(fmt, FMT_OFFSET_SAMPLE_RATE);
            int blockAlign = u16(fmt, FMT_OFFSET_BLOCK_ALIGN);
            int bits = u16(fmt, FMT_OFFSET_BITS);
            if (tag == WavFormat.TAG_EXTENSIBLE) {
                if (size < FMT_EXTENSIBLE_BYTES) {
                    throw new WavFormatException("WAVE_FORMAT_EXTENSIBLE fmt chunk is " + size
                            + " bytes, need " + FMT_EXTENSIBLE_BYTES);
                }
                if (!Arrays.equals(fmt, FMT_OFFSET_SUBFORMAT + 2, FMT_OFFSET_SUBFORMAT + 16,
                        SUBFORMAT_GUID_TAIL, 0, SUBFORMAT_GUID_TAIL.length)) {
                    throw new WavFormatException("unsupported WAVE_FORMAT_EXTENSIBLE sub-format GUID "
                            + guid(fmt, FMT_OFFSET_SUBFORMAT) + " (not derived from a WAV format tag)");
                }
                tag = u16(fmt, FMT_OFFSET_SUBFORMAT);
            }
            SampleEncoding encoding = switch (tag) {
                case WavFormat.TAG_PCM -> switch (bits) {
                    case 8 -> SampleEncoding.U8;
                    case 16 -> SampleEncoding.S16LE;
                    default -> throw unsupportedBits(bits, "PCM", "8 or 16");
                };
                case WavFormat.TAG_IEEE_FLOAT -> bits == 32 ? SampleEncoding.F32LE
                        : throwUnsupportedBits(bits, "IEEE float", "32");
                case WavFormat.TAG_ALAW -> bits == 8 ? SampleEncoding.ALAW : throwUnsupportedBits(bits, "A-law", "8");
                case WavFormat.TAG_MULAW -> bits == 8 ? SampleEncoding.MULAW
                        : throwUnsupportedBits(bits, "mu-law", "8");
                default -> throw new WavFormatException(String.format("unsupported WAV format tag 0x%04X%s",
                        tag, tagName(tag)));
            };
            if (channels == 0 || channels > 2) {
                throw new WavFormatException("unsupported channel count " + channels + " (mono and stereo only)");
            }
            if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
                throw new WavFormatException("invalid sample rate " + sampleRate + " Hz");
            }
            WavFormat parsed = new WavFormat(encoding, channels, (int) sampleRate);
            if (blockAlign != parsed.frameBytes()) {
                throw new WavFormatException("block align " + blockAlign + " does not match " + channels
                        + " channel(s) of " + bits + "-bit samples (expected " + parsed.frameBytes() + ")");
            }
            return parsed;
        }

        private static WavFormatException unsupportedBits(int bits, String what, String supported) {
            return new WavFormatException("unsupported bits per sample " + bits + " for " + what
                    + " (supported: " + supported + ")");
        }

        private static SampleEncoding throwUnsupportedBits(int bits, String what, String supported)
                throws WavFormatException {
            throw unsupportedBits(bits, what, supported);
        }

        /** Common names of format tags voxbridge does not decode, so the message says what the file is. */
        private static String tagName(int tag) {
            String name = switch (tag) {
                case 0x0000 -> "unknown";
                case 0x0002 -> "ADPCM";
                case 0x0011 -> "IMA ADPCM";
                case 0x0031 -> "GSM 6.10";
                case 0x0040 -> "G.721 ADPCM";
                case 0x0050 -> "MPEG";
                case 0x0055 -> "MPEG Layer 3";
                case 0x0092 -> "Dolby AC3 SPDIF";
                case 0x1610 -> "MPEG-4 AAC";
                case 0xFFFE -> "EXTENSIBLE";
                default -> null;
            };
            return name == null ? "" : " (" + name + ")";
        }

        /** Skips what is left of a chunk body after {@code alreadyRead} bytes, plus the pad byte of odd sizes. */
        private void skipChunkRest(String id, long chunkStart, long size, long alreadyRead) throws IOException {
            long toSkip = size - alreadyRead + (size & 1);
            long skipped = skip(toSkip);
            if (skipped < toSkip) {
                long bodyRead = Math.min(size, alreadyRead + skipped);
                // A missing pad byte right at the end of the file is harmless: only a short body is an error.
                if (bodyRead < size) {
                    throw truncatedChunk(id, chunkStart, size, bodyRead);
                }
            }
        }

        private WavFormatException truncatedChunk(String id, long chunkStart, long size, long read) {
            return new WavFormatException("truncated " + id + " chunk at byte offset " + chunkStart + ": declares "
                    + size + " bytes but the stream ended after " + read + ": " + (size - read) + " bytes missing");
        }

        private int readUpTo(byte[] b, int len) throws IOException {
            int n = in.readNBytes(b, 0, len);
            position += n;
            return n;
        }

        private long skip(long n) throws IOException {
            long done = 0;
            while (done < n) {
                long s = in.skip(n - done);
                if (s <= 0) {
                    // skip() may return 0 before the end; one read tells end from a pause.
                    if (in.read() < 0) {
                        break;
                    }
                    s = 1;
                }
                done += s;
            }
            position += done;
            return done;
        }
    }

    private static boolean isId(byte[] b, int at, String id) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code 'RIFF'}, or the bytes in hex when they are not printable ASCII. */
    private static String quoteId(byte[] b, int at) {
        StringBuilder text = new StringBuilder("'");
        StringBuilder hex = new StringBuilder("0x");
        boolean printable = true;
        for (int i = 0; i < 4; i++) {
            int c = b[at + i] & 0xFF;
            printable &= c >= 0x20 && c < 0x7F;
            text.append((char) c);
            hex.append(String.format("%02X", c));
        }
        return printable ? text.append('\'').toString() : hex.toString();
    }

    private static String guid(byte[] b, int at) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            s.append(String.format("%02X", b[at + i] & 0xFF));
        }
        return s.toString();
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
