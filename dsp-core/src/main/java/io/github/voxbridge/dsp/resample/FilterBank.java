package io.github.voxbridge.dsp.resample;

import java.util.function.DoubleUnaryOperator;

/**
 * The immutable polyphase coefficient table of one design (a reduced rate ratio L/M and a preset), shared by every
 * resampler with that design.
 *
 * <p>The prototype low-pass runs at {@code phases * inputRate}. It is an equiripple design ({@link EquirippleDesign})
 * for the banks the batch kernel runs (float, exact, L up to {@link #MAX_BATCHED_PHASES}), a Kaiser-windowed sinc
 * ({@link KaiserDesign}) for the others; {@link ResamplerQuality} says what each costs and gives. A chain's front
 * stage at hq may be one vector of taps per row shorter than its flat design and droop, and the final stage after it
 * then rises to make up for that ({@link #passGain}, {@link #finalAfter}). With {@code phases == L} (exact mode)
 * every output lands exactly on a row. When that table would exceed {@link #MAX_TABLE_BYTES} (large L, e.g. 44,100 -> 44,101 Hz)
 * the bank keeps a fixed power-of-two number of rows instead and the resampler interpolates linearly between the two
 * rows around each output's fractional position (interpolated mode), as libsamplerate and speexdsp do.
 *
 * <p>Layout: row {@code p} occupies {@code [p * taps, (p + 1) * taps)} and holds the prototype taps
 * {@code h[p + (taps - 1 - k) * phases]} for {@code k = 0 .. taps - 1}, i.e. time-reversed, so that an output is
 * the plain dot product of a row with {@code taps} consecutive input samples ending at the newest one it needs.
 * {@code taps} is padded with zero taps to a multiple of {@link #TAP_ALIGNMENT} so vector kernels need no tail.
 * Every row is normalised to sum to exactly 1 (in double) so DC passes with unit gain whatever the phase.
 *
 * <p>Designs are cached so that resamplers of one design share one table, but a server that accepts any rate pair
 * must not grow without limit: the cache holds banks of at most as many bytes (by {@link #retainedBytes()}) as the
 * system property {@value #CACHE_BYTES_PROPERTY} says, 16 MiB by default, and drops the least recently used
 * first. A resampler keeps its bank for life, so dropping one from the cache never affects a resampler using it.
 * See {@link BoundedLruCache}.
 */
final class FilterBank {

    /** Largest coefficient table per design. */
    static final int MAX_TABLE_BYTES = 1 << 20;
    /**
     * Extra stop-band attenuation of an equiripple design at hq, dB: its stop band sits at the design level at every
     * frequency, so the float rounding of the taps and sums (near -140 dB) adds to it everywhere, where a Kaiser
     * design's falls away from the edge.
     */
    static final double EQUIRIPPLE_FLOAT_MARGIN_DB = 4;
    /**
     * Longest prototype (Kaiser's length, padded) designed equiripple instead: the exchange costs about
     * {@code length^2} operations per step, 10 to 50 ms at this length, 0.1 to 0.3 s at twice it. Longer ones are
     * extreme decimations (e.g. 383,875 -> 1,000 Hz), where a Kaiser design is built in a few milliseconds.
     */
    static final int MAX_EQUIRIPPLE_LENGTH = 1024;
    /** Taps per row are a multiple of this: 16 floats fill one 512-bit vector. */
    static final int TAP_ALIGNMENT = 16;

    /**
     * System property bounding the design cache, in bytes: a whole number {@code >= 0}; 0 disables caching (every
     * resampler designs its own bank). Read once, when the first bank is designed. An invalid value is reported as
     * one WARNING on the logger {@code io.github.voxbridge.dsp.resample} and the default is used.
     */
    static final String CACHE_BYTES_PROPERTY = "voxbridge.resample.filterCacheBytes";
    /** Default bound of the design cache: 16 MiB. */
    static final long DEFAULT_CACHE_BYTES = 16L << 20;
    /** Header of an array object in bytes on a 64-bit HotSpot JVM (mark word, class pointer, length, padding). */
    private static final int ARRAY_HEADER_BYTES = 16;
    /** This object with its fields, rounded up; small next to any table. */
    private static final int OBJECT_BYTES = 64;

