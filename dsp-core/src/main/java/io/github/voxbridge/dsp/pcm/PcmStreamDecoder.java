package io.github.voxbridge.dsp.pcm;

/**
 * Decodes a stream of raw samples of one {@link SampleEncoding} that arrives in pieces of any size, carrying an
 * incomplete sample (the odd byte of 16-bit PCM, one to three bytes of a 32-bit float) from one call to the next.
 *
 * <p>In the style of a Netty {@code ByteToMessageDecoder}: every byte handed to {@code decode} is consumed (the
 * caller never keeps a remainder), whole samples are written out, and the at most {@code bytesPerSample - 1}
 * bytes of a started sample wait inside the decoder until the rest of it arrives. A partial sample is never
 * emitted, dropped or padded: {@link #finish()} at the end of the stream throws if one is left.
 * Feeding the same bytes in any chunking gives the same samples.
 *
 * <p>Nothing is allocated after construction. Size destination arrays with {@link #samplesFor(int)}, or once
 * for the largest piece with {@code (maxPieceBytes + bytesPerSample - 1) / bytesPerSample} samples. Not
 * thread-safe: one decoder per stream.
 *
 * {@snippet id="pcm-stream-decoder" :
 * PcmStreamDecoder decoder = new PcmStreamDecoder(SampleEncoding.S16LE);
 * byte[] buffer = new byte[4096];
 * short[] samples = new short[(buffer.length + 1) / 2];   // + 1: a byte may be left from the last read
 * for (int n; (n = in.read(buffer)) > 0; ) {
 *     int count = decoder.decode(buffer, 0, n, samples, 0);
 *     deliver(samples, count);
 * }
 * decoder.finish();                                        // throws PcmFormatException on an odd byte count
 * }
 */
public final class PcmStreamDecoder {

    private final SampleEncoding encoding;
    private final int bytesPerSample;
    /** The started sample: {@code pendingCount} bytes, in stream order. */
    private final byte[] pending;
    private int pendingCount;
    private long bytesConsumed;

    /** @param encoding how the incoming bytes encode samples */
    public PcmStreamDecoder(SampleEncoding encoding) {
        if (encoding == null) {
            throw new NullPointerException("encoding");
        }
        this.encoding = encoding;
        this.bytesPerSample = encoding.bytesPerSample();
        this.pending = new byte[bytesPerSample];
    }

    /** The encoding this decoder reads. */
    public SampleEncoding encoding() {
        return encoding;
    }

    /**
     * How many samples the next {@code decode} call with {@code srcLen} bytes will write, counting the bytes
     * still pending from earlier calls. Lets callers size the destination without guessing.
     *
     * @param srcLen bytes the caller is about to pass, {@code >= 0}
     * @return samples, in {@code [0, (srcLen + bytesPerSample - 1) / bytesPerSample]}
     */
    public int samplesFor(int srcLen) {
        if (srcLen < 0) {
            throw new IllegalArgumentException("negative byte count " + srcLen);
        }
        return (int) (((long) pendingCount + srcLen) / bytesPerSample);
    }

    /**
     * Decodes {@code srcLen} bytes into 16-bit samples (see {@link SampleEncoding} for the conversions).
     *
     * @param src    bytes of the stream, continuing where the previous call stopped
     * @param srcOff index of the first byte in {@code src}
     * @param srcLen number of bytes, {@code >= 0}; all of them are consumed
     * @param dst    receives the samples; needs room for {@link #samplesFor(int) samplesFor(srcLen)} of them
     * @param dstOff index in {@code dst} of the first sample written
     * @return the number of samples written to {@code dst}
     * @throws IndexOutOfBoundsException if a range is outside its array or {@code dst} has too little room
     *                                   (checked before anything is consumed or written)
     */
    public int decode(byte[] src, int srcOff, int srcLen, short[] dst, int dstOff) {
        int samples = checkArguments(src, srcOff, srcLen, dst.length, dstOff);
        int at = srcOff;
        int end = srcOff + srcLen;
        int written = 0;
        if (pendingCount > 0) {
            at = completePending(src, at, end);
            if (pendingCount < bytesPerSample) {
                bytesConsumed += srcLen;
                return 0;
            }
            encoding.decode(pending, 0, dst, dstOff, 1);
            pendingCount = 0;
            written = 1;
        }
        int whole = samples - written;
        encoding.decode(src, at, dst, dstOff + written, whole);
        keepTail(src, at + whole * bytesPerSample, end);
        bytesConsumed += srcLen;
        return samples;
    }

