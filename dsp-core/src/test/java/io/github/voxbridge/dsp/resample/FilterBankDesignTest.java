package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Freshly designed banks ({@link FilterBank#design}, never the shared cache, so every call runs the design) against
 * an independent, straightforward computation. Kaiser banks: Kaiser's length estimate and a Kaiser-windowed sinc written out here
 * from the published formulas (Oppenheim &amp; Schafer, <i>Discrete-Time Signal Processing</i>, 3rd ed., 7.6), laid
 * out as {@link FilterBank}'s Javadoc states (row {@code p}, tap {@code k} holds {@code h[p + (taps - 1 - k) *
 * phases]}, every row scaled to sum 1), plus the mode and size rules of the table.
 */
class FilterBankDesignTest {

    private record Design(int up, int down, ResamplerQuality quality) {
        FilterBank bank() {
            return FilterBank.design(up, down, quality);
        }

        @Override
        public String toString() {
            return "L/M = " + up + "/" + down + " " + quality;
        }
    }

    /**
     * Exact and interpolated, float and double, batched (L up to 8) and not: 24 kHz -> 8 kHz (1/3) in every preset,
     * small ratios, L = 8 and L = 9 around the batching limit, the CD-rate ratio 160/441, upsampling by 2 in double,
     * a table of exactly 1 MiB (2048/1 HQ), and interpolated banks in float (48 kHz -> 44,101 Hz, 3001/3000) and
     * double (1000/1 VHQ, whose exact table would fit in floats but not in doubles).
     */
    private static final List<Design> DESIGNS = List.of(
            new Design(1, 3, ResamplerQuality.FAST),
            new Design(1, 3, ResamplerQuality.TELEPHONY),
            new Design(1, 3, ResamplerQuality.HQ),
            new Design(1, 3, ResamplerQuality.VHQ),
            new Design(1, 5, ResamplerQuality.FAST),
            new Design(5, 6, ResamplerQuality.FAST),
            new Design(2, 3, ResamplerQuality.FAST),
            new Design(3, 11, ResamplerQuality.FAST),
            new Design(7, 10, ResamplerQuality.FAST),
            new Design(8, 3, ResamplerQuality.HQ),
            new Design(9, 4, ResamplerQuality.TELEPHONY),
            new Design(160, 441, ResamplerQuality.TELEPHONY),
            new Design(2, 1, ResamplerQuality.VHQ),
            new Design(2048, 1, ResamplerQuality.HQ),
            new Design(44_101, 48_000, ResamplerQuality.TELEPHONY),
            new Design(3001, 3000, ResamplerQuality.HQ),
            new Design(1000, 1, ResamplerQuality.VHQ));

    /**
     * Taps at the sinc's zero crossings are {@code sin(pi n)} rounding noise, near 1e-17 in either sign: an absolute
     * allowance far below any real tap.
     */
    private static final double ZERO_CROSSING = 1e-15;

