package io.github.voxbridge.twilio.vad;

/**
 * Immutable settings of a {@link VoiceActivityDetector}: the sample rate, three energy thresholds (start, end and
 * onset: hysteresis, and where a run is timed from), how long the energy must stay above or below them, and the
 * high-pass filter in front. Built with {@link #builder(int)};
 * every value is checked there, and a bad one is refused with an {@link IllegalArgumentException} naming it.
 *
 * <h2>Levels</h2>
 * Energy is measured per 10 ms block ({@link #blockSamples()} samples) as RMS in dBFS, full scale = 32768: a block of
 * constant ±32768 is 0 dBFS, a full-scale sine -3 dBFS, a block of ±1 LSB -90.3 dBFS. Speech levels quoted below are
 * active speech levels (RMS over the blocks that carry speech, in the spirit of ITU-T P.56); the loudest 10 ms blocks
 * of speech are about 7 dB above that level, and the loudest 100 ms stretches about 4 dB above it (measured on the
 * espeak-ng clips under {@code testdata/speech/}).
 *
 * <h2>Defaults, and why</h2>
 * <ul>
 *   <li><b>Start threshold {@value #DEFAULT_START_THRESHOLD_DBFS} dBFS, raised while our own playback may be
 *       echoing.</b> Below it: the louder parts of normal caller speech, -30 to -10 dBFS active level (ITU-T's
 *       nominal telephone speech level, -16 dBm0, is about -22 dBFS on this scale: G.711's full-scale sine is +3.14
 *       dBm0), whose loudest blocks are 7 dB higher. At -34 dBFS a quiet caller's first syllable reaches it within
 *       the 100 ms start time: every case of {@code SpeechOnsetTest} (espeak-ng clips at -30, -20 and -10 dBFS in
 *       -50 dBFS noise, 8 and 16 kHz) is detected 80 to 100 ms after its onset; at -28 dBFS, the default before the
 *       echo guard, five of the 48 took 130 to 190 ms ("yes" and "hello" at -30 dBFS). Above it: line noise (the
 *       loudest 10 ms blocks of -50 dBFS white noise reach -48 dBFS; white noise must be 14 dB louder, pink 18 dB,
 *       before it starts speech). And the echo of our own playback, which comes back about 30 dB down: the loudest
 *       blocks of the echo of playback at -12 dBFS reach -35.8 dBFS, at -6 dBFS (its peaks clipped) -33 dBFS, so
 *       on its own this threshold would take the echo of playback from -8.5 dBFS up for the caller. So while our
 *       playback may be echoing, the detector is told its loudest block ({@link
 *       VoiceActivityDetector#playbackLevel(double)}; {@link PlaybackEcho} keeps it for a call, and the server
 *       does this for every call) and a run must also reach that level minus the echo return loss below: the
 *       threshold follows our own loudness, not a fixed worst case. Measured on four espeak-ng clips with -50 dBFS
 *       noise through a mu-law decoder ({@code EchoAndNoiseTest}): with the guard the echo starts speech at no
 *       playback level up to full scale (its loudest block stays 6 dB under the raised threshold); told nothing,
 *       from playback at -8.5 to -7.5 dBFS.</li>
 *   <li><b>Echo return loss {@value #DEFAULT_ECHO_RETURN_LOSS_DB} dB</b> ({@link #echoReturnLossDb()}): issue 13's
 *       echo comes back 30 dB below our playback; 6 dB less leaves that margin between the echo's loudest block
 *       and the raised threshold. A line with a stronger echo needs less, dB for dB. The threshold only rises for
 *       playback whose loudest block is above -10 dBFS: FreeTTS's greeting in {@code VadExamplesTest} peaks at
 *       -16.8 dBFS and leaves it at -34.</li>
 *   <li><b>End threshold {@value #DEFAULT_END_THRESHOLD_DBFS} dBFS</b>, 12 dB lower: what speech must stay above;
 *       the dips between syllables (stops, weak fricatives) mostly do not break it. Still 10 dB above the line noise
 *       (its loudest 10 ms blocks of white noise reach -48 dBFS), so speech ends when the caller stops.</li>
 *   <li><b>Onset threshold {@value #DEFAULT_ONSET_BELOW_END_DB} dB below the end threshold</b> (-44 dBFS by
 *       default): where a run that may become speech is timed from. Lower than the end threshold because a soft
 *       first sound loses much of its energy in the high-pass: espeak-ng's "s" of "sorry" at -20 dBFS reads -39 to
 *       -43 dBFS after it, and from the end threshold its run began at the vowel, 140 ms after the onset instead
 *       of 100 ({@code SpeechOnsetTest}). Still 4 dB above the loudest blocks of -50 dBFS line noise; a noise block
 *       above it only starts a run, which becomes speech only if a block reaches the start threshold.</li>
 *   <li><b>Start after {@value #DEFAULT_START_MILLIS} ms</b> at or above the end threshold, with at least one block
 *       at or above the start threshold: what issue 13 asks for. A click or a cough shorter than that does not
 *       interrupt playback.</li>
 *   <li><b>End after {@value #DEFAULT_END_MILLIS} ms</b> below the end threshold: what issue 13 asks for; longer than
 *       the gaps between the words of a sentence in the test clips (one "end" per clip, except after "Wait," and
 *       "Hello?", where the speaker does pause), short enough to answer promptly.</li>
 *   <li><b>High-pass at {@value #DEFAULT_HIGH_PASS_HZ} Hz</b> (second order, Butterworth). Line audio carries a DC
 *       offset and mains hum (50/60 Hz and harmonics) that are not speech but would count as energy: a DC offset of
 *       1000 (-30 dBFS) alone holds every block 10 dB above the end threshold, and with -30 dBFS of hum it starts
 *       speech when the filter is off (twilio-frames' {@code EchoAndNoiseTest}). A telephone channel passes 300 to
 *       3400 Hz (ITU-T G.712), so nothing below 200 Hz is speech the line carries; the filter takes DC out entirely
 *       and hum by 21 dB (60 Hz) and 24 dB (50 Hz). 0 turns it off.</li>
 * </ul>
 *
 * <p>There is no adaptive noise floor: the targets (start above the echo of playback, below quiet speech) are
 * absolute levels, and a floor that adapted during long speech or long playback would drift towards them. The one
 * level that moves is the start threshold while we play, and it follows what we send, which is known exactly.
 */
