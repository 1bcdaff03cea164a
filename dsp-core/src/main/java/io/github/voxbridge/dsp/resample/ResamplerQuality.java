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
 * -0.017 dB): the wider transition saves 9 % of the taps (147 instead of 161 at 24 kHz), i.e. of the work per
 * sample on the phone-call hot path.
 *
 * <pre>
 *  preset     promised                                   design A   pass    stop    delay (8 kHz out)
 *  fast       &gt;= 60 dB, aliases land above 3.4 kHz      63 dB      0.85    1.15    1.6 ms
 *  telephony  +-0.05 dB to 3.4 kHz, &gt;= 80 dB from 4.2 kHz 82 dB      0.8375  1.05    3.0 ms
 *  hq         +-0.01 dB to 3.6 kHz, &gt;= 131 dB (= libsoxr HQ) 138 dB  0.90    1.05    7.6 ms
 *  vhq        +-0.01 dB to 3.6 kHz, &gt;= 150 dB (double)    159 dB     0.90    1.05    8.8 ms
 * </pre>
 *
 * <p>Pairs resampled in two stages ({@link PolyphaseResampler}: 22.05, 44.1, 48 and 96 kHz to 8 kHz) add the front
 * stage's delay: 1.96 ms fast, 3.46 ms telephony, 8.1 ms hq, each within its promise.
 */
public enum ResamplerQuality {
    /** The cheapest filter still at least 60 dB down; for bulk work. */
    FAST("fast", 63, 0.85, 1.15, false),
    /** Flat to 3.4 kHz, 80 dB from 4.2 kHz, about 3.3 ms of delay: the default for 8 kHz output. */
    TELEPHONY("telephony", 82, 0.8375, 1.05, false),
    /** Flat to 0.9 of the output Nyquist, 131 dB from 1.05 of it: the default for other output rates. */
    HQ("hq", 138, 0.90, 1.05, false),
    /** 150 dB; coefficients and sums in double, because float coefficients alone stop near -145 dB. */
    VHQ("vhq", 159, 0.90, 1.05, true);

    private final String id;
    private final double attenuationDb;
    private final double passEdge;
    private final double stopEdge;
    private final boolean doublePrecision;

    ResamplerQuality(String id, double attenuationDb, double passEdge, double stopEdge, boolean doublePrecision) {
        this.id = id;
        this.attenuationDb = attenuationDb;
        this.passEdge = passEdge;
        this.stopEdge = stopEdge;
        this.doublePrecision = doublePrecision;
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