    @Test
    void everyRowMatchesAnIndependentKaiserWindowedSinc() {
        int kaiser = 0;
        for (Design design : DESIGNS) {
            FilterBank bank = design.bank();
            if (bank.equiripple) {
                continue; // checked by theEquirippleBanksMeetTheirPromiseWithFewerTaps
            }
            kaiser++;
            int rows = bank.interpolated ? bank.phases + 1 : bank.phases;
            int tableLength = bank.coefficients != null ? bank.coefficients.length : bank.coefficientsDouble.length;
            assertThat(tableLength).as("%s: %d rows of %d taps", design, rows, bank.taps).isEqualTo(rows * bank.taps);

            double[] h = prototype(design, bank.phases);
            assertThat(bank.prototypeLength).as("%s prototype length", design).isEqualTo(h.length);
            assertThat(bank.prototypeDelay).as("%s prototype delay", design).isEqualTo((h.length - 1) / 2);
            for (int p = 0; p < rows; p++) {
                double[] row = new double[bank.taps];
                double sum = 0;
                for (int k = 0; k < bank.taps; k++) {
                    long j = p + (long) (bank.taps - 1 - k) * bank.phases;
                    row[k] = j < h.length ? h[(int) j] : 0;
                    sum += row[k];
                }
                for (int k = 0; k < bank.taps; k++) {
                    // One assertion per tap would make this test slow (a mutant reruns it): find the first miss.
                    double expected = row[k] / sum;
                    int i = bank.rowOffset(p) + k;
                    double actual = bank.coefficients != null ? bank.coefficients[i] : bank.coefficientsDouble[i];
                    double allowed = bank.coefficients != null ? Math.ulp((float) expected) + ZERO_CROSSING : 1e-14;
                    if (!(Math.abs(actual - expected) <= allowed)) {
                        assertThat(actual).as("%s row %d tap %d", design, p, k).isCloseTo(expected, within(allowed));
                    }
                }
            }
        }
        assertThat(kaiser).as("Kaiser designs among the %d", DESIGNS.size()).isEqualTo(8);
    }

    /**
     * Which banks are equiripple: float, exact, at most {@link FilterBank#MAX_BATCHED_PHASES} rows (the batch
     * kernel's) and a Kaiser prototype of at most {@link FilterBank#MAX_EQUIRIPPLE_LENGTH} taps.
     */
    @Test
    void theBatchedBanksAreEquiripple() {
        for (Design design : DESIGNS) {
            FilterBank bank = design.bank();
            boolean expected = !design.quality().doublePrecision() && !bank.interpolated
                    && design.up() <= FilterBank.MAX_BATCHED_PHASES
                    && (long) design.up() * tapsPerRow(design, design.up()) <= FilterBank.MAX_EQUIRIPPLE_LENGTH;
            assertThat(bank.equiripple).as("%s equiripple", design).isEqualTo(expected);
        }
        FilterBank extreme = FilterBank.design(8, 3071, ResamplerQuality.FAST);
        assertThat(extreme.equiripple).as("8/3071 fast: a Kaiser prototype of %d taps", 8 * extreme.taps).isFalse();
    }

    /**
     * An equiripple bank, from its float table in double: every row sums to 1; the prototype the rows interleave
     * (each row's scale undone by the prototype's own DC gain, which this response measures) keeps the preset's
     * promises with the design's margins: the pass band within 0.6 of the promised ripple up to the promised flat
     * edge (the design's 0.3 each way), the stop band at least the preset's design attenuation down (the design's
     * 20 log10(L) dB more are what the row normalisation spends; at hq the float rounding of the taps, a floor near
     * -142 dB of its own, spends most of the 4 dB float margin); and it is shorter than Kaiser's.
     */
    @Test
    void theEquirippleBanksMeetTheirPromiseWithFewerTaps() {
        int checked = 0;
        for (Design design : DESIGNS) {
            FilterBank bank = design.bank();
            if (!bank.equiripple) {
                continue;
            }
            checked++;
            int rows = bank.phases;
            assertThat(bank.prototypeLength).as("%s prototype length, odd", design).isOdd();
            assertThat(bank.prototypeLength).as("%s shorter than Kaiser's", design)
                    .isLessThan((int) (kaiserLength(design, rows) | 1));
            assertThat(bank.taps).as("%s taps per row", design).isEqualTo(
                    ((bank.prototypeLength + rows - 1) / rows + FilterBank.TAP_ALIGNMENT - 1)
                            / FilterBank.TAP_ALIGNMENT * FilterBank.TAP_ALIGNMENT);
            // Each row scaled to sum 1.
            double[] h = prototypeOf(bank);
            for (int p = 0; p < rows; p++) {
                double sum = 0;
                for (int k = 0; k < bank.taps; k++) {
                    sum += bank.coefficients[bank.rowOffset(p) + k];
                }
                assertThat(sum).as("%s row %d sum", design, p).isCloseTo(1, within(1e-5));
            }
            double lowerNyquist = 0.5 * Math.min(design.up(), design.down()) / design.down();
            double flat = design.quality().flatEdge() * lowerNyquist / rows;
            double stop = design.quality().stopEdge() * lowerNyquist / rows;
            double dc = rows; // every row sums to 1
            double ripple = 0.6 * design.quality().rippleDb();
            double rejection = design.quality().attenuationDb();
            int points = 64 * h.length;
            for (int i = 0; i <= points; i++) {
                double f = 0.5 * i / points;
                if (f > flat && f < stop) {
                    continue;
                }
                double db = 20 * Math.log10(magnitude(h, f) / dc);
                if (f <= flat && !(Math.abs(db) <= ripple)) {
                    assertThat(db).as("%s pass band at %.5f cycles per sample", design, f)
                            .isBetween(-ripple, ripple);
                }
                if (f >= stop && !(db <= -rejection)) {
                    assertThat(db).as("%s stop band at %.5f cycles per sample", design, f)
                            .isLessThanOrEqualTo(-rejection);
                }
            }
        }
        assertThat(checked).as("equiripple designs among the %d", DESIGNS.size()).isEqualTo(9);
    }

