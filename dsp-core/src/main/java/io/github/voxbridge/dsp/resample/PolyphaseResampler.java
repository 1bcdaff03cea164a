package io.github.voxbridge.dsp.resample;

import io.github.voxbridge.dsp.internal.simd.ResampleKernels;
import io.github.voxbridge.dsp.internal.simd.VectorizationProvider;
import io.github.voxbridge.dsp.pcm.Pcm16;

/**
 * A streaming rational resampler for mono audio: Kaiser-windowed sinc, polyphase, any pair of integer rates from
 * {@value #MIN_RATE} to {@value #MAX_RATE} Hz.
 *
 * <p>The rates are reduced by their gcd to L/M; only the kept outputs are computed, each the dot product of one
 * row of {@code taps} coefficients with the input. For L up to 8 in float (integer decimation such as 24 kHz to
 * 8 kHz, and ratios such as 2/1 or 2/3) every L-th output uses the same row, so the outputs of a row are computed
 * together, lanes across outputs; otherwise a few outputs at a time, one row each. Time advances in integers: the
 * position of the next output is an input index and a phase {@code 0 <= phase < L}, and each output adds M to the
 * phase; there is no floating-point clock, so hours of audio do not drift. The filter's delay is compensated:
 * output sample {@code n} is the signal at input time {@code n * in / out}, so a whole stream of {@code n} input
 * samples gives exactly {@code ceil(n * out / in)} output samples, the last of them released by {@link #flush}.
 * The cost of that alignment is latency: an output is released once the input reaches {@link #delaySamples()}
 * beyond it.
 *
 * <p>Two stages: a float preset from an input above twice the output whose L is too large for batches (22.05 and
 * 44.1 kHz to 8 kHz, L = 160 and 80), or an integer decimation by 6 or more that twice the output rate divides (48
 * and 96 kHz to 8 kHz), goes first to twice the output rate through a short filter, then through the preset's own
 * halving stage, whose outputs share one row and are computed in batches. The final output's band
 * leaves the first stage a wide transition (3.35 to 11.8 kHz at 8 kHz telephony: 16 taps at 22.05 kHz, 32 at
 * 44.1 kHz, where one stage needed 144 and 272), the second stage's filter runs at 16 kHz instead of the input rate,
 * and both tables fit the L1 cache. At hq a front stage of two to four vectors of taps per row is one vector shorter
 * still and droops (1.1 dB at 3.6 kHz at 22.05 kHz: 16 taps instead of 25; 44.1 kHz: 48 instead of 64, with next to
 * no droop), and the final stage after it makes up
 * for the droop ({@code FilterBank#passGain}), so the chain stays flat. The cost is the front stage's delay added
 * to the latency (0.27 to 0.33 ms at telephony, 0.36 to 0.61 ms at hq, 0.23 to 0.27 ms at fast), and everything
 * below holds for the chain as a whole: outputs are released on the same integer
 * schedule as one stage's (held back by at most a few samples), so counts, bounds and chunk invariance are the
 * same; {@link #toString()} names both stages.
 *
 * <p>Streaming: {@code process} may be called with any number of samples, including 0 or 1; the output is
 * bit-identical however the input is split. {@link #maxOutputSamplesFor(int)} bounds what any call with that many
 * samples writes, so callers size a buffer once; {@link #outputSamplesFor(int)} says exactly how many the next
 * call will write. Steady-state calls allocate nothing. Not thread-safe: one resampler per stream.
 *
 * <p>Filter designs are immutable and shared by every resampler of the same reduced ratio and preset, through a
 * cache bounded in bytes: the system property {@code voxbridge.resample.filterCacheBytes} (a whole number of bytes,
 * default 16777216 = 16 MiB; 0 disables the cache) caps what it retains, least recently used designs dropped first.
 * A resampler keeps its design for life, so a server accepting any rate pair grows its cache no further than that.
 *
 * {@snippet id="polyphase-resampler-stream" :
 * PolyphaseResampler resampler = PolyphaseResampler.create(24_000, 8_000);    // telephony preset
 * float[] out = new float[Math.max(resampler.maxOutputSamplesFor(480), resampler.flushSamplesBound())];
 * for (short[] chunk : chunks) {                                  // 20 ms of 24 kHz audio, or less
 *     int n = resampler.process(chunk, 0, chunk.length, out, 0);  // fewer the first time, then 160
 *     deliver(out, n);
 * }
 * deliver(out, resampler.flush(out, 0));                          // end of the utterance: the rest
 * resampler.reset();                                              // ready for the next one
 * }
 */
public final class PolyphaseResampler {

