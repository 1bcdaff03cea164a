package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.pcm.PcmStreamDecoder;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code voxbridge encode --codec mulaw|alaw}: raw s16le samples in, one G.711 code per sample out. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Encodes raw s16le PCM from stdin to G.711 codes on stdout.",
                "",
                "Input: 16-bit little-endian mono samples at any rate (telephony uses 8000 Hz). Output: one byte per"
                        + " sample. An odd input byte count is an error (exit status 1) after all complete samples"
                        + " have been written."})
final class EncodeCommand extends StreamCommand {

    @Option(names = "--codec", required = true, paramLabel = "<codec>",
            converter = G711Codec.Converter.class, completionCandidates = G711Codec.Candidates.class,
            description = "G.711 law to encode to: ${COMPLETION-CANDIDATES}.")
    G711Codec codec;

    @Override
    void transcode(InputStream in, OutputStream out) throws IOException {
        PcmStreamDecoder pcm = new PcmStreamDecoder(SampleEncoding.S16LE);
        byte[] input = new byte[INPUT_BLOCK_BYTES];
        // An odd byte carried from the previous block can complete one extra sample.
        short[] samples = new short[(INPUT_BLOCK_BYTES + 1) / 2];
        byte[] codes = new byte[samples.length];
        SampleEncoding law = codec.encoding();
        for (int n; (n = in.read(input)) >= 0; ) {
            int count = pcm.decode(input, 0, n, samples, 0);
            law.encode(samples, 0, codes, 0, count);
            out.write(codes, 0, count);
        }
        pcm.finish();
    }
}
