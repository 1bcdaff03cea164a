package io.github.voxbridge.twilio.vad;

import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.stream.InboundAudioListener;
import java.util.Objects;

/**
 * An energy voice-activity detector for one call's inbound audio: tells a {@link SpeechActivityListener} when the
 * caller starts and stops speaking, to interrupt playback when they speak over it (barge-in).
 *
 * {@snippet id="vad-barge-in" :
 * // One per call, next to the call's OutboundPlayer: the caller's audio goes through the detector.
 * VoiceActivityDetector vad = VoiceActivityDetector.withDefaults(8000, new SpeechActivityListener() {
 *     @Override
 *     public void speechStarted(long onsetSample, long detectedAtSample) {
 *         player.interrupt();                  // the caller speaks over us: stop, clear Twilio's buffer
 *     }
 *
 *     @Override
 *     public void speechEnded(long endSample, long detectedAtSample) {
 *         // e.g. tell the speech recogniser that the caller's turn is over
 *     }
 * });
 * InboundTrackDecoder inbound = InboundTrackDecoder.at8kHz("inbound", vad); // inbound.accept(each message)
 * }
 * ({@code player}: the call's {@link io.github.voxbridge.twilio.stream.OutboundPlayer}.) To feed a speech recogniser
 * as well, give the decoder a listener that passes each piece to both, calling {@link #feed(short[], int, int)}.
 *
 * <h2>How it decides</h2>
 * <ol>
 *   <li>Each sample goes through a second-order Butterworth high-pass ({@link VadSettings#highPassHz()}, default
 *       200 Hz; coefficients from R. Bristow-Johnson's "Cookbook formulae for audio EQ biquad filter coefficients",
 *       HPF with Q = 1/sqrt(2)), which removes DC offset and mains hum (see {@link VadSettings} for why).</li>
 *   <li>The filtered samples are summed in squares over 10 ms blocks ({@link VadSettings#blockSamples()}): the block's
 *       energy, compared with the two thresholds precomputed as energies (no logarithm per block).</li>
 *   <li>In silence, a run is a stretch of consecutive blocks at or above the onset threshold
 *       ({@link VadSettings#onsetThresholdDbfs()}), gaps of up to 20 ms below it bridged (the dip between two
 *       syllables). Speech starts when a run that has reached the start threshold in at least one block lasts
 *       {@link VadSettings#startMillis()}; it started at the run's first block. This is the two-threshold rule of
 *       Rabiner and Sambur ("An algorithm for determining the endpoints of isolated utterances", Bell System
 *       Technical Journal 54(2), 1975): the upper threshold says "this is speech", the lower one finds where it
 *       began. Counting the time from the lower crossing is what keeps the decision within about 100 ms of the
 *       onset for speech that begins softly (a fricative, a rising vowel), while the upper threshold alone decides
 *       whether it is speech at all.</li>
 *   <li>While our own playback may be echoing back ({@link #playbackLevel(double)}), the start threshold is
 *       raised to its loudest block minus the echo return loss ({@link VadSettings#echoReturnLossDb()}): the echo
 *       of what we say never counts as the caller speaking, and in silence the threshold stays low enough for a
 *       quiet caller's first syllable.</li>
 *   <li>In speech, blocks below the end threshold count; one at or above it resets the count. When the count lasts
 *       {@link VadSettings#endMillis()}, speech has ended at the first of those blocks.</li>
 * </ol>
 *
 * <h2>Input</h2>
 * 16-bit PCM at {@link VadSettings#sampleRate()} Hz, mono, as {@code short[]} (what {@link
 * io.github.voxbridge.twilio.stream.InboundTrackDecoder} delivers; this class is an {@link InboundAudioListener}, so it
 * can be its listener directly) or as little-endian bytes. Pieces may have any length, also odd byte counts: the
 * partial block and an odd trailing byte are carried to the next call, so the events and their positions do not
 * depend on how the audio is split. The detector does not fill gaps: a decoder already has.
 *
 * <p>Feeding allocates nothing. Not thread-safe: one detector per call, fed from one thread at a time; events are
 * delivered on that thread, inside {@code feed}.
 */
public final class VoiceActivityDetector implements InboundAudioListener {

    /** Values of the filter's state below this are flushed to 0 once per block: 1e-9 LSB can never change a block's
     *  energy, and it keeps the filter's decay after digital silence out of slow subnormal arithmetic. */
    private static final double FLUSH_BELOW = 1e-9;
    /**
     * Blocks below the onset threshold a run may hold while speech has not started (20 ms): the dip between two
     * syllables, such as "he-llo" spoken at -30 dBFS dipping to -40 dBFS for 10 ms, does not restart the run at the
     * second syllable (measured: 190 ms after the onset instead of 100, SpeechOnsetTest). The bridged blocks count
     * towards the run's length; the start is only decided on a block at or above the onset threshold.
     */
    private static final int MAX_GAP_BLOCKS = 2;
    /** Samples converted per step from bytes: one 20 ms frame at 16 kHz. */
    private static final int BYTE_SCRATCH_SAMPLES = 320;

