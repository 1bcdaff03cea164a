package io.github.voxbridge.tts.freetts;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsException;
import javax.sound.sampled.AudioFormat;

/**
 * The state of one {@code synthesize} call while a pooled FreeTTS voice works on it: where the audio goes, whether
 * to stop, and what went wrong. Touched only by the calling thread (FreeTTS runs synchronously on it), except for
 * the token, which other threads cancel.
 *
 * <p>FreeTTS catches and prints every exception thrown inside its pipeline, so nothing may be thrown into it:
 * failures are recorded here, FreeTTS is told to stop (its {@code write} returns {@code false}, its speakable
 * reports completion), and {@link FreeTtsEngine} raises them once {@code Voice.speak} has returned.
 */
final class FreeTtsCall {

    private final String engine;
    private final AudioSink sink;
    private final CancellationToken cancel;
    private AudioFormatSpec format;
    private RuntimeException sinkFailure;
    private TtsException failure;
    private long bytes;
    private int chunks;

    FreeTtsCall(String engine, AudioSink sink, CancellationToken cancel) {
        this.engine = engine;
        this.sink = sink;
        this.cancel = cancel;
    }

    /** Whether FreeTTS should stop producing audio: cancelled, or something already failed. */
    boolean stopped() {
        return cancel.isCancelled() || sinkFailure != null || failure != null;
    }

    /** FreeTTS announces the format before every sentence; the sink hears about it once. */
    void format(AudioFormat audioFormat) {
        if (stopped()) {
            return;
        }
        AudioFormatSpec spec;
        try {
            spec = toSpec(audioFormat);
        } catch (TtsException e) {
            failure = e;
            return;
        }
        if (format == null) {
            format = spec;
            try {
                sink.format(spec);
            } catch (RuntimeException e) {
                sinkFailure = e;
            }
        } else if (!format.equals(spec)) {
            failure = new TtsException(TtsException.Kind.PROTOCOL, engine, "audio format changed from " + format
                    + " to " + spec + " within one synthesis");
        }
    }

    /** Hands one chunk to the sink; {@code false} tells FreeTTS to stop. */
    boolean audio(byte[] chunk, int off, int len) {
        if (stopped()) {
            return false;
        }
        if (len <= 0) {
            return true;
        }
        if (format == null) {
            failure = new TtsException(TtsException.Kind.PROTOCOL, engine,
                    "FreeTTS wrote " + len + " bytes of audio before announcing their format");
            return false;
        }
        try {
            sink.audio(chunk, off, len);
        } catch (RuntimeException e) {
            sinkFailure = e;
            return false;
        }
        bytes += len;
        chunks++;
        return true;
    }

    /** Raises what went wrong, in order of precedence: the sink's exception, a protocol error, cancellation. */
    void throwIfFailed() throws TtsException {
        if (sinkFailure != null) {
            throw sinkFailure;
        }
        if (failure != null) {
            throw failure;
        }
        cancel.throwIfCancelled(engine);
    }

    long bytes() {
        return bytes;
    }

    int chunks() {
        return chunks;
    }

    private AudioFormatSpec toSpec(AudioFormat f) throws TtsException {
        float rate = f.getSampleRate();
        SampleEncoding encoding = null;
        AudioFormat.Encoding e = f.getEncoding();
        int bits = f.getSampleSizeInBits();
        if (AudioFormat.Encoding.PCM_SIGNED.equals(e) && bits == 16) {
            encoding = f.isBigEndian() ? SampleEncoding.S16BE : SampleEncoding.S16LE;
        } else if (AudioFormat.Encoding.PCM_UNSIGNED.equals(e) && bits == 8) {
            encoding = SampleEncoding.U8;
        } else if (AudioFormat.Encoding.ULAW.equals(e) && bits == 8) {
            encoding = SampleEncoding.MULAW;
        } else if (AudioFormat.Encoding.ALAW.equals(e) && bits == 8) {
            encoding = SampleEncoding.ALAW;
        }
        if (encoding == null || f.getChannels() != 1 || rate != Math.rint(rate) || rate < 1) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "unsupported audio format from FreeTTS: " + f
                    + " (expected mono 8/16-bit PCM or G.711 at a whole number of Hz)");
        }
        return new AudioFormatSpec(encoding, (int) rate);
    }
}
