package io.github.voxbridge.dsp.internal.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API provider. Loaded reflectively by {@link VectorizationProvider} only when the module
 * {@code jdk.incubator.vector} is present; nothing else may refer to this class.
 */
final class PanamaVectorizationProvider extends VectorizationProvider {

    private final PanamaG711Kernels g711;
    private final PanamaResampleKernels resample;

    PanamaVectorizationProvider() {
        super("module jdk.incubator.vector present, preferred species "
                + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit ("
                + FloatVector.SPECIES_PREFERRED.length() + " float lanes)");
        this.g711 = new PanamaG711Kernels();
        this.resample = new PanamaResampleKernels();
    }

    @Override
    public String name() {
        return "panama";
    }

    @Override
    public G711Kernels g711() {
        return g711;
    }

    @Override
    public ResampleKernels resample() {
        return resample;
    }

    /**
     * Float lanes of the preferred species: what {@link VectorizationProvider} checks before constructing this
     * provider, which would initialise kernel classes that need at least 256-bit vectors.
     */
    static int preferredFloatLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }
}
