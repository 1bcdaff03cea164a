package io.github.voxbridge.twilio.testkit;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.WavReader;
import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * What the simulated caller says: the inbound track, as 8000 Hz G.711 mu-law, one byte per sample. The simulator
 * sends it 160 bytes (20 ms) per {@code media} message and, once it runs out, mu-law silence ({@value #SILENCE_HEX})
 * until the call ends, as a phone line carries silence rather than nothing.
 */
public final class CallerAudio {

    /** Mu-law silence as a hex literal: 0xFF encodes +0 (ITU-T G.711, table 2a). */
    static final String SILENCE_HEX = "0xFF";

    private static final CallerAudio SILENCE = new CallerAudio(new byte[0]);

    private final byte[] muLaw;

    private CallerAudio(byte[] muLaw) {
        this.muLaw = muLaw;
    }

    /** A caller who says nothing: silence for the whole call. */
    public static CallerAudio silence() {
        return SILENCE;
    }

    /** These mu-law bytes (8000 Hz, one byte per sample; copied), then silence. */
    public static CallerAudio muLaw(byte[] codes) {
        return new CallerAudio(codes.clone());
    }

    /**
     * A WAV file (see dsp-core's {@code WavReader}: PCM 8/16 bit, float, A-law, mu-law; stereo downmixed): at 8000
     * Hz it is encoded to mu-law sample for sample; at any other rate it is resampled to 8000 Hz and encoded by
     * {@link TelephonyEncoder} (its flush included, so nothing at the end is cut). A mu-law file at 8000 Hz gives back
     * its own codes, except 0x7F (mu-law's "-0") which comes back as 0xFF ("+0"): the samples are the same.
     *
     * @throws IOException if the file cannot be read or is not a WAV file dsp-core reads
     */
    public static CallerAudio wav(Path file) throws IOException {
        try (WavReader reader = WavReader.open(file)) {
            short[] pcm = reader.readAllShorts();
            int rate = reader.format().sampleRate();
            if (rate == TelephonyEncoder.RATE) {
                byte[] codes = new byte[pcm.length];
                MuLaw.encode(pcm, 0, codes, 0, pcm.length);
                return new CallerAudio(codes);
            }
            TelephonyEncoder encoder = TelephonyEncoder.muLaw(rate);
            byte[] codes = new byte[encoder.maxOutputBytesFor(pcm.length) + encoder.flushBytesBound()];
            int n = encoder.encode(pcm, 0, pcm.length, codes, 0);
            n += encoder.flush(codes, n);
            return new CallerAudio(Arrays.copyOf(codes, n));
        }
    }

    /**
     * This audio after {@code silence} of mu-law silence: a caller who listens first and then speaks, as in a
     * barge-in. The delay is rounded down to whole samples (125 us at 8000 Hz); zero gives this audio back.
     *
     * @throws IllegalArgumentException if {@code silence} is negative, or the whole would not fit in one array
     */
    public CallerAudio delayedBy(Duration silence) {
        if (silence.isNegative()) {
            throw new IllegalArgumentException("caller speech delay must not be negative, got " + silence);
        }
        long samples = silence.toNanos() / PlaybackBuffer.NANOS_PER_SAMPLE;
        if (samples == 0) {
            return this;
        }
        if (samples > Integer.MAX_VALUE - 8 - muLaw.length) {
            throw new IllegalArgumentException("caller speech delay " + silence + " is too long for one array of "
                    + "8000 Hz mu-law");
        }
        byte[] delayed = new byte[(int) samples + muLaw.length];
        Arrays.fill(delayed, 0, (int) samples, MuLaw.SILENCE);
        System.arraycopy(muLaw, 0, delayed, (int) samples, muLaw.length);
        return new CallerAudio(delayed);
    }

    /**
     * Length of the audio before the endless silence (a {@link #delayedBy delay} included), in bytes (= samples at
     * 8000 Hz).
     */
    public int length() {
        return muLaw.length;
    }

    /**
     * Writes the 160 bytes of frame {@code index} (from 0) into {@code frame}: the audio, then silence.
     *
     * @param frame at least 160 bytes; only the first 160 are written
     */
    void frame(long index, byte[] frame) {
        long from = index * CallSimulator.FRAME_BYTES;
        int available = (int) Math.max(0, Math.min(CallSimulator.FRAME_BYTES, muLaw.length - from));
        if (available > 0) {
            System.arraycopy(muLaw, (int) from, frame, 0, available);
        }
        Arrays.fill(frame, available, CallSimulator.FRAME_BYTES, MuLaw.SILENCE);
    }

    @Override
    public String toString() {
        return muLaw.length == 0 ? "CallerAudio[silence]" : "CallerAudio[" + muLaw.length / 8 + " ms, then silence]";
    }
}