    /** Lowest supported rate in Hz. */
    public static final int MIN_RATE = 1_000;
    /** Highest supported rate in Hz. */
    public static final int MAX_RATE = 384_000;

    /** Input samples taken per internal step; the history buffer holds this many plus one row of taps. */
    private static final int BLOCK = 4096;

    private static final ResampleKernels KERNELS = VectorizationProvider.getInstance().resample();

    private final int inputRate;
    private final int outputRate;
    private final FilterBank bank;
    private final int up;
    /** M, the reduced input rate: each output advances {@code M / L} input samples. */
    private final int down;
    private final int downWhole;
    private final int downRemainder;
    private final int taps;
    private final int startIndex;
    private final int startPhase;
    private final boolean passThrough;
    private final ResamplerQuality quality;

    private final float[] history;
    /**
     * Small L in float ({@link FilterBank#batchRows}): outputs are computed in batches, one row at a time, by the
     * decimation kernel.
     */
    private final boolean batched;
    /** Most outputs one batch computes. */
    private final int maxBatch;
    private final float[] scratch;
    /** Each row's outputs of a batch, {@link #rowStride} apart, before they are interleaved (L > 1). */
    private final float[] rowOutputs;
    /** Floats between two rows' outputs in {@link #rowOutputs}: the most outputs a row gets in one batch. */
    private final int rowStride;
    /**
     * An integer decimation by M (L = 1, batched) keeps its history split into M streams ({@code ResampleKernels
     * #deal}): sample p of the history at {@code streams[(p % M) * perStream + p / M]}, {@link #filled} and
     * {@link #windowEnd} counting samples as for {@link #history}, which then only converts 16-bit input. So each
     * input sample is split once as it arrives, where split per batch the window's older part (the taps before the
     * batch) was split again with every chunk, and the chunk was first copied into the history: 24 kHz -> 8 kHz
     * telephony, 127 + 480 samples copied and 116 re-split per 20 ms. Null otherwise.
     */
    private final float[] streams;
    /** Floats per stream of {@link #streams}. */
    private final int perStream;
    /** Valid samples in {@link #history}. */
    private int filled;
    /** Index in {@link #history} of the newest input sample the next output needs. */
    private int windowEnd;
    /** Phase of the next output, {@code 0 <= phase < up}. */
    private int phase;
    /** The next output's place in the period of L outputs (its index mod L), for the bank's schedule. */
    private int cycle;
    private long consumed;
    private long produced;
    private boolean flushed;

    /**
     * Two-stage chains ({@link #chains}): the front stage (input to twice the output rate, a short filter) and the
     * final stage (halving, the preset's own design), or null for a single stage. A chain's own filter fields
     * ({@code bank}, {@code history} ...) are unused; {@code up}, {@code down}, {@code consumed} and
     * {@code produced} are the whole chain's.
     */
    private final PolyphaseResampler front;
    private final PolyphaseResampler last;
    /** Front-stage output of one piece of input, fed to the final stage. */
    private final float[] middle;
    /** Final-stage outputs computed but not yet released (see {@link #releaseOffset}). */
    private final float[] pending;
    private int pendingCount;
    /**
     * A chain releases output k once {@code consumed * up >= k * down + releaseOffset}: the largest, over one period
     * of the ratio, of {@code need(k) * up - k * down}, where {@code need(k)} is the input output k needs through
     * both stages. Released on that linear schedule, the counts follow the single-stage formulas (with this offset
     * for the delay), so {@link #maxOutputSamplesFor} bounds every call as it does for one stage; the outputs the
     * final stage has ready earlier wait in {@link #pending}, at most a few samples.
     */
    private final long releaseOffset;
    /** Input samples per front-stage step of a chain. */
    private static final int CHAIN_PIECE = 1024;
    /** Silence fed through a chain by {@link #flush}. */
    private static final float[] SILENCE = new float[CHAIN_PIECE];

    private PolyphaseResampler(int inputRate, int outputRate, ResamplerQuality quality) {
        this(inputRate, outputRate, quality, FilterBank.Stage.WHOLE, null);
    }

