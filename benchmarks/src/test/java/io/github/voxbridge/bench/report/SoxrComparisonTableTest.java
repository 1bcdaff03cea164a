package io.github.voxbridge.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SoxrComparisonTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode row(String benchmark, String mode, String pair, String param, String value,
            double score, double error) {
        ObjectNode r = JSON.createObjectNode();
        r.put("benchmark", "io.github.voxbridge.bench." + benchmark);
        r.put("mode", mode);
        r.putObject("params").put("pair", pair).put(param, value);
        r.putObject("primaryMetric").put("score", score).put("scoreError", error).put("scoreUnit", "ns/op");
        return r;
    }

    @Test
    void oneRowPerPairOrderedByOutputThenInputRateWithTheSpeedUpOfOurHqOverLibsoxrHq() {
        ArrayNode results = JSON.createArrayNode();
        // Upsampling pairs share their input rate: each is a row of its own, after the pairs down to 8 kHz.
        results.add(row("ResampleBench.processFloat", "avgt", "8000>48000", "quality", "hq", 1540, 116));
        results.add(row("ResampleBench.processFloat", "avgt", "8000>16000", "quality", "hq", 500, 10));
        results.add(row("SoxrResampleBench.process", "avgt", "8000>16000", "recipe", "HQ", 709, 9));
        results.add(row("ResampleBench.processFloat", "avgt", "48000>8000", "quality", "hq", 3006, 40));
        results.add(row("SoxrResampleBench.process", "avgt", "48000>8000", "recipe", "HQ", 2409, 30));
        results.add(row("ResampleBench.processFloat", "avgt", "22050>8000", "quality", "telephony", 2187.4, 12.6));
        results.add(row("ResampleBench.processFloat", "avgt", "22050>8000", "quality", "hq", 3692, 50));
        results.add(row("SoxrResampleBench.process", "avgt", "22050>8000", "recipe", "HQ", 1846, 20));
        results.add(row("SoxrResampleBench.process", "avgt", "22050>8000", "recipe", "VHQ", 2459, 20));
        // Neither of these belongs in the table: another mode, another benchmark.
        results.add(row("ResampleBench.processFloat", "sample", "22050>8000", "quality", "hq", 1, 1));
        results.add(row("ResampleBench.processShort", "avgt", "22050>8000", "quality", "hq", 1, 1));

        assertThat(SoxrComparisonTable.render(results)).isEqualTo("""
                | in → out | ours telephony | ours hq | libsoxr HQ | libsoxr VHQ | libsoxr HQ / ours hq |
                | --- | ---: | ---: | ---: | ---: | ---: |
                | 22050 → 8000 | 2,187 ± 13 | 3,692 ± 50 | 1,846 ± 20 | 2,459 ± 20 | 0.50 |
                | 48000 → 8000 | — | 3,006 ± 40 | 2,409 ± 30 | — | 0.80 |
                | 8000 → 16000 | — | 500 ± 10 | 709 ± 9 | — | 1.42 |
                | 8000 → 48000 | — | 1,540 ± 116 | — | — | — |
                """);
    }

    @Test
    void refusesWhatIsNotAJmhResultArrayOrNotInNanoseconds() {
        assertThatThrownBy(() -> SoxrComparisonTable.render(JSON.createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a JMH JSON result array");
        ArrayNode micro = JSON.createArrayNode();
        ObjectNode r = row("SoxrResampleBench.process", "avgt", "24000>8000", "recipe", "HQ", 1.4, 0.1);
        ((ObjectNode) r.get("primaryMetric")).put("scoreUnit", "us/op");
        micro.add(r);
        assertThatThrownBy(() -> SoxrComparisonTable.render(micro))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.github.voxbridge.bench.SoxrResampleBench.process [24000>8000] is in us/op, expected ns/op");
        JsonNode badPair = JSON.createArrayNode()
                .add(row("SoxrResampleBench.process", "avgt", "24k", "recipe", "HQ", 1, 0));
        assertThatThrownBy(() -> SoxrComparisonTable.render(badPair))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair \"24k\"");
    }
}
