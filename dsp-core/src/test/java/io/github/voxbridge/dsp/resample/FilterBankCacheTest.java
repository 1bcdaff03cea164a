package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The design cache behind {@link FilterBank#of}: bounded in bytes, so a server that accepts any rate pair keeps at
 * most the bound of designs however many pairs it sees; configured by {@value FilterBank#CACHE_BYTES_PROPERTY}.
 */
class FilterBankCacheTest {

    private record Design(int up, int down) {
        static Design of(int inputRate, int outputRate) {
            int g = BigInteger.valueOf(inputRate).gcd(BigInteger.valueOf(outputRate)).intValue();
            return new Design(outputRate / g, inputRate / g);
        }
    }

    private static FilterBank design(Design d) {
        return FilterBank.design(d.up(), d.down(), ResamplerQuality.TELEPHONY);
    }

    /** Distinct designs from the rates a server may be offered, to 8 and 16 kHz. */
    private static List<Design> manyDesigns() {
        int[] inputs = {8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 88_200, 96_000};
        List<Design> designs = new ArrayList<>();
        for (int output : new int[] {8_000, 16_000}) {
            for (int input : inputs) {
                Design d = Design.of(input, output);
                if (input != output && !designs.contains(d)) {
                    designs.add(d);
                }
            }
        }
        return designs;
    }

    @Test
    void manyRatePairsKeepTheCacheUnderItsBound() {
        long bound = 256 << 10;
        BoundedLruCache<Design, FilterBank> cache = new BoundedLruCache<>(bound, FilterBank::retainedBytes);
        List<Design> designs = manyDesigns();
        long designedBytes = 0;
        FilterBank first = null;
        for (Design d : designs) {
            FilterBank bank = cache.get(d, FilterBankCacheTest::design);
            first = first == null ? bank : first;
            designedBytes += bank.retainedBytes();
            assertThat(cache.bytes()).as("cached bytes after %s", d).isLessThanOrEqualTo(bound);
            assertThat(cache.keysLeastRecentFirst()).as("the newest design %s is cached", d).endsWith(d);
        }
        assertThat(designedBytes).as("bytes of all %d designs: more than the bound, or this proves nothing",
                designs.size()).isGreaterThan(2 * bound);
        assertThat(cache.size()).isLessThan(designs.size());

        // The first design was dropped long ago: asked again, it is designed again, the same numbers.
        assertThat(cache.keysLeastRecentFirst()).doesNotContain(designs.get(0));
        FilterBank again = cache.get(designs.get(0), FilterBankCacheTest::design);
        assertThat(again).isNotSameAs(first);
        assertThat(again.coefficients).isEqualTo(first.coefficients);
    }

    @Test
    void theSharedCacheHasTheConfiguredBound() {
        BoundedLruCache<?, FilterBank> shared = FilterBank.cache();
        assertThat(FilterBank.DEFAULT_CACHE_BYTES).isEqualTo(16L * 1024 * 1024);
        String property = System.getProperty(FilterBank.CACHE_BYTES_PROPERTY);
        assertThat(shared.maxBytes()).as("-D%s=%s", FilterBank.CACHE_BYTES_PROPERTY, property)
                .isEqualTo(property == null ? FilterBank.DEFAULT_CACHE_BYTES : FilterBank.cacheBytes(property));
        FilterBank.of(1, 6, ResamplerQuality.TELEPHONY);
        assertThat(shared.bytes()).isPositive().isLessThanOrEqualTo(shared.maxBytes());
    }

    @Test
    void thePropertyIsAWholeNumberOfBytes() {
        assertThat(FilterBank.cacheBytes(null)).isEqualTo(FilterBank.DEFAULT_CACHE_BYTES);
        assertThat(FilterBank.cacheBytes(" ")).isEqualTo(FilterBank.DEFAULT_CACHE_BYTES);
        assertThat(FilterBank.cacheBytes("0")).isZero();
        assertThat(FilterBank.cacheBytes(" 1048576 ")).isEqualTo(1_048_576);
        assertThat(FilterBank.cacheBytes("68719476736")).isEqualTo(64L << 30);
    }

    @Test
    void anInvalidPropertyIsReportedAndTheDefaultUsed() {
        for (String invalid : List.of("-1", "16M", "1e6", "abc", "99999999999999999999")) {
            List<LogRecord> records = capture(() ->
                    assertThat(FilterBank.cacheBytes(invalid)).as(invalid).isEqualTo(FilterBank.DEFAULT_CACHE_BYTES));
            assertThat(records).as("log of %s", invalid).hasSize(1);
            assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
            assertThat(records.get(0).getMessage())
                    .contains("-D" + FilterBank.CACHE_BYTES_PROPERTY + "=" + invalid)
                    .contains(Long.toString(FilterBank.DEFAULT_CACHE_BYTES));
        }
    }

    /** The estimate counts the coefficient table and the batch rows (a second copy for L up to 8), with headers. */
    @Test
    void retainedBytesCountsEveryTable() {
        FilterBank batched = FilterBank.design(2, 3, ResamplerQuality.TELEPHONY);
        assertThat(batched.batchRows).isNotNull();
        long batchFloats = 0;
        for (float[] row : batched.batchRows) {
            batchFloats += row.length;
        }
        long arrays = batched.tableBytes() + 4 * batchFloats;
        assertThat(batched.retainedBytes()).isBetween(arrays + 64, arrays + 1024);

        FilterBank interpolated = FilterBank.design(44_101, 48_000, ResamplerQuality.TELEPHONY);
        assertThat(interpolated.batchRows).isNull();
        assertThat(interpolated.retainedBytes())
                .isBetween(interpolated.tableBytes() + 64, interpolated.tableBytes() + 1024);
    }

    /** Unset and blank both mean the default, silently: only a value that says something else is reported. */
    @Test
    void aBlankPropertyIsTheDefaultWithoutAWarning() {
        for (String blank : new String[] {"", " ", "\t"}) {
            List<LogRecord> records = capture(() ->
                    assertThat(FilterBank.cacheBytes(blank)).isEqualTo(FilterBank.DEFAULT_CACHE_BYTES));
            assertThat(records).as("log of '%s'", blank).isEmpty();
        }
    }

    /**
     * The estimate to the byte: this object (64), then every array with its 16-byte header: the table, and for a
     * batched bank the float[][] of 4-byte references, each batch row, and the int[] of skips.
     */
    @Test
    void retainedBytesIsTheSumOfTheArraysWithTheirHeaders() {
        FilterBank batched = FilterBank.design(3, 2, ResamplerQuality.FAST);
        long expected = 64 + 16 + batched.tableBytes();
        expected += 16 + 4L * batched.batchRows.length;
        for (float[] row : batched.batchRows) {
            expected += 16 + 4L * row.length;
        }
        expected += 16 + 4L * batched.batchSkip.length;
        assertThat(batched.retainedBytes()).isEqualTo(expected);

        FilterBank exact = FilterBank.design(160, 441, ResamplerQuality.TELEPHONY);
        assertThat(exact.batchRows).isNull();
        assertThat(exact.scheduleEnds).hasSize(160);
        assertThat(exact.retainedBytes()).isEqualTo(64 + 16 + exact.tableBytes() + 2 * (16 + 4L * 160));

        FilterBank interpolated = FilterBank.design(44_101, 48_000, ResamplerQuality.TELEPHONY);
        assertThat(interpolated.scheduleEnds).as("no schedule for an interpolated bank").isNull();
    }

    /**
     * A design the shared cache does not hold yet is designed, returned and cached as the most recent key; asked
     * again, the same bank comes back. The cache is shared with every other test, so this picks the first of
     * 1/2, 1/3, ... (fast preset) that it does not hold.
     */
    @Test
    void aMissIsDesignedAndCached() {
        BoundedLruCache<?, FilterBank> shared = FilterBank.cache();
        for (int down = 2; down < 1_000; down++) {
            Set<Object> before = new HashSet<>(shared.keysLeastRecentFirst());
            FilterBank bank = FilterBank.of(1, down, ResamplerQuality.FAST);
            List<?> after = shared.keysLeastRecentFirst();
            if (new HashSet<Object>(after).equals(before)) {
                continue; // a hit
            }
            assertThat(before).as("1/%d was new", down).doesNotContain(after.get(after.size() - 1));
            assertThat(bank.up).isEqualTo(1);
            assertThat(bank.down).isEqualTo(down);
            assertThat(bank.quality).isEqualTo(ResamplerQuality.FAST);
            assertThat(bank.coefficients).isEqualTo(FilterBank.design(1, down, ResamplerQuality.FAST).coefficients);
            assertThat(FilterBank.of(1, down, ResamplerQuality.FAST)).isSameAs(bank);
            return;
        }
        throw new AssertionError("every design 1/2 .. 1/999 was already cached");
    }

    private static List<LogRecord> capture(Runnable action) {
        Logger logger = Logger.getLogger(FilterBank.class.getPackageName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean useParentHandlers = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false); // captured, not printed
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(useParentHandlers);
        }
        return records;
    }
}