    private static final BoundedLruCache<Key, FilterBank> CACHE =
            new BoundedLruCache<>(cacheBytes(System.getProperty(CACHE_BYTES_PROPERTY)), FilterBank::retainedBytes);

    /**
     * A design: ratio, preset, role, and for a final stage after a front stage that droops (see
     * {@link #passGain}) that front's ratio, whose droop it makes up for ({@code 0, 0} otherwise).
     */
    private record Key(int up, int down, ResamplerQuality quality, Stage stage, int frontUp, int frontDown) {
    }

    /**
     * Most droop, dB at the chain's flat edge, that a front stage may leave for the final stage to make up (see
     * {@link #passGain}). 22.05 kHz to 8 kHz at hq (and 44.1 to 16 kHz, the same ratio) droops 1.1 dB with one
     * vector of taps per row fewer, 48 to 22.05 kHz 0.04 dB, 44.1 to 8 kHz (48 taps instead of 64) less than 0.001
     * dB; a front whose shorter row would droop more stays flat.
     */
    static final double MAX_FRONT_DROOP_DB = 2;
    /** Points of {@link #passGain}'s table over the flat band, a power of two plus one. */
    private static final int PASS_GAIN_POINTS = 257;

    /**
     * What a bank is designed for: a whole resampler, or a stage of a two-stage chain. A chain's two stages each
     * leave their own ripple and rejection in its response, so each gets a margin over the preset's attenuation
     * (fast and telephony): the front stage 6 dB (its taps are padded to 16 anyway: 14 -> 15 of 16 at 22.05 kHz
     * telephony costs nothing; 10 dB made the latency 3.47 ms, too near the 3.5 ms promise), the final stage 1 dB
     * (about 1 % more taps), so that a chain's figures are no worse than the single stage's were (telephony: -82.7
     * dB against -82.1; without the margins -81.5).
     */
    enum Stage {
        WHOLE(0), FRONT(6), FINAL(1);

        final double marginDb;

        Stage(double marginDb) {
            this.marginDb = marginDb;
        }
    }