    private final VadSettings settings;
    private final SpeechActivityListener listener;
    private final int blockSamples;
    private final int startBlocks;
    private final int endBlocks;
    private final double startEnergy;
    /** The start threshold as an energy while our playback may be echoing: see {@link #playbackLevel(double)}. */
    private double raisedStartEnergy;
    private final double endEnergy;
    private final double onsetEnergy;
    private final boolean filtered;
    // Normalised biquad coefficients; for a high-pass b2 = b0 and b1 = -2 b0.
    private final double b0;
    private final double a1;
    private final double a2;
    private final short[] byteScratch = new short[BYTE_SCRATCH_SAMPLES];

    // Filter state (direct form I): previous two inputs and outputs.
    private double x1;
    private double x2;
    private double y1;
    private double y2;

    private double blockEnergy;
    private int blockFilled;
    private double lastBlockEnergy = Double.NaN;
    /** Samples fed so far (at the detector's rate). */
    private long samples;

    private boolean speaking;
    /** Blocks in the current run at or above the end threshold (in silence) or below it (in speech). */
    private int run;
    private long runStartSample;
    /** Whether a block of the current run (in silence) reached the start threshold. */
    private boolean runReachedStart;
    /** Blocks below the end threshold at the end of the current run (in silence), bridged if speech resumes. */
    private int gap;

    private boolean pendingByte;
    private int pendingLow;
    private boolean finished;

