package io.github.voxbridge.twilio.vad;

import io.github.voxbridge.dsp.codec.MuLaw;
import java.time.Duration;
import java.util.Objects;

/**
 * How loud what we sent to one caller recently was: the loudest 10 ms block of each 20 ms media frame, kept for a
 * window, for {@link VoiceActivityDetector#playbackLevel(double)}. The echo of a frame comes back once Twilio has
 * played it, up to the player's lead (300 ms in the server) plus the network's round trip after it was sent, so
 * the level that matters now is the loudest of the frames sent in the last {@link #DEFAULT_WINDOW}.
 *
 * {@snippet id="vad-playback-echo" :
 * // One per call, beside the call's player and detector: what the player sent lately, for the detector.
 * PlaybackEcho echo = new PlaybackEcho(PlaybackEcho.DEFAULT_WINDOW);
 * OutboundPlayer player = OutboundPlayer.builder(engine)
 *         .playbackListener(new PlaybackListener() {
 *             @Override
 *             public void frameSent(Utterance utterance, byte[] mulaw, int offset) {
 *                 echo.frameSent(System.nanoTime(), mulaw, offset); // on the player's thread
 *             }
 *         })
 *         .build(transport);
 * }
 * {@snippet id="vad-playback-level" :
 * // On the reader's thread, before each inbound message goes to the detector's decoder:
 * vad.playbackLevel(echo.loudestDbfs(System.nanoTime()));
 * inbound.accept(message);
 * }
 * ({@code vad} and {@code inbound}: the call's {@link VoiceActivityDetector} and the decoder that feeds it, as in
 * {@link VoiceActivityDetector}'s example.)
 *
 * <p>Thread-safe: one thread records, another reads. Allocation-free: a ring of the last {@value #CAPACITY} frames
 * (a window of 1 s holds 50 frames of steady playback, plus a burst of up to the lead sent ahead).
 */
public final class PlaybackEcho {

    /** Long enough for the lead (300 ms by default in the server), Twilio's playout and a round trip of 500 ms. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);
    /** Frames remembered: more than a window of 1.28 s of 20 ms frames. */
    static final int CAPACITY = 128;
    /** Bytes of one media frame: 20 ms of mu-law at 8000 Hz. */
    static final int FRAME_BYTES = 160;
    /** Samples in one 10 ms block at 8000 Hz. */
    private static final int BLOCK = 80;
    /** Energy of a 10 ms block (80 samples) at 0 dBFS: constant full scale, 32768. */
    private static final double FULL_SCALE_BLOCK_ENERGY = BLOCK * 32768.0 * 32768.0;

    private final long windowNanos;
    /**
     * The candidates for the window's loudest frame, oldest first, each louder than every frame recorded after it
     * (a monotonic queue, the sliding-window maximum of Lemire 2006, "Streaming maximum-minimum filter using no more
     * than three comparisons per element"): the answer is the first that is still in the window, found in amortized
     * constant time instead of a scan of the window's 50 frames at every inbound message. A ring of
     * {@value #CAPACITY} entries: index, time sent and loudest block energy of each.
     */
    private final long[] frameIndex = new long[CAPACITY];
    private final long[] sentAt = new long[CAPACITY];
    private final double[] energy = new double[CAPACITY];
    private int first;
    private int size;
    /** Frames recorded so far. */
    private long count;

    /**
     * @param window how long a frame may still be echoing after it was sent: positive, at most a minute
     * @throws IllegalArgumentException if it is not
     */
    public PlaybackEcho(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("echo window " + window + " out of range: more than 0, at most 1 min");
        }
        this.windowNanos = window.toNanos();
    }

    /**
     * Records a frame as sent at {@code nanos} ({@link System#nanoTime()}'s scale): its {@value #FRAME_BYTES}
     * mu-law bytes from {@code offset}, read now and not kept.
     *
     * @throws IndexOutOfBoundsException if the frame is not inside {@code mulaw}
     */
    public void frameSent(long nanos, byte[] mulaw, int offset) {
        Objects.checkFromIndexSize(offset, FRAME_BYTES, mulaw.length);
        double loudest = Math.max(blockEnergy(mulaw, offset), blockEnergy(mulaw, offset + BLOCK));
        synchronized (this) {
            long index = count++;
            // Older candidates no louder than this frame can never be the loudest again: it outlives them.
            while (size > 0 && energy[slot(size - 1)] <= loudest) {
                size--;
            }
            // Only the last CAPACITY frames count, as if the ring had overwritten the older ones.
            if (size > 0 && frameIndex[first] <= index - CAPACITY) {
                first = (first + 1) & (CAPACITY - 1);
                size--;
            }
            int slot = slot(size++);
            frameIndex[slot] = index;
            sentAt[slot] = nanos;
            energy[slot] = loudest;
        }
    }

    /**
     * The loudest 10 ms block, in dBFS (RMS, full scale 32768, no filter), of the frames sent in the window before
     * {@code nowNanos}; {@code Double.NEGATIVE_INFINITY} when none was (or all were digital silence).
     */
    public synchronized double loudestDbfs(long nowNanos) {
        // (Every candidate is among the last CAPACITY frames: frameSent drops the one that falls out.)
        while (size > 0 && nowNanos - sentAt[first] > windowNanos) {
            first = (first + 1) & (CAPACITY - 1);
            size--;
        }
        double loudest = size == 0 ? 0 : energy[first];
        return loudest == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(loudest / FULL_SCALE_BLOCK_ENERGY);
    }

    private int slot(int position) {
        return (first + position) & (CAPACITY - 1);
    }

    private static double blockEnergy(byte[] mulaw, int from) {
        double e = 0;
        for (int i = from; i < from + BLOCK; i++) {
            double x = MuLaw.decode(mulaw[i]);
            e += x * x;
        }
        return e;
    }
}