    private static double magnitude(double[] h, double f) {
        double re = 0;
        double im = 0;
        for (int n = 0; n < h.length; n++) {
            re += h[n] * Math.cos(2 * Math.PI * f * n);
            im -= h[n] * Math.sin(2 * Math.PI * f * n);
        }
        return Math.hypot(re, im);
    }

    /**
     * Taps per row: Kaiser's estimate of the prototype length at {@code phases} times the input rate, plus one for
     * rounding it up to odd, spread over the rows and padded to {@link FilterBank#TAP_ALIGNMENT} (at most that for an
     * equiripple bank). So every prototype tap is in the table.
     */
    @Test
    void tapsPerRowFollowKaisersEstimateAndHoldThePrototype() {
        for (Design design : DESIGNS) {
            FilterBank bank = design.bank();
            if (bank.equiripple) {
                assertThat(bank.taps).as("%s taps, fewer than Kaiser's", design)
                        .isLessThanOrEqualTo(tapsPerRow(design, bank.phases));
            } else {
                assertThat(bank.taps).as("%s taps", design).isEqualTo(tapsPerRow(design, bank.phases));
            }
            assertThat((long) bank.taps * bank.phases).as("%s holds every prototype tap", design)
                    .isGreaterThanOrEqualTo(bank.prototypeLength);
        }
    }

    /**
     * Exact mode (one row per phase, L rows) whenever that table, with Kaiser's taps, fits in
     * {@link FilterBank#MAX_TABLE_BYTES} (exactly 1 MiB fits; an equiripple table is smaller still); otherwise the largest power-of-two number of rows below L whose table, with its one
     * extra row, fits; coefficients in double for VHQ only.
     */
    @Test
    void theModeAndTheRowCountFollowTheTableBound() {
        for (Design design : DESIGNS) {
            FilterBank bank = design.bank();
            int bytesPerTap = design.quality() == ResamplerQuality.VHQ ? 8 : 4;
            assertThat(bank.coefficientsDouble != null).as("%s in double", design)
                    .isEqualTo(design.quality().doublePrecision());
            assertThat(bank.coefficients != null).as("%s in float", design)
                    .isEqualTo(!design.quality().doublePrecision());
            long exactBytes = (long) design.up() * tapsPerRow(design, design.up()) * bytesPerTap;
            assertThat(bank.interpolated).as("%s: exact table of %d bytes", design, exactBytes)
                    .isEqualTo(exactBytes > FilterBank.MAX_TABLE_BYTES);
            if (!bank.interpolated) {
                assertThat(bank.phases).as("%s phases", design).isEqualTo(design.up());
                assertThat(bank.tableBytes()).as("%s table bytes", design).isEqualTo(bank.equiripple
                        ? (long) design.up() * bank.taps * bytesPerTap : exactBytes);
                continue;
            }
            int rows = bank.phases;
            assertThat(Integer.bitCount(rows)).as("%s: %d rows, a power of two", design, rows).isEqualTo(1);
            assertThat(rows).as("%s rows", design).isLessThan(design.up());
            assertThat(bank.tableBytes()).as("%s table bytes", design)
                    .isEqualTo((long) (rows + 1) * bank.taps * bytesPerTap)
                    .isLessThanOrEqualTo(FilterBank.MAX_TABLE_BYTES);
            if (rows < Integer.highestOneBit(design.up())) {
                long doubled = (long) (2 * rows + 1) * tapsPerRow(design, 2 * rows) * bytesPerTap;
                assertThat(doubled).as("%s: twice the rows would not fit", design)
                        .isGreaterThan(FilterBank.MAX_TABLE_BYTES);
            }
        }
        assertThat(new Design(2048, 1, ResamplerQuality.HQ).bank().tableBytes()).as("the boundary case")
                .isEqualTo(FilterBank.MAX_TABLE_BYTES);
    }

