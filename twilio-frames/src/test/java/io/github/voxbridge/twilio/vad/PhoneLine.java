package io.github.voxbridge.twilio.vad;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.stream.InboundAudioListener;
import io.github.voxbridge.twilio.stream.InboundTrackDecoder;
import java.util.function.IntConsumer;

/**
 * Carries 8 kHz test audio the way a call does: mu-law encoded in 20 ms Twilio media messages, decoded by a real
 * {@link InboundTrackDecoder} at 8000 or 16,000 Hz, which hands the PCM to a listener.
 */
final class PhoneLine {

    static final int FRAME = 160;

    private PhoneLine() {
    }

    /** Sends {@code signal} (8000 Hz, 16-bit units) as media messages through a decoder at {@code rate} Hz. */
    static void deliver(double[] signal, int rate, InboundAudioListener listener) {
        deliver(signal, rate, listener, chunk -> { });
    }

    /** As {@link #deliver(double[], int, InboundAudioListener)}; {@code beforeFrame} gets each frame's index first. */
    static void deliver(double[] signal, int rate, InboundAudioListener listener, IntConsumer beforeFrame) {
        short[] pcm = toPcm16(signal);
        InboundTrackDecoder decoder = new InboundTrackDecoder("inbound", rate, listener);
        for (int chunk = 0; chunk * FRAME < pcm.length; chunk++) {
            beforeFrame.accept(chunk);
            int n = Math.min(FRAME, pcm.length - chunk * FRAME);
            byte[] payload = new byte[n];
            MuLaw.encode(pcm, chunk * FRAME, payload, 0, n);
            decoder.accept(new InboundMessage.Media(chunk + 1, "MZ0", "inbound", chunk + 1, 20L * chunk, payload));
        }
        decoder.end();
    }

    /**
     * {@code signal} as the decoder's listener sees it in time: unchanged at 8000 Hz, else through the resampler the
     * decoder uses (same default preset, so same delay), without mu-law. For the true onset of clean speech.
     */
    static double[] atRate(double[] signal, int rate) {
        if (rate == InboundTrackDecoder.TWILIO_RATE) {
            return signal.clone();
        }
        PolyphaseResampler resampler = PolyphaseResampler.create(InboundTrackDecoder.TWILIO_RATE, rate);
        float[] in = new float[signal.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (signal[i] / 32768.0);
        }
        float[] out = new float[resampler.maxOutputSamplesFor(in.length) + resampler.flushSamplesBound()];
        int n = resampler.process(in, 0, in.length, out, 0);
        n += resampler.flush(out, n);
        double[] result = new double[n];
        for (int i = 0; i < n; i++) {
            result[i] = out[i] * 32768.0;
        }
        return result;
    }

    /** Rounded and clipped to 16 bits, as audio on a line is. */
    static short[] toPcm16(double[] signal) {
        short[] pcm = new short[signal.length];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(signal[i])));
        }
        return pcm;
    }

    /** {@code a + b}, as long as the longer; the shorter is zero past its end. */
    static double[] mix(double[] a, double[] b) {
        double[] out = new double[Math.max(a.length, b.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (i < a.length ? a[i] : 0) + (i < b.length ? b[i] : 0);
        }
        return out;
    }

    /** {@code x} starting at sample {@code at} of a silent signal of {@code length} samples. */
    static double[] placed(double[] x, int at, int length) {
        double[] out = new double[length];
        System.arraycopy(x, 0, out, at, Math.min(x.length, length - at));
        return out;
    }
}