    /**
     * A whole resampler ({@code WHOLE}: one stage, or a chain of two), or one stage of a chain; a final stage gets
     * the front stage's bank ({@code after}), whose droop it may have to make up for.
     */
    private PolyphaseResampler(int inputRate, int outputRate, ResamplerQuality quality, FilterBank.Stage role,
            FilterBank after) {
        checkRate("input", inputRate);
        checkRate("output", outputRate);
        if (quality == null) {
            throw new IllegalArgumentException("quality preset must not be null");
        }
        int g = gcd(inputRate, outputRate);
        this.inputRate = inputRate;
        this.outputRate = outputRate;
        this.up = outputRate / g;
        this.down = inputRate / g;
        this.downWhole = down / up;
        this.downRemainder = down % up;
        this.passThrough = up == 1 && down == 1;
        this.quality = quality;
        boolean chain = role == FilterBank.Stage.WHOLE && !passThrough && chains(inputRate, outputRate, up, quality);
        if (chain) {
            this.front = new PolyphaseResampler(inputRate, 2 * outputRate, quality, FilterBank.Stage.FRONT, null);
            this.last = new PolyphaseResampler(2 * outputRate, outputRate, quality, FilterBank.Stage.FINAL,
                    front.bank);
            this.middle = new float[front.maxOutputSamplesFor(CHAIN_PIECE)];
            long[] offsets = releaseOffsets();
            this.releaseOffset = offsets[1];
            // Held back at most: the outputs between the earliest and the latest point of the release schedule.
            int held = (int) ((offsets[1] - offsets[0]) / down) + 2;
            this.pending = new float[last.maxOutputSamplesFor(middle.length) + held];
        } else {
            this.front = null;
            this.last = null;
            this.middle = null;
            this.pending = null;
            this.releaseOffset = 0;
        }
        if (passThrough || chain) {
            this.bank = null;
            this.taps = 0;
            this.startIndex = 0;
            this.startPhase = 0;
            this.history = new float[0];
            this.batched = false;
            this.maxBatch = 0;
            this.scratch = null;
            this.rowOutputs = null;
            this.rowStride = 0;
            this.streams = null;
            this.perStream = 0;
        } else {
            this.bank = after != null ? FilterBank.finalAfter(up, down, quality, after)
                    : FilterBank.of(up, down, quality, role);
            this.taps = bank.taps;
            // The first output sits at input time 0; the filter centre is prototypeDelay prototype samples after
            // the first tap. In interpolated mode that delay is rounded to the exact 1/L grid (< 1/L sample).
            long delayInUpSamples = bank.interpolated
                    ? Math.round((double) bank.prototypeDelay * up / bank.phases)
                    : bank.prototypeDelay;
            this.startIndex = (int) (delayInUpSamples / up);
            this.startPhase = (int) (delayInUpSamples % up);
            this.history = new float[taps + BLOCK];
            this.batched = bank.batchRows != null;
            if (batched) {
                // One batch covers every output a full history allows; each row gets at most 1/L of them.
                this.maxBatch = BLOCK / down * up + up;
                int perRow = (maxBatch + up - 1) / up;
                if (up == 1) {
                    this.perStream = (history.length + down - 1) / down + ResampleKernels.STREAM_SLACK;
                    this.streams = new float[down * perStream];
                    this.scratch = new float[KERNELS.decimateSplitScratch(taps, down, maxBatch)];
                } else {
                    this.perStream = 0;
                    this.streams = null;
                    this.scratch = new float[KERNELS.decimateScratch(taps, down, perRow)];
                }
                // Row i of a batch (outputs i, i + L, ...) at rowOutputs[i * perRow], then interleaved.
                this.rowStride = perRow;
                this.rowOutputs = up > 1 ? new float[up * perRow] : null;
            } else {
                this.maxBatch = 0;
                this.scratch = null;
                this.rowOutputs = null;
                this.rowStride = 0;
                this.perStream = 0;
                this.streams = null;
            }
        }
        reset();
    }

    /** A resampler with the default preset for the pair ({@link ResamplerQuality#defaultFor}). */
    public static PolyphaseResampler create(int inputRate, int outputRate) {
        // The constructor checks the rates; defaultFor accepts any pair, so it can be asked first.
        return new PolyphaseResampler(inputRate, outputRate, ResamplerQuality.defaultFor(inputRate, outputRate));
    }

    /**
     * A resampler from {@code inputRate} to {@code outputRate} Hz with a quality preset.
     *
     * @throws IllegalArgumentException if a rate is outside [{@value #MIN_RATE}, {@value #MAX_RATE}] Hz
     */
    public static PolyphaseResampler create(int inputRate, int outputRate, ResamplerQuality quality) {
        return new PolyphaseResampler(inputRate, outputRate, quality);
    }

