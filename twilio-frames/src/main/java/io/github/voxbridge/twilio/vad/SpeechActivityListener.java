package io.github.voxbridge.twilio.vad;

/**
 * Receives the transitions a {@link VoiceActivityDetector} decides, on the thread that feeds it, in order, started and
 * ended alternating (the first is always a start).
 *
 * <p>Positions are sample indices at the detector's rate ({@link VadSettings#sampleRate()}), counted from 0 = the
 * first sample fed. Each event carries two: where the transition happened in the audio (the start of the first
 * 10 ms block of the loud or quiet run that decided it) and where the detector decided it (the end of the block that
 * completed the run, i.e. the number of samples fed up to that block). The difference is at least
 * {@link VadSettings#startMillis()} or {@link VadSettings#endMillis()}: the price of the hysteresis.
 */
public interface SpeechActivityListener {

    /**
     * The caller started speaking.
     *
     * @param onsetSample      first sample of the first block of the loud run (the estimated onset)
     * @param detectedAtSample samples fed when the run reached {@link VadSettings#startMillis()}: act on it now
     *                         (e.g. interrupt playback)
     */
    void speechStarted(long onsetSample, long detectedAtSample);

    /**
     * The caller stopped speaking.
     *
     * @param endSample        first sample of the first block of the quiet run (the estimated end of speech)
     * @param detectedAtSample samples fed when the quiet run reached {@link VadSettings#endMillis()}, or when the
     *                         stream ended ({@link VoiceActivityDetector#finish()})
     */
    void speechEnded(long endSample, long detectedAtSample);
}
