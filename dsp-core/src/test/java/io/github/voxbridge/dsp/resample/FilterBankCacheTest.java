package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
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
