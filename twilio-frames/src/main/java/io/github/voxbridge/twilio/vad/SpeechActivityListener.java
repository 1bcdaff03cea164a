package io.github.voxbridge.twilio.vad;

/**
 * Receives the transitions a {@link VoiceActivityDetector} decides, on the thread that feeds it, in order, started and
 * ended alternating (the first is always a start).
 *
 * <p>Positions are sample indices at the detector's rate ({@link VadSettings#sampleRate()}), counted from 0 = the
 * first sample fed. Each event carries two: where the transition happened in the audio (the start of the first
 * 10 ms block of the run that decided it) and where the detector decided it (the end of the block that completed
 * the run, i.e. the number of samples fed up to that block). The difference is exactly {@link VadSettings#startMillis()}
 * for a start and {@link VadSettings#endMillis()} for an end (the price of the hysteresis), except for an end forced
 * by {@link VoiceActivityDetector#finish()}, which comes sooner.
 *
 * <p>Called inside {@code feed}: keep it short (an exception thrown here propagates out of {@code feed}, after the
 * detector's state has already moved on).
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