public final class VadSettings {

    /** Default start threshold, in dBFS, when our own playback is not echoing. */
    public static final double DEFAULT_START_THRESHOLD_DBFS = -34.0;
    /** Default echo return loss, in dB: how far below our playback's loudest block the start threshold may go. */
    public static final double DEFAULT_ECHO_RETURN_LOSS_DB = 24.0;
    /** Largest echo return loss accepted, in dB. */
    public static final double MAX_ECHO_RETURN_LOSS_DB = 90.0;
    /** Default end threshold, in dBFS. */
    public static final double DEFAULT_END_THRESHOLD_DBFS = -40.0;
    /** How far below the end threshold the onset threshold is by default, in dB (negative: below). */
    public static final double DEFAULT_ONSET_BELOW_END_DB = -4.0;
    /** Default time above threshold before speech starts, in ms. */
    public static final int DEFAULT_START_MILLIS = 100;
    /** Default time below the end threshold before speech ends, in ms. */
    public static final int DEFAULT_END_MILLIS = 300;
    /** Default high-pass corner frequency, in Hz. */
    public static final int DEFAULT_HIGH_PASS_HZ = 200;

    /** Length of one energy block, in ms. Start and end times are whole numbers of blocks. */
    public static final int BLOCK_MILLIS = 10;
    /**
     * Lowest threshold accepted, in dBFS: about the level of a constant 1-LSB signal (-90.3 dBFS), below which a
     * threshold would only separate digital silence from anything else.
     */
    public static final double MIN_THRESHOLD_DBFS = -90.0;
    /** Longest start or end time accepted, in ms. */
    public static final int MAX_MILLIS = 60_000;
    /** Highest high-pass corner accepted, in Hz: above it the filter would cut into the telephone band's speech. */
    public static final int MAX_HIGH_PASS_HZ = 1000;
    /** Lowest non-zero high-pass corner accepted, in Hz. */
    public static final int MIN_HIGH_PASS_HZ = 10;

    /** Full scale of 16-bit PCM for dBFS. */
    static final double FULL_SCALE = 32768.0;

    private final int sampleRate;
    private final double startThresholdDbfs;
    private final double endThresholdDbfs;
    private final double onsetThresholdDbfs;
    private final int startMillis;
    private final int endMillis;
    private final int highPassHz;
    private final double echoReturnLossDb;

