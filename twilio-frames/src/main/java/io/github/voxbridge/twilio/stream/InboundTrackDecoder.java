package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.Pcm16;
import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.twilio.protocol.MediaMessageReader;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioProtocolException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns the {@code media} messages of one track of a Twilio stream into continuous 16-bit PCM, at 8000 Hz or
 * resampled (16 kHz is what most speech recognisers want), and passes on DTMF and stop.
 *
 * <h2>Timeline</h2>
 * Twilio numbers each track's media messages ({@code chunk}, from 1) and stamps each with the time of its first
 * sample ({@code timestamp}, milliseconds from the start of the stream, {@value #SAMPLES_PER_MILLISECOND} samples
 * a millisecond). The decoder keeps the output on that timeline:
 * <ul>
 *   <li><b>Order</b> comes from {@code chunk}. The first media message of the track starts the timeline (no
 *       silence is invented before it). A message whose chunk equals the last accepted one is a duplicate; one
 *       whose chunk is lower arrived too late (its time has already been played out as audio or silence). Both
 *       are dropped and counted ({@link #duplicatesDropped()}, {@link #lateChunksDropped()}).</li>
 *   <li><b>Length</b> comes from {@code timestamp}. When a message starts later than the audio delivered so far
 *       ends, by more than the jitter tolerance ({@value #DEFAULT_JITTER_TOLERANCE_MILLIS} ms by default, half a
 *       20 ms frame), the difference is filled with silence, exactly, so a lost chunk becomes 160 samples of
 *       silence rather than a splice. Smaller differences, and messages that start early, are timing jitter: the
 *       audio is appended as is. One gap fills at most {@value #DEFAULT_MAX_GAP_MILLIS} ms by default, so a wild
 *       timestamp cannot make the decoder produce hours of silence.</li>
 * </ul>
 *
 * <h2>Events</h2>
 * DTMF messages of this track (Twilio names the caller's DTMF track {@code "inbound_track"} but its media track
 * {@code "inbound"}; both spellings match) go to {@link InboundAudioListener#dtmf} in order with the audio. A
 * {@code stop} ends the track: the resampler's tail is delivered, then {@link InboundAudioListener#stop}; later
 * messages are ignored. Other events and other tracks are ignored. A {@code start} whose media format is not
 * mu-law, 8000 Hz, mono is refused with a {@link TwilioProtocolException}.
 *
 * <p>Steady state allocates nothing (buffers grow only for a payload larger than any before). Not thread-safe.
 */
public final class InboundTrackDecoder {

    /** Samples per millisecond of Twilio audio: 8000 Hz. */
    public static final int SAMPLES_PER_MILLISECOND = 8;
    /** Twilio's sample rate, in Hz. */
    public static final int TWILIO_RATE = 8000;
    /** Default tolerance for timestamp jitter, in ms: half of a 20 ms frame, so one lost frame is always filled. */
    public static final int DEFAULT_JITTER_TOLERANCE_MILLIS = 10;
    /** Default cap on the silence inserted for one gap, in ms. */
    public static final int DEFAULT_MAX_GAP_MILLIS = 10_000;

    private final String track;
    private final String dtmfTrack;
    private final InboundAudioListener listener;
    private final PolyphaseResampler resampler;
    private final int outputRate;
    private final long toleranceSamples;
    private final long maxGapSamples;

    private short[] pcm = new short[FrameAssembler.FRAME_BYTES];
    private float[] resampled;
    private short[] resampledPcm;

    private boolean started;
    private boolean stopped;
    private long lastChunk;
    private long originMillis;
    /** Samples at 8000 Hz delivered so far (audio and silence), the decoder's position on the timeline. */
    private long position;

    private long chunksDecoded;
    private long duplicatesDropped;
    private long lateChunksDropped;
    private long silenceSamples;

    /**
     * A decoder for {@code track}, resampling to {@code outputRate} Hz with the resampler's default preset, default
     * jitter tolerance and gap cap.
     *
     * @param track      the media track to decode: {@code "inbound"} (the caller) or {@code "outbound"}
     * @param outputRate {@value #TWILIO_RATE} for no resampling, or any rate {@link PolyphaseResampler} supports
     */
    public InboundTrackDecoder(String track, int outputRate, InboundAudioListener listener) {
        this(track, outputRate, null, DEFAULT_JITTER_TOLERANCE_MILLIS, DEFAULT_MAX_GAP_MILLIS, listener);
    }

    /**
     * A decoder with every setting.
     *
     * @param quality               resampler preset, or {@code null} for the default for the rate pair
     * @param jitterToleranceMillis timestamp differences up to this are not filled with silence
     * @param maxGapMillis          the most silence inserted for one gap
     */
    public InboundTrackDecoder(String track, int outputRate, ResamplerQuality quality, int jitterToleranceMillis,
                               int maxGapMillis, InboundAudioListener listener) {
        this.track = Objects.requireNonNull(track, "track");
        this.dtmfTrack = track + "_track";
        this.listener = Objects.requireNonNull(listener, "listener");
        if (jitterToleranceMillis < 0 || maxGapMillis < 0) {
            throw new IllegalArgumentException("negative jitter tolerance " + jitterToleranceMillis
                    + " ms or gap cap " + maxGapMillis + " ms");
        }
        this.toleranceSamples = (long) jitterToleranceMillis * SAMPLES_PER_MILLISECOND;
        this.maxGapSamples = (long) maxGapMillis * SAMPLES_PER_MILLISECOND;
        this.outputRate = outputRate;
        if (outputRate == TWILIO_RATE) {
            this.resampler = null;
        } else {
            this.resampler = quality == null
                    ? PolyphaseResampler.create(TWILIO_RATE, outputRate)
                    : PolyphaseResampler.create(TWILIO_RATE, outputRate, quality);
            this.resampled = new float[resampledCapacity(pcm.length)];
            this.resampledPcm = new short[resampled.length];
        }
    }

    /** A decoder for {@code track} delivering Twilio's 8000 Hz. */
    public static InboundTrackDecoder at8kHz(String track, InboundAudioListener listener) {
        return new InboundTrackDecoder(track, TWILIO_RATE, listener);
    }

    /** A decoder for {@code track} delivering 16000 Hz, for speech recognition. */
    public static InboundTrackDecoder at16kHz(String track, InboundAudioListener listener) {
        return new InboundTrackDecoder(track, 16_000, listener);
    }

    /** Rate of the PCM given to the listener, in Hz. */
    public int outputRate() {
        return outputRate;
    }

    /** The media track decoded. */
    public String track() {
        return track;
    }

    /**
     * Takes the next message of the stream, in the order received. Media of this track become audio, DTMF of this
     * track and stop become events; anything else is ignored.
     *
     * @throws TwilioProtocolException for a {@code start} announcing a format other than mu-law, 8000 Hz, mono
     */
    public void accept(InboundMessage message) {
        if (stopped) {
            return;
        }
        // Media first and outside the type switch, with only its fields passed on: the record then never escapes
        // this method, so C2 can scalar-replace a record built just for this call (InboundBench.decode16k measures
        // 0 B/op only then), whatever it decides to inline below.
        if (message instanceof InboundMessage.Media m) {
            if (m.track().equals(track)) {
                media(m.chunk(), m.timestamp(), m.payload(), m.payload().length);
            }
            return;
        }
        switch (message) {
            case InboundMessage.Dtmf d -> {
                if (d.track().equals(track) || d.track().equals(dtmfTrack)) {
                    listener.dtmf(d);
                }
            }
            case InboundMessage.Stop s -> {
                end();
                listener.stop(s);
            }
            case InboundMessage.Start s -> {
                if (!s.mediaFormat().equals(InboundMessage.MediaFormat.TWILIO)) {
                    throw new TwilioProtocolException("start.mediaFormat", "unsupported format, expected "
                            + InboundMessage.MediaFormat.TWILIO, s.mediaFormat().toString());
                }
            }
            default -> {
            }
        }
    }

    /**
     * Takes the media message {@code media} has just read ({@link MediaMessageReader#read} returned {@code true}), as
     * {@link #accept(InboundMessage)} takes the same message parsed, but without garbage: the per-frame path of a
     * server.
     *
     * @throws IllegalStateException if {@code media} holds no message
     */
    public void accept(MediaMessageReader media) {
        if (!stopped && media.trackIs(track)) {
            media(media.chunk(), media.timestamp(), media.payload(), media.payloadLength());
        }
    }

    /**
     * Ends the track without a stop message (e.g. the WebSocket closed): delivers the resampler's tail. Later
     * messages are ignored. Idempotent.
     */
    public void end() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (resampler != null && started) {
            int n = resampler.flush(resampled, 0);
            deliverResampled(n);
        }
    }

    private void media(long chunk, long timestampMillis, byte[] payload, int length) {
        if (!started) {
            started = true;
            originMillis = timestampMillis;
        } else if (chunk == lastChunk) {
            duplicatesDropped++;
            return;
        } else if (chunk < lastChunk) {
            lateChunksDropped++;
            return;
        } else {
            fillGap(timestampMillis);
        }
        lastChunk = chunk;
        chunksDecoded++;
        if (pcm.length < length) {
            grow(length);
        }
        MuLaw.decode(payload, 0, pcm, 0, length);
        emit(length);
    }

    private void fillGap(long timestamp) {
        long elapsedMillis = timestamp - originMillis;
        if (elapsedMillis <= 0) {
            return;
        }
        long target = elapsedMillis > Long.MAX_VALUE / SAMPLES_PER_MILLISECOND
                ? Long.MAX_VALUE : elapsedMillis * SAMPLES_PER_MILLISECOND;
        long gap = target - position;
        if (gap <= toleranceSamples) {
            return;
        }
        long fill = Math.min(gap, maxGapSamples);
        silenceSamples += fill;
        while (fill > 0) {
            int n = (int) Math.min(fill, pcm.length);
            Arrays.fill(pcm, 0, n, (short) 0);
            emit(n);
            fill -= n;
        }
        // Already there unless the gap was capped; then this re-anchors the timeline, so that the rest of the gap is
        // not "owed" at the next message.
        position = target;
    }

    /** Delivers {@code pcm[0 .. n)} at 8000 Hz, resampled if needed, and advances the timeline. */
    private void emit(int n) {
        position += n;
        if (resampler == null) {
            listener.audio(pcm, 0, n);
            return;
        }
        int out = resampler.process(pcm, 0, n, resampled, 0);
        deliverResampled(out);
    }

    private void deliverResampled(int n) {
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            resampledPcm[i] = Pcm16.fromFloat(resampled[i]);
        }
        listener.audio(resampledPcm, 0, n);
    }

    private void grow(int samples) {
        pcm = new short[samples];
        if (resampler != null) {
            resampled = new float[resampledCapacity(samples)];
            resampledPcm = new short[resampled.length];
        }
    }

    /**
     * Room for the output of {@code samples} input samples whatever the resampler's phase, and for its flush: the
     * resampler's own bounds ({@link PolyphaseResampler#maxOutputSamplesFor}, {@code ceil(samples * out / in)}).
     */
    private int resampledCapacity(int samples) {
        return Math.max(resampler.maxOutputSamplesFor(samples), resampler.flushSamplesBound());
    }

    /** Media messages decoded into audio. */
    public long chunksDecoded() {
        return chunksDecoded;
    }

    /** Media messages dropped because their chunk repeated the last one. */
    public long duplicatesDropped() {
        return duplicatesDropped;
    }

    /** Media messages dropped because their chunk was older than the last one. */
    public long lateChunksDropped() {
        return lateChunksDropped;
    }

    /** Samples of silence (at 8000 Hz) inserted for lost audio. */
    public long silenceSamplesInserted() {
        return silenceSamples;
    }
}