    final int up;
    final int down;
    final ResamplerQuality quality;
    /** What the bank is designed for (see {@link #of(int, int, ResamplerQuality, Stage)}). */
    final Stage stage;
    /** Rows in the table: {@code up} (exact) or a power of two (interpolated, plus one row at the end). */
    final int phases;
    final boolean interpolated;
    final int taps;
    /**
     * A front stage designed one vector of taps per row shorter than a flat one: its gain over the chain's flat band
     * (1 at DC, falling to at most {@link #MAX_FRONT_DROOP_DB} down at the flat edge), sampled at
     * {@value #PASS_GAIN_POINTS} evenly spaced frequencies from 0 to {@link #passGainTop}; the final stage's pass band
     * follows its inverse, so the chain is flat. Null for every other bank.
     *
     * <p>Why: the front's rows are computed one output at a time (its L is large), each with a horizontal sum, so its
     * cost goes by vectors of taps per row, and 22.05 kHz to 8 kHz at hq needed 25 taps, two vectors. Keeping the stop
     * band (what would fold into the final band) and letting the pass band droop fits it in 16, one vector; the final
     * stage, which computes 16 outputs per instruction, absorbs the droop for two taps (171 instead of 169). Measured
     * with the droop and without (ResampleBench, 22.05 kHz to 8 kHz hq, -f 1 -wi 3 -i 4, two runs each, alternating
     * in one half hour): 1,049 and 1,047 ns against 1,344 and 1,324.
     */
    final double[] passGain;
    /** The highest frequency of {@link #passGain}, cycles per output sample of this (front) stage. */
    final double passGainTop;
    /** Whether the prototype is an equiripple design (batched banks) rather than a Kaiser-windowed sinc. */
    final boolean equiripple;
    /** Length of the prototype before padding (odd, so the centre is a whole prototype sample). */
    final int prototypeLength;
    /** Delay of the prototype, {@code (prototypeLength - 1) / 2}, in prototype samples (1/phases input samples). */
    final int prototypeDelay;
    /**
     * The table (float presets), one row of {@link #taps} per phase; row p of phase order is at
     * {@link #rowOffset rowOffset(p)}, which for a scheduled bank is not {@code p * taps}.
     */
    final float[] coefficients;
    /** The table of the double-precision preset (vhq), rows in phase order; or null. */
    final double[] coefficientsDouble;
    /** Most phases (L) for which outputs are computed in batches of one row each; see {@link #batchRows}. */
    static final int MAX_BATCHED_PHASES = 8;
    /**
     * Float banks in exact mode with L up to {@link #MAX_BATCHED_PHASES}: row p without its leading zero taps
     * (padding), or null. Every L-th output uses the same row and the windows of those outputs are M input samples
     * apart, so the outputs of one row are an integer decimation by M: a batch kernel computes them with lanes
     * across outputs instead of one dot product (and one horizontal sum) per output. L = 1 is plain decimation.
     */
    final float[][] batchRows;
    /** Leading zero taps dropped from each of {@link #batchRows}: row p starts {@code batchSkip[p]} taps late. */
    final int[] batchSkip;
    /**
     * Float banks in exact mode without {@link #batchRows} (each output its own row, through
     * {@code ResampleKernels.dots}): the schedule of outputs k = 0 .. L - 1 from the stream's first, whose
     * position is {@code startPhase + k M} in 1/L input samples with {@code startPhase = prototypeDelay mod L}:
     * {@code scheduleEnds[k]} is its newest input sample relative to output 0's. It repeats every L outputs (M input
     * samples later), so one kernel call starts anywhere in the period and runs to its end at most, with no
     * per-output arithmetic.
     */
    final int[] scheduleEnds;
    /**
     * With {@link #scheduleEnds}: where each phase's row sits in {@link #coefficients}, which then holds the rows in
     * the order the schedule reads them (output k of the period uses the row at {@code k * taps}), not in phase
     * order; see {@link #rowOffset}. A period at 22.05 kHz to 16 kHz visits all 320 rows, 121 rows apart. Read in
     * phase order through a table of row offsets (a load per output, and rows scattered over 40 KB), hq at 22.05 kHz
     * to 8 kHz took 1,320 ns per 20 ms chunk; read front to back from one offset, 1,246 ns (ResampleBench, means
     * of 3 and 4 forks, same hour; issue 14).
     */
    private final int[] slotOfPhase;