    /**
     * A detector with the given settings.
     *
     * @param listener receives the events, on the feeding thread
     */
    public VoiceActivityDetector(VadSettings settings, SpeechActivityListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.blockSamples = settings.blockSamples();
        this.startBlocks = settings.startBlocks();
        this.endBlocks = settings.endBlocks();
        this.startEnergy = settings.blockEnergyAt(settings.startThresholdDbfs());
        this.raisedStartEnergy = startEnergy;
        this.endEnergy = settings.blockEnergyAt(settings.endThresholdDbfs());
        this.onsetEnergy = settings.blockEnergyAt(settings.onsetThresholdDbfs());
        this.filtered = settings.highPassHz() != 0;
        if (filtered) {
            double w0 = 2 * Math.PI * settings.highPassHz() / settings.sampleRate();
            double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5)); // sin(w0) / (2 Q), Q = 1/sqrt(2): Butterworth
            double cos = Math.cos(w0);
            double a0 = 1 + alpha;
            this.b0 = (1 + cos) / 2 / a0;
            this.a1 = -2 * cos / a0;
            this.a2 = (1 - alpha) / a0;
        } else {
            this.b0 = 1;
            this.a1 = 0;
            this.a2 = 0;
        }
    }

    /** A detector with the default settings at {@code sampleRate} Hz (8000 or 16000). */
    public static VoiceActivityDetector withDefaults(int sampleRate, SpeechActivityListener listener) {
        return new VoiceActivityDetector(VadSettings.defaults(sampleRate), listener);
    }

    /** The settings this detector runs with. */
    public VadSettings settings() {
        return settings;
    }

    /**
     * Takes the next {@code length} samples of the call, {@code pcm[offset .. offset + length)}; events decided in
     * them are delivered before this returns. Length 0 is allowed.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code pcm}
     * @throws IllegalStateException     after {@link #finish()}
     */
    public void feed(short[] pcm, int offset, int length) {
        Objects.requireNonNull(pcm, "pcm");
        Objects.checkFromIndexSize(offset, length, pcm.length);
        checkOpen();
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int n = Math.min(end - i, blockSamples - blockFilled);
            accumulate(pcm, i, n);
            i += n;
            blockFilled += n;
            samples += n;
            if (blockFilled == blockSamples) {
                endBlock();
            }
        }
    }

    /**
     * Takes the next {@code length} bytes of the call as 16-bit little-endian PCM. An odd trailing byte is kept and
     * joined with the first byte of the next call (or reported by {@link #finish()}).
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code pcm}
     * @throws IllegalStateException     after {@link #finish()}
     */
    public void feed(byte[] pcm, int offset, int length) {
        Objects.requireNonNull(pcm, "pcm");
        Objects.checkFromIndexSize(offset, length, pcm.length);
        checkOpen();
        int i = offset;
        int end = offset + length;
        if (pendingByte && i < end) {
            byteScratch[0] = (short) (pendingLow | (pcm[i++] << 8));
            pendingByte = false;
            feed(byteScratch, 0, 1);
        }
        while (end - i >= 2) {
            int n = Math.min((end - i) >> 1, byteScratch.length);
            for (int k = 0; k < n; k++, i += 2) {
                byteScratch[k] = (short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8));
            }
            feed(byteScratch, 0, n);
        }
        if (i < end) {
            pendingLow = pcm[i] & 0xFF;
            pendingByte = true;
        }
    }

    /** {@link InboundAudioListener}: the decoder's audio, fed as {@link #feed(short[], int, int)}. */
    @Override
    public void audio(short[] pcm, int offset, int length) {
        feed(pcm, offset, length);
    }

    /** {@link InboundAudioListener}: the stream stopped; {@link #finish()}. */
    @Override
    public void stop(InboundMessage.Stop stop) {
        finish();
    }

    /**
     * Ends the stream: if the caller is speaking, speech ends (at the start of the quiet run under way, else at the
     * last sample fed) and is reported as detected at the last sample fed. A partial block at the end (less than
     * 10 ms) is not judged. Later feeds are refused. Idempotent.
     *
     * @throws IllegalStateException if an odd byte is left over from {@link #feed(byte[], int, int)}: half a sample
     *                               (the detector is finished all the same)
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (speaking) {
            speaking = false;
            long end = run > 0 ? runStartSample : samples;
            run = 0;
            listener.speechEnded(end, samples);
        }
        if (pendingByte) {
            pendingByte = false;
            throw new IllegalStateException("odd byte count at end of stream: 1 byte left after sample " + samples
                    + " (16-bit samples)");
        }
    }

    /**
     * Says how loud our own playback is whose echo may be in the audio fed from now on: the loudest 10 ms block (RMS,
     * dBFS, as {@link #lastBlockLevelDbfs()} measures) of what was sent to the caller recently ({@link PlaybackEcho}
     * keeps that for a call). Until the next call a run must reach {@code loudestBlockDbfs - }
     * {@link VadSettings#echoReturnLossDb()} to start speech, when that is above the start threshold: the echo of
     * our own voice never interrupts us, and without playback ({@code Double.NEGATIVE_INFINITY}, the initial state)
     * a quiet caller is heard at the start threshold. Speech already started is not affected; nor are the end and
     * onset thresholds, which only time a run and end it. Allocation-free; call it from the feeding thread.
     *
     * @param loudestBlockDbfs at most 0 (full scale); {@code Double.NEGATIVE_INFINITY} when nothing may be echoing
     * @throws IllegalArgumentException if it is NaN or above 0 dBFS
     */
    public void playbackLevel(double loudestBlockDbfs) {
        if (!(loudestBlockDbfs <= 0.0)) { // also refuses NaN
            throw new IllegalArgumentException("playback level " + loudestBlockDbfs
                    + " dBFS out of range: at most 0 dBFS, or -Infinity when nothing plays");
        }
        double echo = settings.blockEnergyAt(loudestBlockDbfs - settings.echoReturnLossDb());
        raisedStartEnergy = Math.max(startEnergy, echo);
    }

    /** Whether the caller is speaking: between a {@code speechStarted} and the next {@code speechEnded}. */
    public boolean isSpeaking() {
        return speaking;
    }

    /** Samples fed so far (whole samples; an odd pending byte is not counted), at {@link VadSettings#sampleRate()}. */
    public long samplesFed() {
        return samples;
    }

    /**
     * Level of the last complete 10 ms block after the high-pass, in dBFS (full scale 32768), for diagnostics and
     * metering: {@code -Infinity} for a block of digital silence, {@code NaN} before the first block is complete.
     */
    public double lastBlockLevelDbfs() {
        return 10 * Math.log10(lastBlockEnergy / settings.blockEnergyAt(0.0));
    }

    private void accumulate(short[] pcm, int from, int n) {
        double energy = blockEnergy;
        if (!filtered) {
            for (int k = from, end = from + n; k < end; k++) {
                double x = pcm[k];
                energy += x * x;
            }
            blockEnergy = energy;
            return;
        }
        double c0 = b0;
        double c1 = a1;
        double c2 = a2;
        double px1 = x1;
        double px2 = x2;
        double py1 = y1;
        double py2 = y2;
        for (int k = from, end = from + n; k < end; k++) {
            double x = pcm[k];
            double y = c0 * (x - 2 * px1 + px2) - c1 * py1 - c2 * py2;
            px2 = px1;
            px1 = x;
            py2 = py1;
            py1 = y;
            energy += y * y;
        }
        x1 = px1;
        x2 = px2;
        y1 = py1;
        y2 = py2;
        blockEnergy = energy;
    }

    private void endBlock() {
        double energy = blockEnergy;
        lastBlockEnergy = energy;
        blockEnergy = 0;
        blockFilled = 0;
        if (Math.abs(y1) < FLUSH_BELOW) {
            y1 = 0;
        }
        if (Math.abs(y2) < FLUSH_BELOW) {
            y2 = 0;
        }
        long blockStart = samples - blockSamples;
        if (!speaking) {
            if (energy >= onsetEnergy) {
                if (run == 0) {
                    runStartSample = blockStart;
                    runReachedStart = false;
                }
                run += gap + 1;
                gap = 0;
                runReachedStart |= energy >= raisedStartEnergy;
                if (runReachedStart && run >= startBlocks) {
                    speaking = true;
                    run = 0;
                    listener.speechStarted(runStartSample, samples);
                }
            } else if (run > 0 && gap < MAX_GAP_BLOCKS) {
                gap++;
            } else {
                run = 0;
                gap = 0;
            }
        } else if (energy < endEnergy) {
            if (run++ == 0) {
                runStartSample = blockStart;
            }
            if (run >= endBlocks) {
                speaking = false;
                run = 0;
                listener.speechEnded(runStartSample, samples);
            }
        } else {
            run = 0;
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("audio fed after finish() at sample " + samples);
        }
    }
}
