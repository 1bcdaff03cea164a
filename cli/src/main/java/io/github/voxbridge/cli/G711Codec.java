package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The value of {@code --codec}: which G.711 law the command reads or writes. */
enum G711Codec {
    MULAW(SampleEncoding.MULAW),
    ALAW(SampleEncoding.ALAW);

    private final SampleEncoding encoding;

    G711Codec(SampleEncoding encoding) {
        this.encoding = encoding;
    }

    /** How the codes are laid out: one byte per sample. */
    SampleEncoding encoding() {
        return encoding;
    }

    /** The name on the command line, e.g. {@code "mulaw"}. */
    String id() {
        return encoding.id();
    }

    static String validIds() {
        return Arrays.stream(values()).map(G711Codec::id).collect(Collectors.joining(", "));
    }

    /** Parses {@code --codec} case-insensitively; an unknown value names itself and the valid ones. */
    static final class Converter implements ITypeConverter<G711Codec> {
        @Override
        public G711Codec convert(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (G711Codec codec : values()) {
                if (codec.id().equals(wanted)) {
                    return codec;
                }
            }
            throw new TypeConversionException("unknown codec '" + value + "' (expected one of: " + validIds() + ")");
        }
    }

    /** Lists the ids for {@code --help} and shell completion. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(G711Codec::id).iterator();
        }
    }
}