    private FilterBank(int up, int down, ResamplerQuality quality, Stage stage, FilterBank front) {
        this.up = up;
        this.down = down;
        this.quality = quality;
        this.stage = stage;
        // No margin at hq: its figures are set by float rounding near -134 dB, not by the design, and a margin
        // measured worse there (-132.6 dB against -137.2 dB without, ResamplerSpectrumTest at 22.05 kHz).
        double attenuationDb = quality.attenuationDb() + (quality.attenuationDb() < 100 ? stage.marginDb : 0);
        int bytesPerTap = quality.doublePrecision() ? 8 : 4;

        // Edges in cycles per input sample: fractions of the lower Nyquist, min(in, out) / 2.
        double lowerNyquist = 0.5 * Math.min(up, down) / down;
        double pass = quality.passEdge() * lowerNyquist;
        double stop = quality.stopEdge() * lowerNyquist;
        if (stage == Stage.FRONT) {
            // The front stage takes the input to R = up/down of its rate, and a final stage (this preset's own
            // design) then halves R. The chain's band is the final output's: its lower Nyquist is R / 4. Only
            // what would fold into the final stop edge or below must go here: a tone at f lands at |f - k R| in
            // the intermediate signal, so the stop band starts at R minus the final stop edge; everything between
            // the pass edge and there lands above the final stop edge, where the final stage rejects it. The wide
            // transition (3.35 to 11.8 kHz for 22.05 kHz to 8 kHz telephony) makes this stage a few taps long.
            double rate = (double) up / down;
            pass = quality.passEdge() * rate / 4;
            stop = rate - quality.stopEdge() * rate / 4;
        }
        double beta = KaiserDesign.beta(attenuationDb);

        int exactTaps = tapsFor(attenuationDb, pass, stop, up);
        boolean exactFits = (long) up * exactTaps * bytesPerTap <= MAX_TABLE_BYTES;
        int rows;
        int tapsPerRow;
        if (exactFits) {
            rows = up;
            tapsPerRow = exactTaps;
        } else {
            rows = Integer.highestOneBit(up);
            tapsPerRow = tapsFor(attenuationDb, pass, stop, rows);
            while ((long) (rows + 1) * tapsPerRow * bytesPerTap > MAX_TABLE_BYTES && rows > 1) {
                rows >>= 1;
                tapsPerRow = tapsFor(attenuationDb, pass, stop, rows);
            }
        }
        // Banks run by the batch kernel (float, exact, L <= 8: every phone-call decimation and upsampling by an
        // integer, and the final stage of every chain) are equiripple designs: for the same promise they need 30 to
        // 40 % fewer taps than Kaiser's (EquirippleDesign), and the batch kernel's cost is proportional to the taps.
        double[] prototype = null;
        if (!quality.doublePrecision() && exactFits && rows <= MAX_BATCHED_PHASES
                && (long) rows * tapsPerRow <= MAX_EQUIRIPPLE_LENGTH) {
            double flat = stage == Stage.FRONT ? quality.flatEdge() * (double) up / down / 4
                    : quality.flatEdge() * lowerNyquist;
            // At hq the stage margins apply too (unlike Kaiser's, see above), with the float margin; with L rows
            // the per-row normalisation below adds the prototype's response at the L - 1 image centres (k / L of
            // the prototype rate, in its stop band) once more to the images: 20 log10(L) dB more covers it.
            double equirippleDb = quality.attenuationDb() + stage.marginDb + 20 * Math.log10(rows)
                    + (quality.attenuationDb() >= 100 ? EQUIRIPPLE_FLOAT_MARGIN_DB : 0);
            int designRows = rows;
            DoubleUnaryOperator wanted = front == null ? f -> 1
                    : f -> 1 / front.passGain(f * designRows);
            prototype = equiripple(rows, flat, stop, quality.rippleDb() * (stage == Stage.FRONT ? 0.1 : 0.3),
                    equirippleDb, tapsPerRow, wanted);
            if (prototype != null) {
                tapsPerRow = (prototype.length + rows - 1) / rows;
                tapsPerRow = (tapsPerRow + TAP_ALIGNMENT - 1) / TAP_ALIGNMENT * TAP_ALIGNMENT;
            }
        }
        if (front != null && prototype == null) {
            throw new IllegalStateException("no equiripple final stage " + up + "/" + down + " at " + quality
                    + " makes up for the droop of the front stage " + front.up + "/" + front.down);
        }
        this.equiripple = prototype != null;

        // Prototype at rows * inputRate: edges shrink by that factor.
        double[] droop = null;
        double droopTop = 0;
        if (prototype == null) {
            double transition = 2 * Math.PI * (stop - pass) / rows;
            int kaiserLength = KaiserDesign.length(attenuationDb, transition) | 1;
            prototype = KaiserDesign.lowPass(kaiserLength, (pass + stop) / 2 / rows, beta);
            // Only to rows of two to four vectors: there the kernel sums eight or sixteen outputs together (a
            // transposing tree, each width its own method) and the vectors per row set the cost. (Rows of three
            // vectors had no method of their own until 2026-12-04 and measured slower than four on the general
            // path: 44.1 kHz to 8 kHz hq, 3,323 and 4,512 ns against 1,967 and 1,954.) And only at hq: at fast and
            // telephony the final stage is short, so making up for the droop lengthens it by more than the front
            // saves (44.1 kHz to 8 kHz fast, 32 taps to 16: 23 % faster, but 1.56 ms of latency against 1.52).
            if (stage == Stage.FRONT && exactFits && quality.attenuationDb() >= 100 && tapsPerRow > TAP_ALIGNMENT
                    && tapsPerRow <= 4 * TAP_ALIGNMENT) {
                // One vector of taps per row fewer, same stop edge and attenuation: Kaiser's formula gives the
                // transition that length reaches, and the pass band starts to fall below the chain's flat edge.
                int shorter = tapsPerRow - TAP_ALIGNMENT;
                int length = (shorter * rows - 1) | 1;
                if (length > shorter * rows) {
                    length -= 2;
                }
                double wide = (attenuationDb - 8) / (2.285 * (length - 1)) * rows / (2 * Math.PI);
                double cutoff = (stop - wide / 2) / rows;
                double flat = quality.flatEdge() * (double) up / down / 4;
                if (cutoff > 0) {
                    double[] candidate = KaiserDesign.lowPass(length, cutoff, beta);
                    if (-20 * Math.log10(gain(candidate, flat / rows)) <= MAX_FRONT_DROOP_DB) {
                        prototype = candidate;
                        tapsPerRow = shorter;
                        droopTop = quality.flatEdge() / 4;
                        droop = new double[PASS_GAIN_POINTS];
                        for (int i = 0; i < PASS_GAIN_POINTS; i++) {
                            // cycles per output sample of this stage to cycles per prototype sample: times up/down
                            // for the input rate, then over rows
                            droop[i] = gain(candidate, droopTop * i / (PASS_GAIN_POINTS - 1) * up / down / rows);
                        }
                    }
                }
            }
        }
        this.passGain = droop;
        this.passGainTop = droopTop;
        this.phases = rows;
        this.interpolated = !exactFits;
        this.taps = tapsPerRow;
        int length = prototype.length;
        this.prototypeLength = length;
        this.prototypeDelay = (length - 1) / 2;

        int tableRows = interpolated ? rows + 1 : rows;
        double[] table = new double[tableRows * tapsPerRow];
        for (int p = 0; p < tableRows; p++) {
            double sum = 0;
            for (int k = 0; k < tapsPerRow; k++) {
                long j = p + (long) (tapsPerRow - 1 - k) * rows;
                double h = j < length ? prototype[(int) j] : 0;
                table[p * tapsPerRow + k] = h;
                sum += h;
            }
            for (int k = 0; k < tapsPerRow; k++) {
                table[p * tapsPerRow + k] /= sum;
            }
        }
        if (quality.doublePrecision()) {
            this.coefficientsDouble = table;
            this.coefficients = null;
        } else {
            float[] single = new float[table.length];
            for (int i = 0; i < table.length; i++) {
                single[i] = (float) table[i];
            }
            this.coefficients = single;
            this.coefficientsDouble = null;
        }
        if (coefficients != null && !interpolated && rows <= MAX_BATCHED_PHASES) {
            this.batchRows = new float[rows][];
            this.batchSkip = new int[rows];
            for (int p = 0; p < rows; p++) {
                int zeros = 0;
                while (zeros < tapsPerRow && coefficients[p * tapsPerRow + zeros] == 0) {
                    zeros++;
                }
                batchSkip[p] = zeros;
                batchRows[p] = java.util.Arrays.copyOfRange(coefficients, p * tapsPerRow + zeros, (p + 1) * tapsPerRow);
            }
        } else {
            this.batchRows = null;
            this.batchSkip = null;
        }
        if (coefficients != null && !interpolated && batchRows == null) {
            this.scheduleEnds = new int[rows];
            this.slotOfPhase = new int[rows];
            float[] phaseOrder = coefficients.clone();
            long first = prototypeDelay % rows;
            for (int k = 0; k < rows; k++) {
                long position = first + (long) k * down;
                int phase = (int) (position % rows);
                scheduleEnds[k] = (int) (position / rows);
                slotOfPhase[phase] = k;
                System.arraycopy(phaseOrder, phase * tapsPerRow, coefficients, k * tapsPerRow, tapsPerRow);
            }
        } else {
            this.scheduleEnds = null;
            this.slotOfPhase = null;
        }
    }

