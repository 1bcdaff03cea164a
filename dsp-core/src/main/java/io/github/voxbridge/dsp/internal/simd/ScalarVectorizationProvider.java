package io.github.voxbridge.dsp.internal.simd;

/** The portable provider: table-driven scalar kernels, correct on any JVM. */
final class ScalarVectorizationProvider extends VectorizationProvider {

    ScalarVectorizationProvider(String reason) {
        super(reason);
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public G711Kernels g711() {
        return ScalarG711Kernels.INSTANCE;
    }

    @Override
    public ResampleKernels resample() {
        return ScalarResampleKernels.INSTANCE;
    }
}