    /**
     * Float banks in exact mode with L up to {@link FilterBank#MAX_BATCHED_PHASES} keep every row again without its
     * leading zero taps (the padding), and how many were dropped; the others keep none.
     */
    @Test
    void batchRowsAreTheRowsWithoutTheirLeadingZeros() {
        for (Design design : DESIGNS) {
            FilterBank bank = design.bank();
            boolean batched = !design.quality().doublePrecision() && !bank.interpolated
                    && design.up() <= FilterBank.MAX_BATCHED_PHASES;
            assertThat(bank.batchRows != null).as("%s batched", design).isEqualTo(batched);
            assertThat(bank.batchSkip != null).as("%s batch skips", design).isEqualTo(batched);
            if (!batched) {
                continue;
            }
            assertThat(bank.batchRows.length).as("%s batch rows", design).isEqualTo(bank.phases);
            for (int p = 0; p < bank.phases; p++) {
                int zeros = 0;
                while (bank.coefficients[p * bank.taps + zeros] == 0) {
                    zeros++;
                }
                float[] row = java.util.Arrays.copyOfRange(bank.coefficients, p * bank.taps, (p + 1) * bank.taps);
                assertThat(bank.batchSkip[p]).as("%s row %d leading zeros", design, p).isEqualTo(zeros);
                assertThat(bank.batchRows[p]).as("%s batch row %d", design, p)
                        .isEqualTo(java.util.Arrays.copyOfRange(row, zeros, bank.taps));
            }
        }
        // Rows of one bank need not start with the same number of zeros: 2/3 drops 8 and 9.
        FilterBank twoThirds = new Design(2, 3, ResamplerQuality.FAST).bank();
        assertThat(twoThirds.batchSkip[0]).isNotEqualTo(twoThirds.batchSkip[1]);
    }

    /**
     * The delays in {@link ResamplerQuality}'s table, 24 kHz -> 8 kHz (the prototype's centre, in seconds at the
     * prototype rate {@code phases * 24,000 Hz}), and the 117-tap telephony prototype its Javadoc names.
     */
    @Test
    void theDocumentedDelaysAndLengthHold() {
        double[] delaysMs = {1.25, 2.42, 5.21, 8.8};
        ResamplerQuality[] presets = {ResamplerQuality.FAST, ResamplerQuality.TELEPHONY, ResamplerQuality.HQ,
            ResamplerQuality.VHQ};
        for (int i = 0; i < presets.length; i++) {
            FilterBank bank = FilterBank.design(1, 3, presets[i]);
            double delayMs = 1000.0 * bank.prototypeDelay / bank.phases / 24_000;
            assertThat(delayMs).as("%s delay", presets[i]).isCloseTo(delaysMs[i], within(0.05));
        }
        assertThat(FilterBank.design(1, 3, ResamplerQuality.TELEPHONY).prototypeLength).isEqualTo(117);
    }