    /** The gain of a symmetric prototype at {@code f} cycles per prototype sample, relative to its gain at DC. */
    private static double gain(double[] h, double f) {
        double middle = (h.length - 1) / 2.0;
        double at = 0;
        double dc = 0;
        for (int n = 0; n < h.length; n++) {
            at += h[n] * Math.cos(2 * Math.PI * f * (n - middle));
            dc += h[n];
        }
        return at / dc;
    }

    /**
     * This front stage's gain at {@code f} cycles per output sample, {@code 0 <= f <= passGainTop}, relative to DC,
     * interpolated linearly in {@link #passGain} (its curvature over a step of the table is below 1e-7).
     */
    double passGain(double f) {
        double position = f / passGainTop * (PASS_GAIN_POINTS - 1);
        int i = Math.min(PASS_GAIN_POINTS - 2, Math.max(0, (int) position));
        double t = position - i;
        return passGain[i] + t * (passGain[i + 1] - passGain[i]);
    }

    /**
     * Offset in {@link #coefficients} (or {@link #coefficientsDouble}) of the row of phase {@code phase}: {@code
     * phase * taps}, except in a scheduled bank (see {@link #scheduleEnds}), whose rows are in schedule order.
     */
    int rowOffset(int phase) {
        return (slotOfPhase != null ? slotOfPhase[phase] : phase) * taps;
    }

