package io.github.voxbridge.twilio.server;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TTS engine whose "speech" is a 440 Hz tone at -12 dBFS, 8 kHz mu-law (Twilio's format, so the server passes the
 * bytes through and a test can compare what the caller heard byte for byte): {@code "600 ms"} speaks 600 ms of it,
 * {@code "600 ms then fail"} fails after them, {@code "600 ms loud"} speaks it at -3 dBFS. Anything else is refused.
 * Thread-safe, as engines are.
 */
class ToneEngine implements TtsEngine {

    private static final Pattern SCRIPT = Pattern.compile("(\\d+) ms( loud)?( then fail)?");
    /** Level of the tone, dBFS RMS; of the loud one. */
    static final double LEVEL_DBFS = -12;
    static final double LOUD_DBFS = -3;
    private final AtomicInteger cancelled = new AtomicInteger();

    @Override
    public String name() {
        return "tone";
    }

    /** Tones made so far, by length: a load test's calls share them instead of each encoding its own. */
    private static final java.util.Map<Integer, byte[]> TONES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The mu-law of {@code millis} ms of the tone: what the caller must hear for {@code "<millis> ms"}. */
    static byte[] tone(int millis) {
        return TONES.computeIfAbsent(millis, ToneEngine::encodeTone).clone();
    }

    /** Cache key of the loud tone of {@code millis} ms (the quiet ones are keyed by their length). */
    private static int loudKey(int millis) {
        return -millis - 1;
    }

    private static byte[] encodeTone(int key) {
        int millis = key >= 0 ? key : -key - 1;
        int n = millis * 8;
        short[] pcm = new short[n];
        double amplitude = 32767 * Math.pow(10, (key >= 0 ? LEVEL_DBFS : LOUD_DBFS) / 20.0) * Math.sqrt(2);
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        byte[] codes = new byte[n];
        MuLaw.encode(pcm, 0, codes, 0, n);
        return codes;
    }

    /** {@code codes} padded with mu-law silence (0xFF) to whole 20 ms frames, as the server sends them. */
    static byte[] framed(byte[] codes) {
        byte[] out = java.util.Arrays.copyOf(codes, (codes.length + 159) / 160 * 160);
        java.util.Arrays.fill(out, codes.length, out.length, (byte) 0xFF);
        return out;
    }

    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        Matcher m = SCRIPT.matcher(text.strip());
        if (!m.matches()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, name(), "say \"<n> ms\", not \"" + text + "\"");
        }
        int millis = Integer.parseInt(m.group(1));
        byte[] audio = TONES.computeIfAbsent(m.group(2) != null ? loudKey(millis) : millis, ToneEngine::encodeTone);
        try {
            sink.format(new AudioFormatSpec(SampleEncoding.MULAW, 8000));
            for (int off = 0; off < audio.length; off += 160) {
                cancel.throwIfCancelled(name());
                sink.audio(audio, off, Math.min(160, audio.length - off));
            }
        } finally {
            // However the synthesis ends (the sink throwing once the consumer has gone, or the check above), a
            // cancelled one is counted, once.
            if (cancel.isCancelled()) {
                cancelled.incrementAndGet();
            }
        }
        if (m.group(3) != null) {
            throw new TtsException(TtsException.Kind.UNAVAILABLE, name(), "the tone engine failed on purpose");
        }
    }

    /** Syntheses that saw their cancellation. */
    int cancelled() {
        return cancelled.get();
    }

    @Override
    public void close() {
    }
}
