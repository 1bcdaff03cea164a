package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.pcm.PcmStreamDecoder;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** {@code voxbridge resample}: raw mono samples at one rate in, the same encoding at another rate out. */
@Command(name = "resample", mixinStandardHelpOptions = true,
        description = {"Resamples raw mono PCM from stdin to stdout (Kaiser-windowed polyphase, streaming).",
                "",
                "Output has the input's encoding and exactly ceil(n * out / in) samples for n input samples,"
                        + " time-aligned with the input (the filter delay is compensated). A trailing partial"
                        + " sample is an error (exit status 1) after everything before it has been written."})
final class ResampleCommand extends StreamCommand {

    @Option(names = "--in-rate", required = true, paramLabel = "<Hz>",
            description = "Input sample rate, " + PolyphaseResampler.MIN_RATE + " to " + PolyphaseResampler.MAX_RATE
                    + " Hz.")
    int inRate;

    @Option(names = "--out-rate", required = true, paramLabel = "<Hz>",
            description = "Output sample rate, " + PolyphaseResampler.MIN_RATE + " to " + PolyphaseResampler.MAX_RATE
                    + " Hz.")
    int outRate;

    @Option(names = "--encoding", defaultValue = "s16le", paramLabel = "<encoding>",
            converter = EncodingConverter.class,
            description = "Sample encoding of input and output: s16le (default) or f32le.")
    SampleEncoding encoding;

    @Option(names = "--quality", paramLabel = "<preset>", converter = QualityConverter.class,
            description = "fast, telephony, hq or vhq. Default: telephony when --out-rate is 8000, else hq.")
    ResamplerQuality quality;

    @Override
    Simd defaultSimd() {
        return Simd.auto;
    }

    @Override
    void transcode(InputStream in, OutputStream out) throws IOException {
        PolyphaseResampler resampler;
        try {
            resampler = quality == null ? PolyphaseResampler.create(inRate, outRate)
                    : PolyphaseResampler.create(inRate, outRate, quality);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PcmStreamDecoder decoder = new PcmStreamDecoder(encoding);
        int width = encoding.bytesPerSample();
        byte[] input = new byte[INPUT_BLOCK_BYTES];
        float[] samples = new float[INPUT_BLOCK_BYTES / width + 1];
        float[] resampled = new float[resampler.outputSamplesFor(samples.length) + resampler.flushSamplesBound()
                + (int) ((long) samples.length * outRate / inRate) + 2];
        byte[] output = new byte[resampled.length * width];
        for (int n; (n = in.read(input)) >= 0; ) {
            int count = decoder.decode(input, 0, n, samples, 0);
            int produced = resampler.process(samples, 0, count, resampled, 0);
            encoding.encode(resampled, 0, output, 0, produced);
            out.write(output, 0, produced * width);
        }
        int tail = resampler.flush(resampled, 0);
        encoding.encode(resampled, 0, output, 0, tail);
        out.write(output, 0, tail * width);
        decoder.finish();
    }

    /** Accepts the encodings a resampler can carry without loss of meaning: 16-bit and float PCM. */
    static final class EncodingConverter implements ITypeConverter<SampleEncoding> {
        @Override
        public SampleEncoding convert(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            if (wanted.equals("s16le")) {
                return SampleEncoding.S16LE;
            }
            if (wanted.equals("f32le")) {
                return SampleEncoding.F32LE;
            }
            throw new TypeConversionException("unknown encoding '" + value + "' (expected s16le or f32le)");
        }
    }

    static final class QualityConverter implements ITypeConverter<ResamplerQuality> {
        @Override
        public ResamplerQuality convert(String value) {
            try {
                return ResamplerQuality.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
