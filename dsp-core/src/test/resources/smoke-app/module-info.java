/**
 * A user of dsp-core, compiled and run by VectorModuleOptionalTest: on the module path it proves that the exported
 * packages are enough and that io.github.voxbridge.dsp resolves and runs without jdk.incubator.vector; on the class
 * path this descriptor is ignored.
 */
module io.github.voxbridge.smoke {
    requires io.github.voxbridge.dsp;
}