    /**
     * 22.05 kHz to 8 kHz at hq: the front stage (L/M = 320/441) keeps one vector of taps per row and droops about
     * 1.1 dB at the chain's flat edge (3.6 kHz), and the final stage after it rises to make up for it, so the chain,
     * computed here from the two float tables as they run, is flat within the promise (+-0.01 dB); the plain final
     * stage after the same front would not be.
     */
    @Test
    void aShortFrontStageDroopsAndTheFinalStageAfterItMakesUpForIt() {
        FilterBank front = FilterBank.of(320, 441, ResamplerQuality.HQ, FilterBank.Stage.FRONT);
        FilterBank last = FilterBank.finalAfter(1, 2, ResamplerQuality.HQ, front);
        FilterBank plain = FilterBank.of(1, 2, ResamplerQuality.HQ, FilterBank.Stage.FINAL);
        assertThat(front.taps).as("one vector of taps per row").isEqualTo(FilterBank.TAP_ALIGNMENT);
        assertThat(last).isNotSameAs(plain);
        double top = 0.225; // 3,600 Hz at 16 kHz, cycles per intermediate sample
        double edgeDb = 20 * Math.log10(frontGain(front, top));
        assertThat(edgeDb).as("the front's droop at 3.6 kHz").isBetween(-FilterBank.MAX_FRONT_DROOP_DB, -0.5);
        double worst = 0;
        for (int i = 0; i <= 450; i++) {
            double f = top * i / 450;
            double g = frontGain(front, f);
            // The table is of the double prototype, g of the float rows: they differ by the rounding of the taps.
            assertThat(g).as("the bank's table of its droop at %s", f).isCloseTo(front.passGain(f), within(1e-5));
            worst = Math.max(worst, Math.abs(20 * Math.log10(g * rowGain(last.coefficients, f))));
        }
        // The final stage spends 0.3 of the promise each way, then its row is scaled to unit DC gain, which moves
        // the band to one side: up to 0.6 of it, as for every equiripple bank (docs/resampler-spectrum.md).
        assertThat(worst).as("the chain's pass band, dB either way").isLessThan(0.6 * 0.01);
        assertThat(20 * Math.log10(frontGain(front, top) * rowGain(plain.coefficients, top)))
                .as("the plain final stage after it").isLessThan(-0.5);
    }

    /**
     * Which fronts droop: hq ones that lose a vector and keep one to three (22.05 kHz to 8 kHz, 320/441; 48 to 22.05
     * kHz, 147/160: 32 taps to 16; 44.1 kHz to 8 kHz, 160/441: 64 to 48), not an hq front of more vectors (88.2 kHz
     * to 8 kHz, 80/441: 112 taps, on the kernel's general path), nor fast and telephony fronts, and never a final
     * stage after a flat front other than the plain one.
     */
    @Test
    void onlyHqFrontsOfTwoToFourVectorsDroop() {
        assertThat(FilterBank.of(147, 160, ResamplerQuality.HQ, FilterBank.Stage.FRONT).passGain).isNotNull();
        // 44.1 kHz to 16 kHz hq: 64 taps flat, 48 drooping (the kernel's three-vector tree).
        FilterBank three = FilterBank.of(160, 441, ResamplerQuality.HQ, FilterBank.Stage.FRONT);
        assertThat(three.passGain).isNotNull();
        assertThat(three.taps).isEqualTo(48);
        // 88.2 kHz to 16 kHz hq: seven vectors, flat.
        FilterBank seven = FilterBank.of(80, 441, ResamplerQuality.HQ, FilterBank.Stage.FRONT);
        assertThat(seven.passGain).isNull();
        assertThat(seven.taps).isEqualTo(112);
        FilterBank fast = FilterBank.of(160, 441, ResamplerQuality.FAST, FilterBank.Stage.FRONT);
        assertThat(fast.passGain).isNull();
        assertThat(fast.taps).isEqualTo(32);
        assertThat(FilterBank.of(320, 441, ResamplerQuality.TELEPHONY, FilterBank.Stage.FRONT).passGain).isNull();
        assertThat(FilterBank.finalAfter(1, 2, ResamplerQuality.HQ, seven))
                .isSameAs(FilterBank.of(1, 2, ResamplerQuality.HQ, FilterBank.Stage.FINAL));
    }