    /**
     * Decodes {@code srcLen} bytes into float samples at ±1.0 full scale (see {@link SampleEncoding}).
     * Same contract as {@link #decode(byte[], int, int, short[], int)}.
     *
     * @return the number of samples written to {@code dst}
     */
    public int decode(byte[] src, int srcOff, int srcLen, float[] dst, int dstOff) {
        int samples = checkArguments(src, srcOff, srcLen, dst.length, dstOff);
        int at = srcOff;
        int end = srcOff + srcLen;
        int written = 0;
        if (pendingCount > 0) {
            at = completePending(src, at, end);
            if (pendingCount < bytesPerSample) {
                bytesConsumed += srcLen;
                return 0;
            }
            encoding.decode(pending, 0, dst, dstOff, 1);
            pendingCount = 0;
            written = 1;
        }
        int whole = samples - written;
        encoding.decode(src, at, dst, dstOff + written, whole);
        keepTail(src, at + whole * bytesPerSample, end);
        bytesConsumed += srcLen;
        return samples;
    }

    /** Bytes of a started sample held since the last call, waiting for the rest: {@code 0 .. bytesPerSample-1}. */
    public int pendingBytes() {
        return pendingCount;
    }

    /** Bytes passed to {@code decode} since construction or the last {@link #reset()}, pending ones included. */
    public long bytesConsumed() {
        return bytesConsumed;
    }

    /**
     * Declares the end of the stream. Does nothing if it ended on a sample boundary; otherwise the stream was
     * cut inside a sample, and this throws. The decoder's state is left as it was either way; call
     * {@link #reset()} to decode another stream.
     *
     * @throws PcmFormatException naming the total byte count and the dangling bytes, e.g.
     *                            {@code "odd byte count 4801 at end of stream: 1 dangling byte (s16le, 2 bytes per sample)"}
     */
    public void finish() {
        if (pendingCount == 0) {
            return;
        }
        String dangling = pendingCount + (pendingCount == 1 ? " dangling byte" : " dangling bytes");
        String what = " (" + encoding.id() + ", " + bytesPerSample + " bytes per sample)";
        if (bytesPerSample == 2) {
            throw new PcmFormatException("odd byte count " + bytesConsumed + " at end of stream: " + dangling + what);
        }
        throw new PcmFormatException("byte count " + bytesConsumed + " at end of stream is not a multiple of "
                + bytesPerSample + ": " + dangling + what);
    }

    /** Forgets any pending bytes and the byte count, ready for a new stream. */
    public void reset() {
        pendingCount = 0;
        bytesConsumed = 0;
    }

    /** Moves bytes from {@code src} into {@link #pending} until it holds one sample or {@code src} runs out. */
    private int completePending(byte[] src, int at, int end) {
        int take = Math.min(bytesPerSample - pendingCount, end - at);
        System.arraycopy(src, at, pending, pendingCount, take);
        pendingCount += take;
        return at + take;
    }

    private void keepTail(byte[] src, int at, int end) {
        int tail = end - at;
        System.arraycopy(src, at, pending, 0, tail);
        pendingCount = tail;
    }

    private int checkArguments(byte[] src, int srcOff, int srcLen, int dstLength, int dstOff) {
        if (srcLen < 0) {
            throw new IllegalArgumentException("negative byte count " + srcLen);
        }
        if (srcOff < 0 || srcOff > src.length - srcLen) {
            throw new IndexOutOfBoundsException("source byte range [" + srcOff + ", " + srcOff + " + " + srcLen
                    + ") is out of bounds for an array of length " + src.length);
        }
        int samples = samplesFor(srcLen);
        if (dstOff < 0 || dstOff > dstLength - samples) {
            throw new IndexOutOfBoundsException("destination sample range [" + dstOff + ", " + dstOff + " + "
                    + samples + ") is out of bounds for an array of length " + dstLength + " (" + srcLen
                    + " bytes + " + pendingCount + " pending decode to " + samples + " " + encoding.id()
                    + " samples)");
        }
        return samples;
    }
}