    /**
     * The shortest equiripple prototype at {@code rows} times the input rate that keeps the pass band within
     * {@code rippleDb} of its mean up to {@code flat} and the stop band {@code attenuationDb} down from {@code stop}
     * (edges in cycles per input sample). Its length is odd, so the delay is a whole prototype sample, and free of
     * the row padding: the batch kernel skips a row's leading zeros, so every tap saved is work saved. Null when
     * no such design is shorter than Kaiser's {@code kaiserTaps} per row (or the exchange did not converge), and
     * the caller designs Kaiser's.
     */
    private static double[] equiripple(int rows, double flat, double stop, double rippleDb, double attenuationDb,
            int kaiserTaps, DoubleUnaryOperator wanted) {
        double dp = Math.pow(10, rippleDb / 20) - 1;
        double ds = Math.pow(10, -attenuationDb / 20);
        int limit = rows * kaiserTaps - 1;
        // Kaiser's estimate for optimum filters (EquirippleDesign) is within a few taps: start there, then walk
        // down while the design still holds, or up until it does, two taps (one coefficient) at a time.
        double estimate = (-10 * Math.log10(dp * ds) - 13) / (14.6 * (stop - flat) / rows) + 1;
        int length = Math.max(3, Math.min(limit, (int) estimate | 1));
        double[] best = design(length, rows, flat, stop, dp, ds, wanted);
        if (best != null) {
            while (length > 3) {
                double[] shorter = design(length - 2, rows, flat, stop, dp, ds, wanted);
                if (shorter == null) {
                    break;
                }
                best = shorter;
                length -= 2;
            }
            return best;
        }
        for (length += 2; length <= limit && length < estimate * 1.25 + 8; length += 2) {
            best = design(length, rows, flat, stop, dp, ds, wanted);
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /** The equiripple prototype of {@code length} taps if it meets {@code dp} and {@code ds}, else null. */
    private static double[] design(int length, int rows, double flat, double stop, double dp, double ds,
            DoubleUnaryOperator wanted) {
        EquirippleDesign.Result r = EquirippleDesign.lowPass(length, flat / rows, stop / rows, dp / ds, wanted);
        return r != null && r.passRipple() <= dp && r.stopRipple() <= ds ? r.taps() : null;
    }

    /** Taps per row for a prototype at {@code rows} times the input rate, padded to the alignment. */
    private static int tapsFor(double attenuationDb, double pass, double stop, int rows) {
        // Kaiser's estimate in double: for a large L the exact-mode prototype may be far too long to build,
        // and that is only being measured here.
        double transition = 2 * Math.PI * (stop - pass) / rows;
        double length = Math.ceil((attenuationDb - 8) / (2.285 * transition)) + 2;
        long perRow = (long) Math.ceil(length / rows);
        return (int) ((perRow + TAP_ALIGNMENT - 1) / TAP_ALIGNMENT * TAP_ALIGNMENT);
    }

    /** The shared bank for a reduced ratio {@code up/down} and a preset: cached, or designed now. */
    static FilterBank of(int up, int down, ResamplerQuality quality) {
        return of(up, down, quality, Stage.WHOLE);
    }

    /**
     * The shared bank for a reduced ratio {@code up/down} and a preset, as a whole resampler or as a stage of a
     * two-stage chain. The front stage's ratio takes the input to an intermediate rate R that the final stage (the
     * preset's edges, halving R) brings to the output, and its edges are the final output's (pass edge
     * {@code passEdge R / 4}, stop band from {@code R - stopEdge R / 4}); both add a margin ({@link Stage}).
     */
    static FilterBank of(int up, int down, ResamplerQuality quality, Stage stage) {
        return CACHE.get(new Key(up, down, quality, stage, 0, 0), FilterBank::designFor);
    }

    /**
     * The final stage's bank after {@code front}: the plain {@code FINAL} design, or for a front that droops
     * ({@link #passGain}) one whose pass band makes up for it.
     */
    static FilterBank finalAfter(int up, int down, ResamplerQuality quality, FilterBank front) {
        boolean droops = front.passGain != null;
        return CACHE.get(new Key(up, down, quality, Stage.FINAL, droops ? front.up : 0, droops ? front.down : 0),
                FilterBank::designFor);
    }

    /** A new bank, not cached (tests size caches with these). */
    static FilterBank design(int up, int down, ResamplerQuality quality) {
        return new FilterBank(up, down, quality, Stage.WHOLE, null);
    }

    private static FilterBank designFor(Key key) {
        FilterBank front = key.frontUp() == 0 ? null : of(key.frontUp(), key.frontDown(), key.quality(), Stage.FRONT);
        return new FilterBank(key.up(), key.down(), key.quality(), key.stage(), front);
    }

    /** The cache behind {@link #of}. */
    static BoundedLruCache<?, FilterBank> cache() {
        return CACHE;
    }

    /**
     * The bound of the design cache in bytes for a value of {@value #CACHE_BYTES_PROPERTY}: the default for null or
     * blank; an invalid value is logged and the default used, since a resampler must not fail to load over a tuning
     * property.
     */
    static long cacheBytes(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_CACHE_BYTES;
        }
        try {
            long bytes = Long.parseLong(property.trim());
            if (bytes >= 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        System.getLogger(FilterBank.class.getPackageName()).log(System.Logger.Level.WARNING,
                "voxbridge resample: ignoring -D" + CACHE_BYTES_PROPERTY + "=" + property
                        + " (expected a whole number of bytes >= 0); the filter cache holds up to "
                        + DEFAULT_CACHE_BYTES + " bytes");
        return DEFAULT_CACHE_BYTES;
    }

    /** Size of the coefficient table in bytes. */
    long tableBytes() {
        return coefficients != null ? 4L * coefficients.length : 8L * coefficientsDouble.length;
    }

    /**
     * Heap bytes this bank keeps alive, estimated: the coefficient table, the batch rows (a second copy of the float
     * table without its leading zeros, for L up to {@link #MAX_BATCHED_PHASES}) and their skip counts, or the
     * output schedule and its inverse (L ints each), with array headers, plus this object. What the design cache
     * counts against its bound.
     */
    long retainedBytes() {
        long bytes = OBJECT_BYTES + ARRAY_HEADER_BYTES + tableBytes();
        if (batchRows != null) {
            bytes += ARRAY_HEADER_BYTES + 4L * batchRows.length; // the float[][] of references (compressed oops)
            for (float[] row : batchRows) {
                bytes += ARRAY_HEADER_BYTES + 4L * row.length;
            }
            bytes += ARRAY_HEADER_BYTES + 4L * batchSkip.length;
        }
        if (scheduleEnds != null) {
            bytes += 2 * (ARRAY_HEADER_BYTES + 4L * scheduleEnds.length);
        }
        return bytes;
    }
}
