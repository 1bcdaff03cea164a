package io.github.voxbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

class BenchmarkMainTest {

    @Test
    void everyForkGetsTheFixedHeapFirst() throws Exception {
        Options options = BenchmarkMain.withFixedHeap(new CommandLineOptions("FrameBench", "-f", "1"));
        assertThat(options.getJvmArgsPrepend().get())
                .containsExactly("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");
        assertThat(options.getForkCount().get()).isEqualTo(1);
        assertThat(options.getIncludes()).containsExactly("FrameBench");
    }

    @Test
    void aPrependGivenByTheUserIsKeptAfterTheHeapFlags() throws Exception {
        Options options = BenchmarkMain.withFixedHeap(
                new CommandLineOptions("-jvmArgsPrepend", "-Dvoxbridge.simd=scalar -Dx=1", "ResampleBench"));
        assertThat(options.getJvmArgsPrepend().get())
                .containsExactly("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-Dvoxbridge.simd=scalar", "-Dx=1");
        // The annotations' jvmArgsAppend (the vector module) is not replaced: nothing sets it here.
        assertThat(options.getJvmArgsAppend().hasValue()).isFalse();
    }

    @Test
    void recognisesAFixedPreTouchedHeapAndWhatUndoesIt() {
        assertThat(BenchmarkHeap.isFixed(BenchmarkHeap.FLAGS)).isTrue();
        assertThat(BenchmarkHeap.isFixed(List.of("-Xmx1g", "-XX:+AlwaysPreTouch", "-Xms1g", "-Dfoo"))).isTrue();
        assertThat(BenchmarkHeap.isFixed(List.of())).isFalse();
        assertThat(BenchmarkHeap.isFixed(List.of("-Xms1g", "-Xmx1g"))).isFalse();
        assertThat(BenchmarkHeap.isFixed(List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-Xmx4g"))).isFalse();
        assertThat(BenchmarkHeap.isFixed(List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:-AlwaysPreTouch")))
                .isFalse();
    }
}
