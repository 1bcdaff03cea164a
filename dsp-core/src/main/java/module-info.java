/**
 * voxbridge DSP: G.711 codecs ({@code codec}), PCM sample formats, streaming decoding and WAV files ({@code pcm}),
 * and resamplers ({@code resample}). Depends on nothing but {@code java.base}.
 *
 * <p>{@code io.github.voxbridge.dsp.internal.simd} (the kernels and the provider that picks them) is not exported.
 * The Vector API kernels in it are optional: this module does not require {@code jdk.incubator.vector}, so it
 * resolves without it and runs the scalar kernels. Started with {@code --add-modules jdk.incubator.vector}, the
 * provider finds the module, adds a read edge to it at run time and loads the vector kernels; either way it logs
 * one INFO line saying which kernels run and why.
 *
 * <p>Packages depend downwards only, checked by a test: {@code resample} on {@code pcm}, {@code codec} and the
 * kernels; {@code pcm} on {@code codec} and the kernels; {@code codec} on the kernels; the kernels on nothing.
 */
module io.github.voxbridge.dsp {
    exports io.github.voxbridge.dsp.codec;
    exports io.github.voxbridge.dsp.pcm;
    exports io.github.voxbridge.dsp.resample;
}
