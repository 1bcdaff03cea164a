package io.github.voxbridge.tts.google;

import io.github.voxbridge.dsp.pcm.WavFormat;
import io.github.voxbridge.dsp.pcm.WavFormatException;
import io.github.voxbridge.dsp.pcm.WavReader;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Where the audio is in a decoded {@code audioContent}: Google wraps LINEAR16, MULAW and ALAW in a WAV header
 * (tts-engines.md section 5, [C]), which is parsed, not skipped by a fixed 44 bytes (LiveKit played a header as
 * clicks, livekit/agents#698; other writers' headers are "not simple 44-byte long", Pipecat #2008).
 *
 * <p>dsp-core's {@link WavReader} walks the RIFF chunks up to the start of the {@code data} chunk and reads the
 * {@code fmt } chunk (tag 7 mu-law, tag 1 PCM). Unlike a streamed WAV (espeak-ng's placeholders, which
 * {@code tts-adapters/espeak}'s {@code StreamedWavHeader} handles as it arrives), this is one complete buffer with a
 * real data size, so the size is checked: the audio is exactly the {@code data} chunk's declared bytes (a chunk
 * after it is not audio), and a declared size larger than what is there is a PROTOCOL failure, as is a format other
 * than the one asked for (mono, the requested encoding and rate). A size left open (0 or 0xFFFFFFFF) means "to the
 * end of the buffer".
 *
 * @param offset where the audio starts in the buffer, in bytes
 * @param length how many bytes of audio, a whole number of samples
 */
record WavAudioContent(int offset, int length) {

    /**
     * The audio in {@code wav}, which must be a WAV of {@code expected}, mono.
     *
     * @param engine   the engine's name, for messages
     * @throws TtsException PROTOCOL naming what is wrong with the header
     */
    static WavAudioContent locate(String engine, byte[] wav, AudioFormatSpec expected) throws TtsException {
        ByteArrayInputStream in = new ByteArrayInputStream(wav);
        WavFormat format;
        long frames;
        try {
            WavReader reader = WavReader.open(in);
            format = reader.format();
            frames = reader.frames();
        } catch (WavFormatException e) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "audioContent (" + wav.length
                    + " bytes) is not a usable WAV: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e); // ByteArrayInputStream does not
        }
        if (format.channels() != 1 || format.encoding() != expected.encoding()
                || format.sampleRate() != expected.sampleRate()) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "audioContent's WAV header says "
                    + format.encoding() + " " + format.sampleRate() + " Hz, " + format.channels()
                    + " channel(s); asked for " + expected);
        }
        int offset = wav.length - in.available();
        int present = wav.length - offset;
        if (frames < 0) {
            if (present % format.frameBytes() != 0) {
                throw new TtsException(TtsException.Kind.PROTOCOL, engine, "audioContent's WAV data of open size "
                        + "ends inside a sample: " + present + " bytes of " + format.frameBytes() + "-byte samples");
            }
            return new WavAudioContent(offset, present);
        }
        long declared = frames * format.frameBytes();
        if (declared > present) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "audioContent's WAV data chunk declares "
                    + declared + " bytes, only " + present + " follow the header");
        }
        return new WavAudioContent(offset, (int) declared);
    }
}
