package io.github.voxbridge.dsp.resample;

import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;

/**
 * The phone-line hot path in one object: 16-bit or float PCM at any supported rate in, 8 kHz G.711 (mu-law or
 * A-law) bytes out, one byte per output sample, streaming. Resampling and encoding share one scratch buffer
 * allocated here, so steady-state calls allocate nothing and make no intermediate arrays.
 *
 * {@snippet id="telephony-encoder-stream" :
 * TelephonyEncoder encoder = TelephonyEncoder.muLaw(24_000);      // telephony preset
 * byte[] ulaw = new byte[Math.max(encoder.maxOutputBytesFor(480), encoder.flushBytesBound())];
 * for (short[] chunk : chunks) {                                  // 20 ms of 24 kHz audio, or less
 *     int n = encoder.encode(chunk, 0, chunk.length, ulaw, 0);    // fewer the first time, then 160
 *     deliver(ulaw, n);
 * }
 * deliver(ulaw, encoder.flush(ulaw, 0));                          // end of the utterance: the rest
 * encoder.reset();                                                // ready for the next one
 * }
 *
 * <p>Same streaming contract as {@link PolyphaseResampler}: any chunking gives the same bytes; a whole stream of
 * n samples gives exactly {@code ceil(n * 8000 / inputRate)} bytes, the last of them from {@link #flush}. Not
 * thread-safe: one per stream.
 */
public final class TelephonyEncoder {

    /** The telephone rate, Hz. */
    public static final int RATE = 8000;

    /** Input samples resampled per internal step. */
    private static final int SLICE = 2048;

    private final PolyphaseResampler resampler;
    private final boolean muLaw;
    private final float[] scratch;

    private TelephonyEncoder(int inputRate, ResamplerQuality quality, boolean muLaw) {
        this.resampler = PolyphaseResampler.create(inputRate, RATE, quality);
        this.muLaw = muLaw;
        // The most one slice can release: its own outputs plus everything the history was holding back.
        long bound = ((long) SLICE + resampler.taps() + 2) * RATE / inputRate + 2;
        this.scratch = new float[(int) Math.max(bound, resampler.flushSamplesBound())];
    }

    /** mu-law (Twilio, North America, Japan) from {@code inputRate} Hz with the telephony preset. */
    public static TelephonyEncoder muLaw(int inputRate) {
        return new TelephonyEncoder(inputRate, ResamplerQuality.TELEPHONY, true);
    }

    /** mu-law from {@code inputRate} Hz with a chosen preset. */
    public static TelephonyEncoder muLaw(int inputRate, ResamplerQuality quality) {
        return new TelephonyEncoder(inputRate, quality, true);
    }

    /** A-law (Europe and elsewhere) from {@code inputRate} Hz with the telephony preset. */
    public static TelephonyEncoder aLaw(int inputRate) {
        return new TelephonyEncoder(inputRate, ResamplerQuality.TELEPHONY, false);
    }

    /** A-law from {@code inputRate} Hz with a chosen preset. */
    public static TelephonyEncoder aLaw(int inputRate, ResamplerQuality quality) {
        return new TelephonyEncoder(inputRate, quality, false);
    }

    /** The resampler inside (for its delay and rates); do not feed it directly. */
    public PolyphaseResampler resampler() {
        return resampler;
    }

    /** Exactly how many bytes the next {@code encode} call with {@code inputSamples} samples will write. */
    public int outputBytesFor(int inputSamples) {
        return resampler.outputSamplesFor(inputSamples);
    }

    /**
     * The most bytes an {@code encode} call with {@code inputSamples} samples can write, whatever came before it:
     * {@code ceil(inputSamples * 8000 / inputRate)} (one byte per output sample; see
     * {@link PolyphaseResampler#maxOutputSamplesFor}). Size the output buffer with this: 160 for a 20 ms chunk.
     */
    public int maxOutputBytesFor(int inputSamples) {
        return resampler.maxOutputSamplesFor(inputSamples);
    }

    /**
     * The most bytes {@link #flush} can ever write for this encoder: with {@link #maxOutputBytesFor} of the largest
     * chunk, enough for every call of a stream.
     */
    public int flushBytesBound() {
        return resampler.flushSamplesBound();
    }

    /** Exactly how many bytes {@link #flush} will write now. */
    public int flushBytes() {
        return resampler.flushSamples();
    }

    /**
     * Resamples and encodes 16-bit samples.
     *
     * @return bytes written, exactly {@link #outputBytesFor(int) outputBytesFor(inLen)}
     */
    public int encode(short[] in, int inOff, int inLen, byte[] out, int outOff) {
        checkRoom(out.length, outOff, outputBytesFor(checkInput(in.length, inOff, inLen)));
        int written = 0;
        for (int done = 0; done < inLen; ) {
            int n = Math.min(SLICE, inLen - done);
            int produced = resampler.process(in, inOff + done, n, scratch, 0);
            written += encodeScratch(produced, out, outOff + written);
            done += n;
        }
        return written;
    }

    /**
     * Resamples and encodes float samples (±1.0 full scale).
     *
     * @return bytes written, exactly {@link #outputBytesFor(int) outputBytesFor(inLen)}
     */
    public int encode(float[] in, int inOff, int inLen, byte[] out, int outOff) {
        checkRoom(out.length, outOff, outputBytesFor(checkInput(in.length, inOff, inLen)));
        int written = 0;
        for (int done = 0; done < inLen; ) {
            int n = Math.min(SLICE, inLen - done);
            int produced = resampler.process(in, inOff + done, n, scratch, 0);
            written += encodeScratch(produced, out, outOff + written);
            done += n;
        }
        return written;
    }

    /** Ends the stream: writes the bytes still owed ({@link #flushBytes()}). Call {@link #reset()} after. */
    public int flush(byte[] out, int outOff) {
        checkRoom(out.length, outOff, flushBytes());
        return encodeScratch(resampler.flush(scratch, 0), out, outOff);
    }

    /** Starts a new stream (a new utterance). */
    public void reset() {
        resampler.reset();
    }

    private int encodeScratch(int samples, byte[] out, int outOff) {
        if (muLaw) {
            MuLaw.encode(scratch, 0, out, outOff, samples);
        } else {
            ALaw.encode(scratch, 0, out, outOff, samples);
        }
        return samples;
    }

    private static int checkInput(int length, int off, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative sample count " + count);
        }
        if (off < 0 || off > length - count) {
            throw new IndexOutOfBoundsException("input range [" + off + ", " + off + " + " + count
                    + ") is out of bounds for an array of length " + length);
        }
        return count;
    }

    private static void checkRoom(int length, int off, int count) {
        if (off < 0 || off > length - count) {
            throw new IndexOutOfBoundsException("output range [" + off + ", " + off + " + " + count
                    + ") does not fit an array of length " + length + " (this call writes " + count + " bytes)");
        }
    }
}