    private VadSettings(Builder b) {
        this.sampleRate = b.sampleRate;
        this.startThresholdDbfs = b.startThresholdDbfs;
        this.endThresholdDbfs = b.endThresholdDbfs;
        this.onsetThresholdDbfs = b.onsetThresholdDbfs != null ? b.onsetThresholdDbfs
                : Math.max(MIN_THRESHOLD_DBFS, b.endThresholdDbfs + DEFAULT_ONSET_BELOW_END_DB);
        this.startMillis = b.startMillis;
        this.endMillis = b.endMillis;
        this.highPassHz = b.highPassHz;
        this.echoReturnLossDb = b.echoReturnLossDb;
    }

    /**
     * A builder with the defaults, for audio at {@code sampleRate} Hz.
     *
     * @param sampleRate 8000 (Twilio's rate) or 16000 (what {@code InboundTrackDecoder.at16kHz} delivers)
     * @throws IllegalArgumentException for any other rate
     */
    public static Builder builder(int sampleRate) {
        return new Builder(sampleRate);
    }

    /** The defaults at {@code sampleRate} Hz (8000 or 16000). */
    public static VadSettings defaults(int sampleRate) {
        return builder(sampleRate).build();
    }

    /** Sample rate of the audio, in Hz: 8000 or 16000. */
    public int sampleRate() {
        return sampleRate;
    }

    /**
     * A run counts as speech once one of its blocks reaches this level, in dBFS (or the level our playback sets, when
     * that is higher: see {@link #echoReturnLossDb()}).
     */
    public double startThresholdDbfs() {
        return startThresholdDbfs;
    }

    /**
     * How far below the loudest 10 ms block of our own playback, in dB, its echo is assumed to stay: while
     * {@link VoiceActivityDetector#playbackLevel(double)} says that playback may be echoing, a run must reach that
     * level minus this (when above the start threshold) to start speech.
     */
    public double echoReturnLossDb() {
        return echoReturnLossDb;
    }

    /** Level in dBFS below which blocks count towards the end of speech. */
    public double endThresholdDbfs() {
        return endThresholdDbfs;
    }

    /**
     * Level in dBFS that blocks of a run must reach in silence (the run is timed from its first such block, gaps of
     * up to 20 ms bridged): by default {@value #DEFAULT_ONSET_BELOW_END_DB} dB from the end threshold.
     */
    public double onsetThresholdDbfs() {
        return onsetThresholdDbfs;
    }

    /** How long a run must last before speech starts, in ms (a multiple of {@value #BLOCK_MILLIS}). */
    public int startMillis() {
        return startMillis;
    }

    /** How long the level must stay below the end threshold before speech ends, in ms (a multiple of 10). */
    public int endMillis() {
        return endMillis;
    }

    /** Corner frequency of the high-pass filter, in Hz; 0 when there is none. */
    public int highPassHz() {
        return highPassHz;
    }

    /** Samples in one 10 ms energy block: 80 at 8000 Hz, 160 at 16000 Hz. */
    public int blockSamples() {
        return sampleRate / 1000 * BLOCK_MILLIS;
    }

    /** {@link #startMillis()} in blocks. */
    int startBlocks() {
        return startMillis / BLOCK_MILLIS;
    }

    /** {@link #endMillis()} in blocks. */
    int endBlocks() {
        return endMillis / BLOCK_MILLIS;
    }

    /** The sum of squares (in 16-bit units squared) over one block whose RMS level is {@code dbfs}. */
    double blockEnergyAt(double dbfs) {
        return blockSamples() * FULL_SCALE * FULL_SCALE * Math.pow(10.0, dbfs / 10.0);
    }

    @Override
    public String toString() {
        return "VadSettings[" + sampleRate + " Hz, start " + startThresholdDbfs + " dBFS for " + startMillis
                + " ms timed from " + onsetThresholdDbfs + " dBFS, end " + endThresholdDbfs + " dBFS for " + endMillis
                + " ms, high-pass "
                + (highPassHz == 0 ? "off" : highPassHz + " Hz") + ", echo return loss " + echoReturnLossDb + " dB]";
    }

    /** Collects settings; {@link #build()} checks how they fit together. Not thread-safe. */
    public static final class Builder {
        private final int sampleRate;
        private double startThresholdDbfs = DEFAULT_START_THRESHOLD_DBFS;
        private double endThresholdDbfs = DEFAULT_END_THRESHOLD_DBFS;
        /** Null: {@value #DEFAULT_ONSET_BELOW_END_DB} dB from whatever the end threshold is. */
        private Double onsetThresholdDbfs;
        private int startMillis = DEFAULT_START_MILLIS;
        private int endMillis = DEFAULT_END_MILLIS;
        private int highPassHz = DEFAULT_HIGH_PASS_HZ;
        private double echoReturnLossDb = DEFAULT_ECHO_RETURN_LOSS_DB;

