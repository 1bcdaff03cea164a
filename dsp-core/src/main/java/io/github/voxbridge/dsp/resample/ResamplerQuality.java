package io.github.voxbridge.dsp.resample;

/**
 * Quality presets: how much of the band to keep flat, how deep to reject what would alias, and what that costs in
 * delay and taps. Edges are fractions of the lower of the two Nyquist frequencies ({@code min(in, out) / 2});
 * for an 8 kHz output that is 4 kHz, so 0.85 is 3.4 kHz (the telephone band), 1.05 is 4.2 kHz and 1.15 is 4.6 kHz.
 * The filter's stop band starts at the stop edge, so every input tone above it is attenuated by at least the
 * attenuation; when downsampling, tones between the Nyquist and the stop edge alias into the top of the band
 * (above 3.8 kHz for 1.05), where the telephone channel has no content anyway.
 *
 * <p>Kaiser's formula gives the length from attenuation A and transition width: the group delay in seconds is
 * {@code (A - 8) / (2 * 2.285 * 2 pi * (stop - pass) Hz)}, the same at every input rate. The design attenuation
 * carries a few dB of margin over the promised figure because Kaiser's estimate is within about ±2 dB.
 *
 * <p>A Kaiser filter has the same ripple in both bands (10^(-A/20): 0.0007 dB at 82 dB), far flatter than a
 * telephony pass band needs, and its gain stays within 0.02 dB of unity for the first 50 Hz of the transition band.
 * So the telephony design edge sits at 3.35 kHz while the promise, ±0.05 dB, still holds to 3.4 kHz (measured:
 * -0.017 dB): the wider transition saves 9 % of the taps of a Kaiser design (147 instead of 161 at 24 kHz, which
 * now has an equiripple one, below).
 *
 * <pre>
 *  preset     promised                                   design A   pass    stop    delay (8 kHz out)
 *  fast       &gt;= 60 dB, aliases land above 3.4 kHz      63 dB      0.85    1.15    1.25 ms (1.6 Kaiser)
 *  telephony  +-0.05 dB to 3.4 kHz, &gt;= 80 dB from 4.2 kHz 82 dB      0.8375  1.05    2.42 ms (3.0 Kaiser)
 *  hq         +-0.01 dB to 3.6 kHz, &gt;= 131 dB (= libsoxr HQ) 138 dB  0.90    1.05    5.21 ms (7.6 Kaiser)
 *  vhq        +-0.01 dB to 3.6 kHz, &gt;= 150 dB (double)    159 dB     0.90    1.05    8.8 ms (Kaiser)
 * </pre>
 *
 * <p>The banks the batch kernel runs (float presets, integer ratios up to L = 8: 16, 24, 32 kHz to 8 kHz, 8 kHz to
 * 16, 24, 48 kHz, and the final stage of every two-stage chain) are not Kaiser designs but equiripple ones
 * ({@code EquirippleDesign}): they spend the pass band's tolerance (0.3 of the promised ripple each way, before the
 * rows are scaled to unit DC gain) and meet the design attenuation across the whole stop band, with the pass edge at
 * the promised one (3.4 kHz at telephony). For the same promise that is 20 to 35 % fewer taps than Kaiser's (24 kHz
 * to 8 kHz: 117 instead of 147 at telephony, 251 instead of 365 at hq), so less work per sample and less delay: the
 * first figure in the table's last column, at 24 kHz to 8 kHz. Fractional ratios (11.025 kHz, 44.1 to 48 kHz, a
 * chain's front stage at 22.05 and 44.1 kHz) and vhq keep the Kaiser design and its delay.
 *
 * <p>Pairs resampled in two stages ({@link PolyphaseResampler}: 22.05, 44.1, 48 and 96 kHz to 8 kHz) add the front
 * stage's delay: 1.5 ms fast, 2.77 ms telephony, 5.68 to 5.79 ms hq in all, each within its promise. At hq the
 * 22.05 kHz front stage droops 1.1 dB at the flat edge and the final stage makes up for it (PolyphaseResampler):
 * the chain's pass band, alias rejection and latency all measured better than with a flat front.
 */
public enum ResamplerQuality {
    /** The cheapest filter still at least 60 dB down; for bulk work. */
    FAST("fast", 63, 0.85, 1.15, false, 0.85, 0.1),
    /** Flat to 3.4 kHz, 80 dB from 4.2 kHz, 2.4 to 3.0 ms of delay: the default for 8 kHz output. */
    TELEPHONY("telephony", 82, 0.8375, 1.05, false, 0.85, 0.05),
    /** Flat to 0.9 of the output Nyquist, 131 dB from 1.05 of it: the default for other output rates. */
    HQ("hq", 138, 0.90, 1.05, false, 0.90, 0.01),
    /** 150 dB; coefficients and sums in double, because float coefficients alone stop near -145 dB. */
    VHQ("vhq", 159, 0.90, 1.05, true, 0.90, 0.01);

    private final String id;
    private final double attenuationDb;
    private final double passEdge;
    private final double stopEdge;
    private final boolean doublePrecision;
    private final double flatEdge;
    private final double rippleDb;

    ResamplerQuality(String id, double attenuationDb, double passEdge, double stopEdge, boolean doublePrecision,
            double flatEdge, double rippleDb) {
        this.id = id;
        this.attenuationDb = attenuationDb;
        this.passEdge = passEdge;
        this.stopEdge = stopEdge;
        this.doublePrecision = doublePrecision;
        this.flatEdge = flatEdge;
        this.rippleDb = rippleDb;
    }

    /**
     * The promised end of the flat pass band, a fraction of the lower Nyquist frequency: {@link #passEdge()} but for
     * telephony, whose Kaiser design edge (0.8375) sits below the promise (0.85) as the class comment explains. An
     * equiripple design ({@code FilterBank}) puts its pass edge here, since its gain falls right after it.
     */
    double flatEdge() {
        return flatEdge;
    }

    /** The promised pass-band flatness, +-dB up to {@link #flatEdge()}. */
    double rippleDb() {
        return rippleDb;
    }

    /** The lower-case name used on the command line, e.g. {@code "telephony"}. */
    public String id() {
        return id;
    }

    /** Stop-band attenuation the filter is designed for, in dB. */
    public double attenuationDb() {
        return attenuationDb;
    }

    /** End of the pass band as a fraction of the lower Nyquist frequency. */
    public double passEdge() {
        return passEdge;
    }

    /** Start of the stop band as a fraction of the lower Nyquist frequency. */
    public double stopEdge() {
        return stopEdge;
    }

    /** Whether coefficients and accumulation are in double precision. */
    public boolean doublePrecision() {
        return doublePrecision;
    }

    /** {@link #TELEPHONY} when the output is 8,000 Hz, otherwise {@link #HQ}. */
    public static ResamplerQuality defaultFor(int inputRate, int outputRate) {
        return outputRate == 8000 ? TELEPHONY : HQ;
    }

    /**
     * The preset with the given id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the valid ids if there is none
     */
    public static ResamplerQuality fromId(String id) {
        for (ResamplerQuality q : values()) {
            if (q.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown resampler quality '" + id
                + "' (expected one of fast, telephony, hq, vhq)");
    }

    @Override
    public String toString() {
        return id;
    }
}
