package io.github.voxbridge.tts.transport.audio;

import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.transport.http.ChunkConsumer;
import java.util.Objects;

/**
 * Hands an engine's audio to the caller's sink as it arrives: {@link AudioSink#format} once, before the first bytes
 * (and only if any come), then every chunk whole and untouched, odd lengths included. Mu-law 8 kHz is exactly what
 * Twilio plays, so nothing is decoded or re-encoded (issue 12, "Pass-through"); a 16- or 32-bit sample split over
 * two chunks is the sink's decoder's to carry, as the {@link AudioSink} contract says. Empty chunks are dropped (the
 * sink wants {@code len >= 1}). One feed per synthesis, used by one thread at a time; it may span several requests
 * (long text split into pieces), which then make one stream with one format call.
 */
public final class SinkFeed implements ChunkConsumer {

    private final AudioSink sink;
    private final AudioFormatSpec format;
    private boolean formatSent;
    private long delivered;

    /**
     * @param sink   the caller's sink
     * @param format what the engine delivers
     */
    public SinkFeed(AudioSink sink, AudioFormatSpec format) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** Passes {@code chunk[off .. off + len)} on, after the format if it is the first; nothing if {@code len == 0}. */
    @Override
    public void accept(byte[] chunk, int off, int len) {
        if (len == 0) {
            return;
        }
        if (!formatSent) {
            sink.format(format);
            formatSent = true;
        }
        sink.audio(chunk, off, len);
        delivered += len;
    }

    /** The bytes of audio handed to the sink so far. */
    public long delivered() {
        return delivered;
    }

    /** Whether the format has been announced, i.e. audio has reached the sink. */
    public boolean started() {
        return formatSent;
    }
}
