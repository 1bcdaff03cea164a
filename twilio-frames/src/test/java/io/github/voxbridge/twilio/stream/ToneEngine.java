package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted engine for player tests: the text says what to make, e.g. {@code "440 Hz 1000 ms"} (a sine of known
 * length: 1000 ms is 50 frames) or {@code "440 Hz 1000 ms fail at 300 ms"} (fails after 300 ms of audio). 8 kHz
 * s16le in 20 ms chunks, as fast as the consumer takes them; honours cancellation before every chunk.
 */
final class ToneEngine implements TtsEngine {

    static final int RATE = 8000;
    private static final Pattern SCRIPT =
            Pattern.compile("(\\d+) Hz (\\d+) ms(?: fail at (\\d+) ms)?[.!?]?");

    @Override
    public String name() {
        return "tone";
    }

    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        Matcher m = SCRIPT.matcher(text.strip());
        if (!m.matches()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, name(), "no script in " + TtsException.excerpt(text, 40));
        }
        int hz = Integer.parseInt(m.group(1));
        int samples = Integer.parseInt(m.group(2)) * RATE / 1000;
        int failAt = m.group(3) == null ? -1 : Integer.parseInt(m.group(3)) * RATE / 1000;
        sink.format(new AudioFormatSpec(SampleEncoding.S16LE, RATE));
        byte[] chunk = new byte[2 * RATE / 50];
        for (int at = 0; at < samples; ) {
            cancel.throwIfCancelled(name());
            if (at == failAt) {
                throw new TtsException(TtsException.Kind.INTERNAL, name(), "scripted failure at sample " + at);
            }
            int n = Math.min(chunk.length / 2, samples - at);
            for (int i = 0; i < n; i++) {
                short s = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * (at + i) / RATE));
                chunk[2 * i] = (byte) s;
                chunk[2 * i + 1] = (byte) (s >> 8);
            }
            sink.audio(chunk, 0, 2 * n);
            at += n;
        }
    }

    @Override
    public void close() {
    }
}
