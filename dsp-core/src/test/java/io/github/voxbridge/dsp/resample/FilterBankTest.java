package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The coefficient table of every design fits in {@link FilterBank#MAX_TABLE_BYTES} (1 MiB), also for the ratios
 * with a huge L, and one design has one table shared by all resamplers that use it.
 */
class FilterBankTest {

    /** Pairs with L or M in the hundreds of thousands, or L / M = 384 either way. */
    private static final List<RatePair> EXTREME = List.of(
            new RatePair(48_000, 44_101),
            new RatePair(383_999, 384_000),
            new RatePair(1_000, 384_000),
            new RatePair(384_000, 1_000));

    @Test
    void everyTableFitsInOneMebibyte() {
        for (RatePair pair : EXTREME) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                FilterBank bank = pair.bank(quality);
                String where = pair + " " + quality;
                assertThat(bank.tableBytes()).as(where).isLessThanOrEqualTo(1 << 20);
                int rows = bank.interpolated ? bank.phases + 1 : bank.phases;
                assertThat(bank.tableBytes()).as(where)
                        .isEqualTo((long) rows * bank.taps * (quality.doublePrecision() ? 8 : 4));
                assertThat(bank.taps % FilterBank.TAP_ALIGNMENT).as(where + " taps").isZero();
                assertThat((long) bank.taps * bank.phases).as(where + ": every prototype tap is in the table")
                        .isGreaterThanOrEqualTo(bank.prototypeLength);
                if (bank.interpolated) {
                    assertThat(Integer.bitCount(bank.phases)).as(where + " phases " + bank.phases).isEqualTo(1);
                    assertThat(bank.phases).as(where).isLessThan(bank.up);
                } else {
                    assertThat(bank.phases).as(where).isEqualTo(bank.up);
                }
            }
        }
        assertThat(new RatePair(48_000, 44_101).bank(ResamplerQuality.TELEPHONY).interpolated).isTrue();
        assertThat(new RatePair(383_999, 384_000).bank(ResamplerQuality.TELEPHONY).interpolated).isTrue();
        assertThat(new RatePair(1_000, 384_000).bank(ResamplerQuality.VHQ).interpolated).isFalse();
        assertThat(new RatePair(384_000, 1_000).bank(ResamplerQuality.VHQ).interpolated).isFalse();
    }

    /** Every row sums to 1 (DC passes at unit gain whatever the phase), to float rounding for float tables. */
    @Test
    void everyRowHasUnitSum() {
        for (RatePair pair : EXTREME) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                FilterBank bank = pair.bank(quality);
                int rows = bank.interpolated ? bank.phases + 1 : bank.phases;
                for (int row = 0; row < rows; row++) {
                    double sum = 0;
                    double magnitude = 0;
                    for (int k = 0; k < bank.taps; k++) {
                        int i = row * bank.taps + k;
                        double c = bank.coefficients != null ? bank.coefficients[i] : bank.coefficientsDouble[i];
                        sum += c;
                        magnitude += Math.abs(c);
                    }
                    double rounding = quality.doublePrecision() ? 1e-12 : magnitude * Math.ulp(1f);
                    assertThat(sum).as("%s %s row %d", pair, quality, row).isCloseTo(1, within(rounding));
                }
            }
        }
    }

    @Test
    void oneDesignHasOneSharedTable() throws ReflectiveOperationException {
        assertThat(FilterBank.of(44_101, 48_000, ResamplerQuality.HQ))
                .isSameAs(FilterBank.of(44_101, 48_000, ResamplerQuality.HQ));
        assertThat(FilterBank.of(1, 3, ResamplerQuality.HQ)).isNotSameAs(FilterBank.of(1, 3, ResamplerQuality.VHQ));

        // 24 kHz -> 8 kHz and 12 kHz -> 4 kHz both reduce to L/M = 1/3; 48 kHz -> 44,101 Hz twice.
        var field = PolyphaseResampler.class.getDeclaredField("bank");
        field.setAccessible(true);
        Object a = field.get(PolyphaseResampler.create(24_000, 8_000, ResamplerQuality.TELEPHONY));
        Object b = field.get(PolyphaseResampler.create(12_000, 4_000, ResamplerQuality.TELEPHONY));
        assertThat(a).isSameAs(b).isSameAs(FilterBank.of(1, 3, ResamplerQuality.TELEPHONY));
        // 48 kHz -> 8 kHz and 24 kHz -> 4 kHz (two stages: by 3, then by 2) share both stages' banks.
        FilterBank[] six = PolyphaseResampler.create(48_000, 8_000, ResamplerQuality.TELEPHONY).stageBanks();
        FilterBank[] half = PolyphaseResampler.create(24_000, 4_000, ResamplerQuality.TELEPHONY).stageBanks();
        assertThat(six).hasSize(2);
        assertThat(six[0]).isSameAs(half[0]).isSameAs(FilterBank.of(1, 3, ResamplerQuality.TELEPHONY,
                FilterBank.Stage.FRONT));
        assertThat(six[1]).isSameAs(half[1]).isSameAs(FilterBank.of(1, 2, ResamplerQuality.TELEPHONY,
                FilterBank.Stage.FINAL));
        Object c = field.get(PolyphaseResampler.create(48_000, 44_101, ResamplerQuality.FAST));
        Object d = field.get(PolyphaseResampler.create(48_000, 44_101, ResamplerQuality.FAST));
        assertThat(c).isSameAs(d);
    }

    /**
     * The extreme pairs build and run: a resampler of each (every preset) takes 50 ms of input in pieces, gives
     * the exact output count and finite samples. (Construction times are in the report, not asserted here.)
     */
    @Test
    void extremePairsBuildAndRun() {
        for (RatePair pair : EXTREME) {
            for (ResamplerQuality quality : ResamplerQuality.values()) {
                PolyphaseResampler r = pair.create(quality);
                int length = pair.input() / 20;
                float[] input = new float[length];
                for (int i = 0; i < length; i++) {
                    input[i] = (float) Math.sin(i * 0.01);
                }
                float[] out = StreamFeed.of(input).processAndFlush(r, length / 3, 0, 1, length - length / 3 - 1);
                assertThat((long) out.length).as("%s %s", pair, quality)
                        .isEqualTo(pair.outputSamplesForStream(length));
                for (float y : out) {
                    assertThat(Float.isFinite(y)).as("%s %s", pair, quality).isTrue();
                }
            }
        }
    }

    /**
     * A scheduled bank (each output its own row) holds its rows in the order a period of outputs uses them: output
     * k of the period, at {@code startPhase + k M} in 1/L input samples, ends at input {@code scheduleEnds[k]} and
     * its phase's row is at {@code k * taps} ({@code rowOffset}); every other bank keeps phase order. That the rows
     * hold the right taps is FilterBankDesignTest's (through {@code rowOffset}); this pins the layout the kernel
     * reads. Checked for the front stages of 22.05 and 44.1 kHz to 8 kHz, a whole 160/441 bank and a batched one.
     */
    @Test
    void aScheduledBankHoldsItsRowsInScheduleOrder() {
        List<FilterBank> banks = List.of(
                FilterBank.of(320, 441, ResamplerQuality.HQ, FilterBank.Stage.FRONT),
                FilterBank.of(160, 441, ResamplerQuality.HQ, FilterBank.Stage.FRONT),
                FilterBank.of(320, 441, ResamplerQuality.TELEPHONY, FilterBank.Stage.FRONT),
                FilterBank.design(160, 441, ResamplerQuality.TELEPHONY));
        for (FilterBank bank : banks) {
            assertThat(bank.scheduleEnds).as("%d/%d", bank.up, bank.down).hasSize(bank.up);
            long first = bank.prototypeDelay % bank.up;
            java.util.Set<Integer> offsets = new java.util.HashSet<>();
            for (int k = 0; k < bank.up; k++) {
                long position = first + (long) k * bank.down;
                assertThat(bank.scheduleEnds[k]).isEqualTo((int) (position / bank.up));
                assertThat(bank.rowOffset((int) (position % bank.up))).as("%d/%d output %d", bank.up, bank.down, k)
                        .isEqualTo(k * bank.taps);
                offsets.add(bank.rowOffset(k));
            }
            assertThat(offsets).as("every row somewhere, once").hasSize(bank.up);
        }
        FilterBank batched = FilterBank.design(3, 2, ResamplerQuality.FAST);
        assertThat(batched.scheduleEnds).isNull();
        for (int p = 0; p < 3; p++) {
            assertThat(batched.rowOffset(p)).isEqualTo(p * batched.taps);
        }
    }
}