        private Builder(int sampleRate) {
            if (sampleRate != 8000 && sampleRate != 16_000) {
                throw new IllegalArgumentException("sample rate " + sampleRate
                        + " Hz not supported: 8000 or 16000 (what InboundTrackDecoder delivers)");
            }
            this.sampleRate = sampleRate;
        }

        /** Start threshold in dBFS, from {@value #MIN_THRESHOLD_DBFS} to 0; at least the end threshold. */
        public Builder startThresholdDbfs(double dbfs) {
            this.startThresholdDbfs = threshold("start", dbfs);
            return this;
        }

        /** End threshold in dBFS, from {@value #MIN_THRESHOLD_DBFS} to 0; at most the start threshold. */
        public Builder endThresholdDbfs(double dbfs) {
            this.endThresholdDbfs = threshold("end", dbfs);
            return this;
        }

        /**
         * Onset threshold in dBFS, from {@value #MIN_THRESHOLD_DBFS} to 0; at most the end threshold. Unset, it is
         * {@value #DEFAULT_ONSET_BELOW_END_DB} dB from the end threshold (not below {@value #MIN_THRESHOLD_DBFS}).
         */
        public Builder onsetThresholdDbfs(double dbfs) {
            this.onsetThresholdDbfs = threshold("onset", dbfs);
            return this;
        }

        /** Time above threshold before speech starts, in ms: a positive multiple of 10, at most 60,000. */
        public Builder startMillis(int millis) {
            this.startMillis = duration("start", millis);
            return this;
        }

        /** Time below the end threshold before speech ends, in ms: a positive multiple of 10, at most 60,000. */
        public Builder endMillis(int millis) {
            this.endMillis = duration("end", millis);
            return this;
        }

        /** High-pass corner in Hz, {@value #MIN_HIGH_PASS_HZ} to {@value #MAX_HIGH_PASS_HZ}, or 0 for none. */
        public Builder highPassHz(int hz) {
            if (hz != 0 && (hz < MIN_HIGH_PASS_HZ || hz > MAX_HIGH_PASS_HZ)) {
                throw new IllegalArgumentException("high-pass corner " + hz + " Hz out of range: 0 (off) or "
                        + MIN_HIGH_PASS_HZ + " to " + MAX_HIGH_PASS_HZ + " Hz");
            }
            this.highPassHz = hz;
            return this;
        }

        /**
         * Echo return loss in dB, 0 to {@value #MAX_ECHO_RETURN_LOSS_DB}: how far below our playback's loudest block
         * the start threshold may sit while that playback may be echoing (see {@link VadSettings#echoReturnLossDb()}).
         */
        public Builder echoReturnLossDb(double db) {
            if (!(db >= 0 && db <= MAX_ECHO_RETURN_LOSS_DB)) { // also refuses NaN
                throw new IllegalArgumentException("echo return loss " + db + " dB out of range: 0 to "
                        + MAX_ECHO_RETURN_LOSS_DB + " dB");
            }
            this.echoReturnLossDb = db;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException if the end threshold is above the start threshold, or a set onset
         *                                  threshold above the end threshold
         */
        public VadSettings build() {
            if (endThresholdDbfs > startThresholdDbfs) {
                throw new IllegalArgumentException("end threshold " + endThresholdDbfs
                        + " dBFS is above start threshold " + startThresholdDbfs
                        + " dBFS: the hysteresis needs end <= start");
            }
            if (onsetThresholdDbfs != null && onsetThresholdDbfs > endThresholdDbfs) {
                throw new IllegalArgumentException("onset threshold " + onsetThresholdDbfs
                        + " dBFS is above end threshold " + endThresholdDbfs
                        + " dBFS: a run is timed from onset <= end");
            }
            return new VadSettings(this);
        }

        private static double threshold(String which, double dbfs) {
            if (!(dbfs >= MIN_THRESHOLD_DBFS && dbfs <= 0.0)) { // also refuses NaN
                throw new IllegalArgumentException(which + " threshold " + dbfs + " dBFS out of range: "
                        + MIN_THRESHOLD_DBFS + " to 0 dBFS");
            }
            return dbfs;
        }

        private static int duration(String which, int millis) {
            if (millis <= 0 || millis > MAX_MILLIS || millis % BLOCK_MILLIS != 0) {
                throw new IllegalArgumentException(which + " time " + millis + " ms invalid: a positive multiple of "
                        + BLOCK_MILLIS + " ms (the energy block), at most " + MAX_MILLIS + " ms");
            }
            return millis;
        }
    }
}
