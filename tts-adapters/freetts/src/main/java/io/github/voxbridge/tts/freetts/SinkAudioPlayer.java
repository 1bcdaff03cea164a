package io.github.voxbridge.tts.freetts;

import com.sun.speech.freetts.audio.AudioPlayer;
import javax.sound.sampled.AudioFormat;

/**
 * FreeTTS's audio output, pointed at the {@link FreeTtsCall} that currently holds the voice. FreeTTS calls it on the
 * synthesizing thread: {@code setAudioFormat} and {@code begin(estimatedBytes)} before each sentence, then
 * {@code write} with each block of samples as it computes them (1024 bytes, the default of
 * {@code com.sun.speech.freetts.LpcResult.maxSamples}, and a shorter last block per sentence), {@code end}, and
 * {@code drain} after the last sentence. A {@code false} from {@code write} or {@code end} makes it stop.
 *
 * <p>Unlike FreeTTS's own players, this one plays nothing and keeps no audio. One per pooled voice.
 */
final class SinkAudioPlayer implements AudioPlayer {

    private AudioFormat audioFormat = new AudioFormat(16_000f, 16, 1, true, true);
    private FreeTtsCall call;
    private float volume = 1f;

    /** Directs the audio of the next {@code speak} to {@code call}; {@code null} detaches it. */
    void attach(FreeTtsCall call) {
        this.call = call;
    }

    @Override
    public void setAudioFormat(AudioFormat format) {
        audioFormat = format;
        if (call != null) {
            call.format(format);
        }
    }

    @Override
    public AudioFormat getAudioFormat() {
        return audioFormat;
    }

    @Override
    public boolean write(byte[] audioData) {
        return write(audioData, 0, audioData.length);
    }

    @Override
    public boolean write(byte[] audioData, int offset, int size) {
        return call != null && call.audio(audioData, offset, size);
    }

    @Override
    public boolean end() {
        return call != null && !call.stopped();
    }

    @Override
    public boolean drain() {
        return call != null && !call.stopped();
    }

    @Override
    public void begin(int size) {
        // An estimate (it runs a few percent above what is written), and no use to a stream.
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public void reset() {
    }

    @Override
    public void cancel() {
    }

    @Override
    public void close() {
        call = null;
    }

    @Override
    public float getVolume() {
        return volume;
    }

    /** Recorded only: FreeTTS scales the samples itself from {@code Voice.setVolume}. */
    @Override
    public void setVolume(float volume) {
        this.volume = volume;
    }

    @Override
    public long getTime() {
        return 0;
    }

    @Override
    public void resetTime() {
    }

    @Override
    public void startFirstSampleTimer() {
    }

    @Override
    public void showMetrics() {
    }
}
