import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavReader;
import io.github.voxbridge.dsp.pcm.WavWriter;
import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import java.nio.file.Path;

/**
 * Resamples a mono WAV file to another rate with voxbridge's own resampler (default preset for the rate pair) and
 * writes it as 16-bit PCM WAV. Used to make the committed test clips under testdata/speech/ (see its README):
 *
 * <pre>java --class-path dsp-core/target/classes scripts/ResampleWav.java IN.wav OUT.wav 8000</pre>
 */
public final class ResampleWav {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ResampleWav IN.wav OUT.wav OUT_RATE_HZ");
        }
        float[] in;
        int inRate;
        try (WavReader reader = WavReader.open(Path.of(args[0]))) {
            if (reader.format().channels() != 1) {
                throw new IllegalArgumentException("not mono: " + reader.format());
            }
            inRate = reader.format().sampleRate();
            in = reader.readAllFloats();
        }
        int outRate = Integer.parseInt(args[2]);
        PolyphaseResampler resampler = PolyphaseResampler.create(inRate, outRate);
        float[] out = new float[resampler.maxOutputSamplesFor(in.length) + resampler.flushSamplesBound()];
        int n = resampler.process(in, 0, in.length, out, 0);
        n += resampler.flush(out, n);
        try (WavWriter writer = WavWriter.create(Path.of(args[1]), SampleEncoding.S16LE, outRate)) {
            writer.write(out, 0, n);
        }
    }
}
