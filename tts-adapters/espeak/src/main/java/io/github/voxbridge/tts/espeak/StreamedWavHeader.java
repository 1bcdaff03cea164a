package io.github.voxbridge.tts.espeak;

import io.github.voxbridge.dsp.pcm.WavFormat;
import io.github.voxbridge.dsp.pcm.WavFormatException;
import io.github.voxbridge.dsp.pcm.WavReader;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.process.StdoutConsumer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Turns a WAV arriving in chunks (espeak-ng's stdout) into one {@link AudioSink#format} call and the PCM after the
 * header, chunk by chunk as it arrives.
 *
 * <p>The header is collected until dsp-core's {@link WavReader} can parse it (RIFF, {@code fmt }, any other chunks,
 * then the {@code data} chunk header): the rate and encoding come from the {@code fmt } chunk, never assumed
 * (espeak-ng writes 22050 Hz s16le mono, an MBROLA voice another rate; tts-engines.md section 8). Length fields are
 * ignored: on {@code --stdout} espeak-ng writes placeholders ({@code 0x7ffff024} / {@code 0x7ffff000}) because a pipe
 * cannot seek back, so the audio is everything up to the end of the stream. Each attempt parses what has arrived
 * so far from the start; if the parser ran out of bytes the header is incomplete and the next chunk is awaited,
 * otherwise its complaint is a {@link TtsException.Kind#PROTOCOL} failure. Not thread-safe: one per synthesis.
 */
final class StreamedWavHeader implements StdoutConsumer {

    /** Most bytes a header may take before the data chunk starts; espeak-ng's takes 44. */
    static final int MAX_HEADER_BYTES = 4096;

    private final String engine;
    private final AudioSink sink;
    private byte[] header = new byte[64];
    private int headerLength;
    private boolean inData;
    private long audioBytes;

    StreamedWavHeader(String engine, AudioSink sink) {
        this.engine = engine;
        this.sink = sink;
    }

    @Override
    public void accept(byte[] chunk, int off, int len) throws TtsException {
        if (inData) {
            audioBytes += len;
            sink.audio(chunk, off, len);
            return;
        }
        if (header.length - headerLength < len) {
            header = Arrays.copyOf(header, Math.max(2 * header.length, headerLength + len));
        }
        System.arraycopy(chunk, off, header, headerLength, len);
        headerLength += len;
        parse(false);
    }

    /**
     * Checks, at the end of the stream, that a header was found.
     *
     * @throws TtsException PROTOCOL if the stream ended before the data chunk (nothing at all, or a cut header)
     */
    void finish() throws TtsException {
        if (inData) {
            return;
        }
        if (headerLength == 0) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "the program wrote nothing, not even a WAV header");
        }
        parse(true);
    }

    /** Bytes of audio delivered (after the header). */
    long audioBytes() {
        return audioBytes;
    }

    private void parse(boolean atEnd) throws TtsException {
        Bounded in = new Bounded(header, headerLength);
        WavFormat format;
        try {
            format = WavReader.open(in).format();
        } catch (WavFormatException e) {
            if (in.ranOut && !atEnd && headerLength <= MAX_HEADER_BYTES) {
                return; // incomplete so far: wait for the next chunk
            }
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "unusable WAV header in the program's output"
                    + (in.ranOut && !atEnd ? " (no data chunk in the first " + headerLength + " bytes)" : "")
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e); // ByteArrayInputStream does not
        }
        if (format.channels() != 1) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "the program's WAV has " + format.channels()
                    + " channels, expected mono");
        }
        inData = true;
        sink.format(new AudioFormatSpec(format.encoding(), format.sampleRate()));
        int dataStart = in.position();
        if (dataStart < headerLength) {
            audioBytes += headerLength - dataStart;
            sink.audio(header, dataStart, headerLength - dataStart);
        }
        header = null;
    }

    /** The bytes so far, remembering whether the parser asked for more than there were. */
    private static final class Bounded extends ByteArrayInputStream {
        boolean ranOut;

        Bounded(byte[] bytes, int length) {
            super(bytes, 0, length);
        }

        int position() {
            return pos;
        }

        @Override
        public synchronized int read() {
            ranOut |= pos >= count;
            return super.read();
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            ranOut |= len > count - pos;
            return super.read(b, off, len);
        }

        @Override
        public int readNBytes(byte[] b, int off, int len) {
            ranOut |= len > count - pos;
            return super.readNBytes(b, off, len);
        }

        @Override
        public synchronized long skip(long n) {
            ranOut |= n > count - pos;
            return super.skip(n);
        }
    }
}