    /**
     * A front bank's gain at {@code f} cycles per output sample from its float table: the prototype the rows make
     * ({@link #prototypeOf}) at {@code f / M} cycles per prototype sample, over its gain at DC, L (each row sums to 1).
     */
    private static double frontGain(FilterBank bank, double f) {
        return magnitude(prototypeOf(bank), f / bank.down) / bank.phases;
    }

    /** The magnitude of one row's response at {@code f} cycles per sample. */
    private static double rowGain(float[] row, double f) {
        double[] h = new double[row.length];
        for (int k = 0; k < row.length; k++) {
            h[k] = row[k];
        }
        return magnitude(h, f);
    }

    /** The prototype a bank's table holds: h[p + (taps - 1 - k) rows] = row p, tap k (FilterBank's layout). */
    private static double[] prototypeOf(FilterBank bank) {
        int rows = bank.phases;
        double[] h = new double[rows * bank.taps];
        for (int p = 0; p < rows; p++) {
            for (int k = 0; k < bank.taps; k++) {
                h[p + (bank.taps - 1 - k) * rows] = bank.coefficients[bank.rowOffset(p) + k];
            }
        }
        return h;
    }

    /** Edges in cycles per input sample: fractions of the lower Nyquist, {@code min(in, out) / 2}. */
    private static double pass(Design d) {
        return d.quality().passEdge() * 0.5 * Math.min(d.up(), d.down()) / d.down();
    }

    private static double stop(Design d) {
        return d.quality().stopEdge() * 0.5 * Math.min(d.up(), d.down()) / d.down();
    }

    /** Kaiser's N = ceil((A - 8) / (2.285 dw)) + 1 for the prototype at {@code rows} times the input rate. */
    private static long kaiserLength(Design d, int rows) {
        double dw = 2 * Math.PI * (stop(d) - pass(d)) / rows;
        return (long) Math.ceil((d.quality().attenuationDb() - 8) / (2.285 * dw)) + 1;
    }

    private static int tapsPerRow(Design d, int rows) {
        long perRow = (kaiserLength(d, rows) + 1 + rows - 1) / rows;
        int alignment = FilterBank.TAP_ALIGNMENT;
        return (int) ((perRow + alignment - 1) / alignment * alignment);
    }

    /**
     * The prototype at {@code rows} times the input rate: N rounded up to odd taps, cut-off midway between the
     * edges, {@code h[n] = 2 fc sinc(2 fc (n - c)) I0(beta sqrt(1 - ((n - c) / c)^2)) / I0(beta)}, c = (N - 1) / 2.
     */
    private static double[] prototype(Design d, int rows) {
        int length = (int) (kaiserLength(d, rows) | 1);
        double a = d.quality().attenuationDb();
        double beta = a > 50 ? 0.1102 * (a - 8.7) : 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
        double fc = (pass(d) + stop(d)) / 2 / rows;
        double c = (length - 1) / 2.0;
        double i0Beta = besselI0(beta);
        double[] h = new double[length];
        for (int n = 0; n < length; n++) {
            double t = n - c;
            double x = 2 * fc * t;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = t / c;
            h[n] = 2 * fc * sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
        }
        return h;
    }

    /** I0 by 60 terms of its power series, far more than the x below 20 here need. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k <= 60; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }
}
