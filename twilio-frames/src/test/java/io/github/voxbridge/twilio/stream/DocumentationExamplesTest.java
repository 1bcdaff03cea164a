package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java example in README.md and in the library's Javadoc is code that a test compiles and runs: it must be,
 * character for character (after removing the common indentation), a region of a test source marked the way the
 * JDK's snippet tool marks them, {@code // @start region="name"} ... {@code // @end region="name"}.
 * <ul>
 *   <li>Javadoc: an inline {@code {@snippet id="name" : ...}} must equal the region of that name (the examples'
 *       tests: {@code ResamplerExamplesTest}, {@code PcmStreamDecoderExampleTest}, {@code TtsExamplesTest},
 *       {@link TwilioExamplesTest}); a code example in {@code <pre>{@code ...}</pre>} is refused, since nothing
 *       would check it.</li>
 *   <li>README.md: each {@code ```java} block must equal some region ({@code readme-*} in
 *       {@link TwilioExamplesTest}).</li>
 * </ul>
 * Reads the sources of every module of the checkout (this test runs in twilio-frames, which depends on the others).
 */
class DocumentationExamplesTest {

    private static final Pattern REGION_START = Pattern.compile("^\\s*// @start region=\"?([\\w.-]+)\"?\\s*$");
    private static final Pattern REGION_END = Pattern.compile("^\\s*// @end(?: region=\"?([\\w.-]+)\"?)?\\s*$");
    private static final Pattern INLINE_SNIPPET = Pattern.compile("\\{@snippet\\b([^:}]*):\\s*$");
    private static final Pattern SNIPPET_ID = Pattern.compile("\\bid=\"?([\\w.-]+)\"?");
    private static final Pattern SNIPPET_REFERENCE = Pattern.compile("\\{@snippet\\b[^}]*\\bregion=\"?([\\w.-]+)\"?");

    /** The checkout: the nearest folder up from here with README.md and a pom.xml. */
    private static Path checkout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("twilio-frames"))) {
                return dir;
            }
        }
        throw new AssertionError("no checkout above " + Path.of("").toAbsolutePath());
    }

    /**
     * The Java files under {@code <module>/src/<kind>/java} of every module: the top-level ones and those one folder
     * down ({@code tts-adapters/api}, {@code tts-adapters/freetts}, ...).
     */
    private static List<Path> sources(String kind) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.walk(checkout(), 2)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/" + kind + "/java")))
                    .sorted().toList()) {
                try (Stream<Path> walk = Files.walk(module.resolve("src/" + kind + "/java"))) {
                    walk.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines without the indentation they all share; blank lines become empty. */
    static String dedent(List<String> lines) {
        int common = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(common).stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** Every region of every test source, by name; a name used twice is an error. */
    static Map<String, String> regions() {
        Map<String, String> regions = new TreeMap<>();
        for (Path file : sources("test")) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher start = REGION_START.matcher(lines.get(i));
                if (!start.matches()) {
                    continue;
                }
                String name = start.group(1);
                int end = i + 1;
                while (end < lines.size() && !endsRegion(lines.get(end), name)) {
                    end++;
                }
                assertThat(end).as("%s:%d: region %s has no @end", file, i + 1, name).isLessThan(lines.size());
                String previous = regions.put(name, dedent(lines.subList(i + 1, end)));
                assertThat(previous).as("region %s defined twice (again in %s)", name, file).isNull();
            }
        }
        return regions;
    }

    private static boolean endsRegion(String line, String name) {
        Matcher end = REGION_END.matcher(line);
        return end.matches() && (end.group(1) == null || end.group(1).equals(name));
    }

    /** Inline snippets of one main source: id and body (the doc comment's leading {@code *} removed). */
    static Map<String, String> inlineSnippets(Path file) {
        Map<String, String> snippets = new TreeMap<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher snippet = INLINE_SNIPPET.matcher(lines.get(i));
            if (!snippet.find()) {
                continue;
            }
            Matcher id = SNIPPET_ID.matcher(snippet.group(1));
            assertThat(id.find()).as("%s:%d: an inline snippet needs id=\"...\" naming its test region", file, i + 1)
                    .isTrue();
            // The body runs to the brace that closes the tag: javadoc requires the braces inside to balance.
            List<String> body = new ArrayList<>();
            int depth = 0;
            int j = i + 1;
            for (; j < lines.size(); j++) {
                String line = lines.get(j).replaceFirst("^\\s*\\*( |$)", "");
                int closing = closingBrace(line, depth);
                if (closing >= 0) {
                    assertThat(line.substring(0, closing)).as("%s:%d: the snippet's closing brace stands alone",
                            file, j + 1).isBlank();
                    break;
                }
                depth += count(line, '{') - count(line, '}');
                body.add(line);
            }
            assertThat(j).as("%s:%d: snippet %s is not closed", file, i + 1, id.group(1)).isLessThan(lines.size());
            snippets.put(id.group(1) + " (" + file.getFileName() + ":" + (i + 1) + ")", dedent(body));
        }
        return snippets;
    }

    /** Index in {@code line} of the brace that brings {@code depth} below zero, or -1. */
    private static int closingBrace(String line, int depth) {
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth < 0) {
                return k;
            }
        }
        return -1;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    @Test
    void everyJavadocSnippetIsATestRegion() {
        Map<String, String> regions = regions();
        int checked = 0;
        for (Path file : sources("main")) {
            for (Map.Entry<String, String> snippet : inlineSnippets(file).entrySet()) {
                String id = snippet.getKey().substring(0, snippet.getKey().indexOf(' '));
                assertThat(regions).as("%s: a test region named %s", snippet.getKey(), id).containsKey(id);
                assertThat(snippet.getValue()).as("%s: the Javadoc snippet against its test region", snippet.getKey())
                        .isEqualTo(regions.get(id));
                checked++;
            }
            for (String line : lines(file)) {
                Matcher reference = SNIPPET_REFERENCE.matcher(line);
                if (reference.find()) {
                    assertThat(regions).as("%s: {@snippet ... region=%s}", file, reference.group(1))
                            .containsKey(reference.group(1));
                    checked++;
                }
            }
        }
        // The examples of PolyphaseResampler, TelephonyEncoder, PcmStreamDecoder, TtsEngine, SentenceAggregator,
        // TwilioTtsStream, MediaMessages, OutboundPlayer and TextTransport: none may silently stop being checked.
        assertThat(checked).as("Javadoc snippets checked").isGreaterThanOrEqualTo(9);
    }

    @Test
    void noJavadocCodeExampleEscapesTheCheck() {
        List<String> unchecked = new ArrayList<>();
        for (Path file : sources("main")) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("<pre>{@code")) {
                    unchecked.add(file.getFileName() + ":" + (i + 1));
                }
            }
        }
        assertThat(unchecked).as("code examples in <pre>{@code}: write them as {@snippet id=...} with a test region")
                .isEmpty();
    }

    /** The {@code ```java} blocks of README.md. */
    static List<String> readmeJavaBlocks() {
        List<String> blocks = new ArrayList<>();
        List<String> lines = lines(checkout().resolve("README.md"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```java")) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                blocks.add(dedent(lines.subList(i + 1, end)));
                i = end;
            }
        }
        return blocks;
    }

    @Test
    void everyReadmeJavaBlockIsATestRegion() {
        Map<String, String> regions = regions();
        List<String> blocks = readmeJavaBlocks();
        assertThat(blocks).as("README.md's Java examples").isNotEmpty();
        for (String block : blocks) {
            assertThat(regions.values()).as("README.md block, which no test region matches:%n%s", block)
                    .contains(block);
        }
    }

    @Test
    void dedentKeepsRelativeIndentationAndBlankLines() {
        assertThat(dedent(List.of("    a {", "", "        b;", "    }  "))).isEqualTo("a {\n\n    b;\n}\n");
    }
}