    private static void checkRate(String which, int rate) {
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new IllegalArgumentException(which + " rate " + rate + " Hz is outside the supported range "
                    + MIN_RATE + " to " + MAX_RATE + " Hz");
        }
    }

    /**
     * Whether a pair is resampled in two stages: a float preset, an input above twice the output, and a ratio whose
     * single stage would compute every output with its own row (L above {@link FilterBank#MAX_BATCHED_PHASES}, as
     * 22.05 and 44.1 kHz to 8 kHz with L = 160 and 80) or an integer decimation by 6 or more into an integer front
     * stage (below). The chain takes the input to R = twice the output rate with
     * a short filter (the final output's band leaves it a wide transition: 14 taps at 22.05 kHz for telephony), then
     * halves R with the preset's own design, whose outputs share one row and are computed in batches. The final
     * stage's filter runs at R instead of the input rate, so it needs fewer taps per output by the ratio of the
     * two, and both stages' tables fit the L1 cache where the single stage's (L rows of taps at the input rate,
     * 92 KiB at 22.05 kHz telephony) did not. The front stage must design exactly (one row per phase).
     */
    private static boolean chains(int inputRate, int outputRate, int up, ResamplerQuality quality) {
        if (quality.doublePrecision() || inputRate <= 2L * outputRate) {
            return false;
        }
        // Integer decimation by 6 or more whose front stage is an integer decimation too (48 kHz to 8 kHz: by 3 to
        // 16 kHz, then by 2): one long filter at the input rate becomes a short one there and the halving one at
        // twice the output rate (48 kHz telephony: 304 taps at 48 kHz; 32 at 48 kHz, then 112 at 16 kHz). A front
        // stage with L = 2 or more (24 -> 16, 72 -> 16 kHz) measured slower than one stage, so those stay single;
        // so does 32 kHz (by 4): little faster, and its hq figure 2 dB worse (-135.3 dB against -137.4). So does
        // 24 kHz: through 12 kHz (by 2, then the 2/3 design, 63 taps per output where one stage has 117) it measured
        // 967 ns per 20 ms at telephony against 601 in one stage, because the batch kernel loads once per tap on
        // streams as short as those (16 and 21 taps) where it shares loads between three taps on long ones.
        boolean integerFront = up == 1 && inputRate >= 6L * outputRate && inputRate % (2L * outputRate) == 0;
        if (up <= FilterBank.MAX_BATCHED_PHASES && !integerFront) {
            return false;
        }
        int middle = 2 * outputRate;
        int g = gcd(inputRate, middle);
        return !FilterBank.of(middle / g, inputRate / g, quality, FilterBank.Stage.FRONT).interpolated;
    }

    /** Input samples this stage needs before its output {@code i} (from the stream's start) can be computed. */
    private long need(long i) {
        return startIndex + (startPhase + i * down) / up + 1;
    }

    /**
     * The least and the largest of {@code need(k) * up - k * down} over one period (k < up) of a chain, where
     * need(k) is the input output k needs through both stages. Both stages' schedules repeat every {@code up}
     * outputs: the final stage then needs 2 up more intermediate samples (it halves), the front stage 2 up times
     * its M/L = down / (2 up) more input samples, i.e. down.
     */
    private long[] releaseOffsets() {
        long least = Long.MAX_VALUE;
        long most = Long.MIN_VALUE;
        for (long k = 0; k < up; k++) {
            long offset = front.need(last.need(k) - 1) * up - k * down;
            least = Math.min(least, offset);
            most = Math.max(most, offset);
        }
        return new long[] {least, most};
    }

    /** Outputs a chain releases once {@code input} samples have arrived (see {@link #releaseOffset}). */
    private long releasedBy(long input) {
        long span = input * up - releaseOffset;
        return span < 0 ? 0 : span / down + 1;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Forgets all input: the next sample starts a new stream, as on a new resampler. */
    public void reset() {
        if (front != null) {
            front.reset();
            last.reset();
            pendingCount = 0;
        }
        filled = taps - 1;
        java.util.Arrays.fill(history, 0, Math.max(0, taps - 1), 0f);
        if (streams != null) {
            // The leading silence rounded up to whole groups of M, so that input chunks of a multiple of M
            // samples (20 ms at 16, 24, 32, 48 kHz) start at stream 0 and are dealt in whole vectors.
            filled += (down - filled % down) % down;
            java.util.Arrays.fill(streams, 0f);
        }
        windowEnd = filled + startIndex;
        phase = startPhase;
        cycle = 0;
        consumed = 0;
        produced = 0;
        flushed = false;
    }

    /** The filter banks of the stages, in order (front, final for a chain); empty for equal rates. For tests. */
    FilterBank[] stageBanks() {
        if (front != null) {
            return new FilterBank[] {front.bank, last.bank};
        }
        return passThrough ? new FilterBank[0] : new FilterBank[] {bank};
    }

    /** Input rate in Hz. */
    public int inputRate() {
        return inputRate;
    }

    /** Output rate in Hz. */
    public int outputRate() {
        return outputRate;
    }

    /** The preset, or {@code null} for equal rates (pass-through, no filter). */
    public ResamplerQuality quality() {
        return passThrough ? null : quality;
    }

    /**
     * Coefficients per output (zero-padded to a multiple of 16); 0 for equal rates. For a pair resampled in two
     * stages (see {@link #toString()}), the final stage's: each output also takes {@code 2} outputs of the front
     * stage, whose taps are few.
     */
    public int taps() {
        return front != null ? last.taps : taps;
    }

    /**
     * The group delay of the filter, in output samples. Output is delay-compensated, so this is the latency of the
     * stream: output for input time t is released once input up to t plus this delay has arrived.
     */
    public double delaySamples() {
        return delaySeconds() * outputRate;
    }

    /** {@link #delaySamples()} in seconds; for two stages, the sum of theirs. */
    public double delaySeconds() {
        if (front != null) {
            return front.delaySeconds() + last.delaySeconds();
        }
        return passThrough ? 0 : (double) bank.prototypeDelay / bank.phases / inputRate;
    }

    /**
     * Exactly how many samples the next {@code process} call with {@code inputSamples} samples will write.
     *
     * @throws IllegalArgumentException if {@code inputSamples} is negative, or so large that the call would write
     *                                  more samples than an array can hold (upsampling by up to 384)
     */
    public int outputSamplesFor(int inputSamples) {
        if (inputSamples < 0) {
            throw new IllegalArgumentException("negative sample count " + inputSamples);
        }
        if (passThrough) {
            return inputSamples;
        }
        if (front != null) {
            long count = releasedBy(consumed + inputSamples) - produced;
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(inputSamples + " input samples would give " + count
                        + " output samples, more than one array holds; pass fewer samples per call");
            }
            return (int) count;
        }
        long reach = (long) filled + inputSamples - 1 - windowEnd;
        if (reach < 0) {
            return 0;
        }
        long count = outputsThrough(reach);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(inputSamples + " input samples would give " + count
                    + " output samples, more than one array holds; pass fewer samples per call");
        }
        return (int) count;
    }

    /**
     * The most samples a {@code process} call with {@code inputSamples} samples can write, whatever came before it:
     * {@code ceil(inputSamples * outputRate / inputRate)}. An output buffer of this size never overflows for a
     * stream fed in chunks of at most {@code inputSamples}: size buffers with this, not with
     * {@link #outputSamplesFor}, whose answer for the first call is smaller (the filter's delay holds outputs back).
     * Depends only on the rates.
     *
     * <p>Why it holds: every call writes all the outputs its input completes, so the next output sits at or after
     * the next input sample to come, and outputs are {@code inputRate / outputRate} input samples apart; {@code n}
     * more samples complete at most {@code ceil(n * outputRate / inputRate)} of them. It is reached: in a stream
     * of equal chunks some call writes exactly this many (every call, once streaming, when the product is whole,
     * e.g. 160 for 480 samples at 24 kHz to 8 kHz).
     *
     * @throws IllegalArgumentException if {@code inputSamples} is negative, or the bound exceeds what an array
     *                                  holds (upsampling by up to 384)
     */
    public int maxOutputSamplesFor(int inputSamples) {
        if (inputSamples < 0) {
            throw new IllegalArgumentException("negative sample count " + inputSamples);
        }
        if (passThrough) {
            return inputSamples;
        }
        long bound = ((long) inputSamples * up + down - 1) / down;
        if (bound > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(inputSamples + " input samples can give " + bound
                    + " output samples, more than one array holds; pass fewer samples per call");
        }
        return (int) bound;
    }

    /** The most samples {@link #flush} can ever write for this resampler, to size buffers up front. */
    public int flushSamplesBound() {
        if (front != null) {
            // Owed at a flush: what the input so far completes, ceil(consumed up / down), less what was released,
            // releasedBy(consumed): at most releaseOffset / down + 2.
            return (int) (releaseOffset / down) + 2;
        }
        return passThrough ? 0 : (int) Math.ceil((taps + 2.0) * outputRate / inputRate) + 2;
    }

    /** Exactly how many samples {@link #flush} will write now. */
    public int flushSamples() {
        // After a flush, produced has caught up with total: 0 until reset, with no flag to consult.
        long total = (consumed * up + down - 1) / down;
        return (int) (total - produced);
    }

    /**
     * Resamples float samples (±1.0 full scale).
     *
     * @return samples written to {@code out}, exactly {@link #outputSamplesFor(int) outputSamplesFor(inLen)}
     * @throws IndexOutOfBoundsException if a range is outside its array (nothing is consumed then)
     * @throws IllegalArgumentException  if {@code inLen} is negative or too large for {@link #outputSamplesFor}
     *                                   (nothing is consumed then)
     * @throws IllegalStateException     after {@link #flush} until {@link #reset}
     */
    public int process(float[] in, int inOff, int inLen, float[] out, int outOff) {
        checkInput(in.length, inOff, inLen);
        return run(in, null, inOff, inLen, out, outOff);
    }

    /**
     * Resamples 16-bit samples, converting them to float ({@code s / 32768}) as they enter the history, without
     * a separate pass.
     *
     * @return samples written to {@code out}, exactly {@link #outputSamplesFor(int) outputSamplesFor(inLen)}
     */
    public int process(short[] in, int inOff, int inLen, float[] out, int outOff) {
        checkInput(in.length, inOff, inLen);
        return run(null, in, inOff, inLen, out, outOff);
    }

    /**
     * Ends the stream: writes the outputs still owed for the input so far ({@link #flushSamples()} of them), as if
     * the input continued with silence. Afterwards call {@link #reset()} before the next stream.
     */
    public int flush(float[] out, int outOff) {
        int owed = flushSamples();
        checkOutput(out.length, outOff, owed);
        if (front != null) {
            return flushChain(out, outOff, owed);
        }
        // Nothing is owed for equal rates (process wrote every sample) or after a flush: the loop does not run.
        int written = 0;
        while (written < owed) {
            compact();
            int zeros = Math.min(history.length - filled, BLOCK);
            if (streams != null) {
                java.util.Arrays.fill(history, 0, zeros, 0f);
                KERNELS.deal(history, 0, zeros, down, streams, perStream, filled);
            } else {
                java.util.Arrays.fill(history, filled, filled + zeros, 0f);
            }
            filled += zeros;
            written += produce(out, outOff + written, owed - written);
        }
        produced += written;
        flushed = true;
        return written;
    }

    /**
     * A chain's flush: silence through both stages, exactly as much as the last owed output needs (the input
     * continued with silence, as for one stage), and the owed outputs out of the final stage in order.
     */
    private int flushChain(float[] out, int outOff, int owed) {
        int written = 0;
        if (owed > 0) {
            long silence = front.need(last.need(produced + owed - 1) - 1) - consumed;
            written = takePending(out, outOff, owed);
            while (silence > 0) {
                int n = (int) Math.min(silence, CHAIN_PIECE);
                int m = front.run(SILENCE, null, 0, n, middle, 0);
                pendingCount += last.run(middle, null, 0, m, pending, pendingCount);
                silence -= n;
                written += takePending(out, outOff + written, owed - written);
            }
        }
        if (written != owed) {
            throw new IllegalStateException("two-stage flush wrote " + written + " of " + owed + " owed samples");
        }
        pendingCount = 0;
        produced += owed;
        flushed = true;
        return owed;
    }

    /** Moves up to {@code limit} pending outputs to {@code out}, oldest first; returns how many. */
    private int takePending(float[] out, int outOff, int limit) {
        int n = Math.min(limit, pendingCount);
        System.arraycopy(pending, 0, out, outOff, n);
        System.arraycopy(pending, n, pending, 0, pendingCount - n);
        pendingCount -= n;
        return n;
    }

    /** {@link #run} for a chain: the input in pieces through both stages, outputs released on the schedule. */
    private int runChain(float[] floats, short[] shorts, int inOff, int inLen, float[] out, int outOff) {
        int written = 0;
        int offset = inOff;
        int remaining = inLen;
        while (remaining > 0) {
            int n = Math.min(remaining, CHAIN_PIECE);
            int m = front.run(floats, shorts, offset, n, middle, 0);
            pendingCount += last.run(middle, null, 0, m, pending, pendingCount);
            offset += n;
            remaining -= n;
            consumed += n;
            int due = (int) (releasedBy(consumed) - produced);
            // The schedule never runs ahead of the stages (releaseOffset is the largest need over a period).
            if (takePending(out, outOff + written, due) != due) {
                throw new IllegalStateException("two-stage schedule ran ahead: " + due + " due, " + pendingCount
                        + " ready");
            }
            written += due;
            produced += due;
        }
        return written;
    }

    private int run(float[] floats, short[] shorts, int inOff, int inLen, float[] out, int outOff) {
        if (flushed) {
            throw new IllegalStateException("the stream was flushed; call reset() before processing a new one");
        }
        checkOutput(out.length, outOff, outputSamplesFor(inLen));
        if (front != null) {
            return runChain(floats, shorts, inOff, inLen, out, outOff);
        }
        if (passThrough) {
            if (floats != null) {
                System.arraycopy(floats, inOff, out, outOff, inLen);
            } else {
                for (int i = 0; i < inLen; i++) {
                    out[outOff + i] = Pcm16.toFloat(shorts[inOff + i]);
                }
            }
            consumed += inLen;
            produced += inLen;
            return inLen;
        }
        int written = 0;
        int offset = inOff;
        int remaining = inLen;
        while (true) {
            written += produce(out, outOff + written, Integer.MAX_VALUE);
            if (remaining == 0) {
                break;
            }
            compact();
            // No input is skipped unread: every preset's filter spans more than the M/L input samples between
            // outputs, so the next window always reaches back into what arrives (and were it not to, compact()
            // would drop the unneeded samples on the next round, costing a copy, not correctness).
            int n = Math.min(remaining, history.length - filled);
            if (streams != null) {
                if (floats != null) {
                    KERNELS.deal(floats, offset, n, down, streams, perStream, filled);
                } else {
                    for (int i = 0; i < n; i++) {
                        history[i] = Pcm16.toFloat(shorts[offset + i]);
                    }
                    KERNELS.deal(history, 0, n, down, streams, perStream, filled);
                }
            } else if (floats != null) {
                System.arraycopy(floats, offset, history, filled, n);
            } else {
                for (int i = 0; i < n; i++) {
                    history[filled + i] = Pcm16.toFloat(shorts[offset + i]);
                }
            }
            filled += n;
            offset += n;
            remaining -= n;
            consumed += n;
        }
        produced += written;
        return written;
    }

    /** Drops history before the next window so the buffer has room for a block. */
    private void compact() {
        int keepFrom = Math.min(windowEnd - (taps - 1), filled);
        if (streams != null) {
            // Whole groups of M only, so that every sample stays in its stream: the window start need not be a
            // multiple of M (the filter's delay decides), and rounding down keeps up to M - 1 samples more.
            keepFrom -= keepFrom % down;
            if (keepFrom > 0) {
                int shift = keepFrom / down;
                int kept = (filled - keepFrom + down - 1) / down;
                for (int r = 0; r < down; r++) {
                    System.arraycopy(streams, r * perStream + shift, streams, r * perStream, kept);
                }
            }
        } else if (keepFrom > 0) {
            System.arraycopy(history, keepFrom, history, 0, filled - keepFrom);
        }
        if (keepFrom > 0) {
            filled -= keepFrom;
            windowEnd -= keepFrom;
        }
    }

    /** Writes up to {@code limit} of the outputs the history allows; returns how many. */
    private int produce(float[] out, int outOff, int limit) {
        if (windowEnd >= filled || limit <= 0) {
            return 0;
        }
        if (batched) {
            return produceBatch(out, outOff, limit);
        }
        int written = 0;
        if (bank.scheduleEnds != null) {
            // One row per output: every output the history allows, up to the end of the period, in one kernel
            // call, their windows read from the bank's schedule and their rows from its schedule-ordered table,
            // from this output's place in the period on.
            while (windowEnd < filled && written < limit) {
                int count = (int) Math.min(Math.min(outputsThrough(filled - 1 - windowEnd), limit - written),
                        up - cycle);
                int xOff = windowEnd - (taps - 1) - bank.scheduleEnds[cycle];
                KERNELS.dots(history, xOff, bank.scheduleEnds, cycle, bank.coefficients, cycle * taps, taps,
                        out, outOff + written, count);
                long next = (long) windowEnd * up + phase + (long) count * down;
                windowEnd = (int) (next / up);
                phase = (int) (next % up);
                cycle = (cycle + count) % up;
                written += count;
            }
            return written;
        }
        while (windowEnd < filled && written < limit) {
            out[outOff + written++] = next();
        }
        return written;
    }

    /**
     * How many outputs, from the next one on, need no input beyond {@code reach} samples past {@link #windowEnd}
     * ({@code reach >= 0}): output i sits at {@code windowEnd * L + phase + i * M} in 1/L input samples.
     */
    private long outputsThrough(long reach) {
        return (reach * up + up - 1 - phase) / down + 1;
    }

    /** Advances the position by one output: M/L input samples. */
    private void step() {
        windowEnd += downWhole;
        phase += downRemainder;
        if (phase >= up) {
            phase -= up;
            windowEnd++;
        }
    }

    /**
     * The batched form of {@link #produce} for small L: output i of the batch sits at {@code P_i = windowEnd * L +
     * phase + i * M} (in 1/L input samples), and outputs i, i + L, i + 2L ... share row {@code P_i mod L} with
     * windows M input samples apart, so each row's outputs are one call of the decimation kernel. Every output
     * goes through the kernel, however the input is split, so the stream stays bit-identical across chunkings.
     */
    private int produceBatch(float[] out, int outOff, int limit) {
        if (up == 1) {
            return produceDecimated(out, outOff, limit);
        }
        int written = 0;
        while (windowEnd < filled && written < limit) {
            long reach = (long) filled - 1 - windowEnd;
            long ready = outputsThrough(reach);
            int count = (int) Math.min(Math.min(ready, limit - written), maxBatch);
            long start = (long) windowEnd * up + phase;
            for (int i = 0; i < Math.min(up, count); i++) {
                long position = start + i * down;
                int end = (int) (position / up);
                int row = (int) (position % up);
                int rowCount = (count - i + up - 1) / up;
                int skip = bank.batchSkip[row];
                int from = end - (taps - 1) + skip;
                if (up == 1) {
                    KERNELS.decimate(history, from, down, bank.batchRows[row], taps - skip, out, outOff + written,
                            rowCount, scratch);
                } else {
                    KERNELS.decimate(history, from, down, bank.batchRows[row], taps - skip, rowOutputs,
                            i * rowStride, rowCount, scratch);
                }
            }
            if (up > 1) {
                KERNELS.interleave(rowOutputs, rowStride, up, out, outOff + written, count);
            }
            long next = start + (long) count * down;
            windowEnd = (int) (next / up);
            phase = (int) (next % up);
            written += count;
        }
        return written;
    }

    /**
     * {@link #produceBatch} for an integer decimation (L = 1: one row, no phase), without its 64-bit divisions by
     * L: output i of the batch ends at input {@code windowEnd + i M}.
     */
    private int produceDecimated(float[] out, int outOff, int limit) {
        int written = 0;
        int skip = bank.batchSkip[0];
        while (windowEnd < filled && written < limit) {
            int ready = (filled - 1 - windowEnd) / down + 1;
            int count = Math.min(Math.min(ready, limit - written), maxBatch);
            KERNELS.decimateSplit(streams, perStream, down, windowEnd - (taps - 1) + skip, bank.batchRows[0],
                    taps - skip, out, outOff + written, count, scratch);
            windowEnd += count * down;
            written += count;
        }
        return written;
    }

    /** Computes the output at the current position and advances by M/L input samples. */
    private float next() {
        int start = windowEnd - (taps - 1);
        float y;
        if (!bank.interpolated) {
            // Float banks in exact mode never get here: produce computes them in groups or batches.
            y = (float) KERNELS.dot(history, start, bank.coefficientsDouble, phase * taps, taps);
        } else {
            long position = (long) phase * bank.phases;
            int row = (int) (position / up);
            double fraction = (double) (position % up) / up;
            if (bank.coefficients != null) {
                float y0 = KERNELS.dot(history, start, bank.coefficients, row * taps, taps);
                float y1 = KERNELS.dot(history, start, bank.coefficients, (row + 1) * taps, taps);
                y = (float) (y0 + fraction * (y1 - y0));
            } else {
                double y0 = KERNELS.dot(history, start, bank.coefficientsDouble, row * taps, taps);
                double y1 = KERNELS.dot(history, start, bank.coefficientsDouble, (row + 1) * taps, taps);
                y = (float) (y0 + fraction * (y1 - y0));
            }
        }
        step();
        return y;
    }

    private static void checkInput(int length, int off, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative sample count " + count);
        }
        if (off < 0 || off > length - count) {
            throw new IndexOutOfBoundsException("input range [" + off + ", " + off + " + " + count
                    + ") is out of bounds for an array of length " + length);
        }
    }

    private static void checkOutput(int length, int off, int count) {
        if (off < 0 || off > length - count) {
            throw new IndexOutOfBoundsException("output range [" + off + ", " + off + " + " + count
                    + ") does not fit an array of length " + length + " (this call writes " + count + " samples)");
        }
    }

    @Override
    public String toString() {
        if (front != null) {
            return "PolyphaseResampler[" + inputRate + " -> " + outputRate + " Hz, " + quality + ", two stages: "
                    + inputRate + " -> " + front.outputRate + " Hz, " + front.taps + " taps, " + front.up
                    + " phases; " + last.inputRate + " -> " + outputRate + " Hz, " + last.taps + " taps, "
                    + last.up + " phases]";
        }
        return "PolyphaseResampler[" + inputRate + " -> " + outputRate + " Hz, "
                + (passThrough ? "pass-through" : bank.quality + ", " + taps + " taps, "
                + (bank.interpolated ? bank.phases + " interpolated phases" : up + " phases")) + "]";
    }
}
