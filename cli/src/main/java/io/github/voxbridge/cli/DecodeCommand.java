package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code voxbridge decode --codec mulaw|alaw}: G.711 codes in, raw s16le samples out. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decodes G.711 codes from stdin to raw s16le PCM on stdout.",
                "",
                "Input: one byte per sample. Output: 16-bit little-endian mono samples at the input's rate."})
final class DecodeCommand extends StreamCommand {

    @Option(names = "--codec", required = true, paramLabel = "<codec>",
            converter = G711Codec.Converter.class, completionCandidates = G711Codec.Candidates.class,
            description = "G.711 law to decode from: ${COMPLETION-CANDIDATES}.")
    G711Codec codec;

    @Override
    void transcode(InputStream in, OutputStream out) throws IOException {
        byte[] codes = new byte[INPUT_BLOCK_BYTES];
        short[] samples = new short[INPUT_BLOCK_BYTES];
        byte[] pcm = new byte[2 * INPUT_BLOCK_BYTES];
        SampleEncoding law = codec.encoding();
        // One byte is one whole sample: no partial sample can be left over, so no stream decoder is needed.
        for (int n; (n = in.read(codes)) >= 0; ) {
            law.decode(codes, 0, samples, 0, n);
            SampleEncoding.S16LE.encode(samples, 0, pcm, 0, n);
            out.write(pcm, 0, 2 * n);
        }
    }
}
