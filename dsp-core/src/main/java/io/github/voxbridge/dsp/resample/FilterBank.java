package io.github.voxbridge.dsp.resample;

/**
 * The immutable polyphase coefficient table of one design (a reduced rate ratio L/M and a preset), shared by every
 * resampler with that design.
 *
 * <p>The prototype low-pass runs at {@code phases * inputRate}. With {@code phases == L} (exact mode) every output
 * lands exactly on a row. When that table would exceed {@link #MAX_TABLE_BYTES} (large L, e.g. 44,100 -> 44,101 Hz)
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

    private record Key(int up, int down, ResamplerQuality quality, Stage stage) {
    }

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
    /** Length of the prototype before padding (odd, so the centre is a whole prototype sample). */
    final int prototypeLength;
    /** Delay of the prototype, {@code (prototypeLength - 1) / 2}, in prototype samples (1/phases input samples). */
    final int prototypeDelay;
    final float[] coefficients;
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
     * {@code ResampleKernels.dots}): the schedule of outputs k = 0 .. 2L - 1 from the stream's first, whose
     * position is {@code startPhase + k M} in 1/L input samples with {@code startPhase = prototypeDelay mod L}:
     * {@code scheduleEnds[k]} is its newest input sample relative to output 0's, {@code scheduleRows[k]} the offset
     * of its row in {@link #coefficients}. It repeats every L outputs (M input samples later), and two periods let
     * one kernel call start anywhere in the first and take up to L outputs, with no per-output arithmetic.
     */
    final int[] scheduleEnds;
    final int[] scheduleRows;

    private FilterBank(int up, int down, ResamplerQuality quality, Stage stage) {
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
        this.phases = rows;
        this.interpolated = !exactFits;
        this.taps = tapsPerRow;

        // Prototype at rows * inputRate: edges shrink by that factor.
        double transition = 2 * Math.PI * (stop - pass) / rows;
        int length = KaiserDesign.length(attenuationDb, transition) | 1;
        this.prototypeLength = length;
        this.prototypeDelay = (length - 1) / 2;
        double cutoff = (pass + stop) / 2 / rows;
        double[] prototype = KaiserDesign.lowPass(length, cutoff, beta);

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
            this.scheduleEnds = new int[2 * rows];
            this.scheduleRows = new int[2 * rows];
            long first = prototypeDelay % rows;
            for (int k = 0; k < 2 * rows; k++) {
                long position = first + (long) k * down;
                scheduleEnds[k] = (int) (position / rows);
                scheduleRows[k] = (int) (position % rows) * tapsPerRow;
            }
        } else {
            this.scheduleEnds = null;
            this.scheduleRows = null;
        }
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
        return CACHE.get(new Key(up, down, quality, stage), FilterBank::designFor);
    }

    /** A new bank, not cached (tests size caches with these). */
    static FilterBank design(int up, int down, ResamplerQuality quality) {
        return new FilterBank(up, down, quality, Stage.WHOLE);
    }

    private static FilterBank designFor(Key key) {
        return new FilterBank(key.up(), key.down(), key.quality(), key.stage());
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
     * output schedule (2 x 2L ints), with array headers, plus this object. What the design cache counts against its
     * bound.
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
