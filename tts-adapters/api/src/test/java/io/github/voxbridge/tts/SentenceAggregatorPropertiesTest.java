package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The segments of a text must not depend on how it is cut into tokens, must give the text back (whitespace
 * normalised), and must end exactly where the text says: always at a sentence end or a line break, never inside a
 * decimal, time, version, URL, e-mail address or after an abbreviation, and elsewhere only at a clause mark.
 *
 * <p>Texts are built from a vocabulary of atoms that knows where each may or must be split; the whitespace between
 * and inside atoms is random (spaces, tabs, no-break and ideographic spaces, line breaks), and CJK sentences may
 * follow each other without any. Where the text has no whitespace between two segments, none is put back, so
 * "segments joined by a single space" holds exactly for texts without such CJK joins, and the general check is that
 * the normalised text is the segments, in order, each followed by the space that was there or by nothing.
 *
 * <p>Every text is also cut into tokens three more ways (one char each, and random cuts of 0 to 12 chars, empty
 * tokens included) and must give the same segments. The texts and cuts are generated from fixed seeds before the
 * tests run, so a failing case's name is its input.
 *
 * <p>Beyond the vocabulary, arbitrary Unicode text (any code unit, lone surrogates included) must keep the
 * properties that hold for any text: the same segments for every tokenisation, well formed, giving the normalised
 * text back, a segment end at every line break, no pair split, no segment longer than the hard limit plus the
 * lookahead. That runs over generated texts and as a Jazzer fuzz target, whose committed corpus {@code mvn verify}
 * replays.
 */
class SentenceAggregatorPropertiesTest {

    /** Atoms that start a sentence: none begins with a lower-case letter, so a '.' before them ends a sentence. */
    private static final String[] STARTERS = {
        "Hello", "The", "Mr. Smith", "Dr. Who", "J. R. R. Tolkien", "John F. Kennedy", "The U.S. Army", "Visit",
        "Pi", "Version", "I", "We", "\"Quoted\"", "(Aside)", "Apple", "Ms. Lee", "Prof. Plum", "St. Louis",
        "Émile", "2000",
    };

    /** Atoms inside a sentence that may not be split. */
    private static final String[] MIDDLES = {
        "and", "the", "said", "it", "e.g. Paris", "i.e. Rome", "vs. them", "Mr. Smith", "Mrs. Jones", "Ms. Lee",
        "Prof. Plum", "St. Louis", "Rev. Green", "King Jr. was", "Acme Inc. is", "Foo Ltd. has", "pears etc. and",
        "at 9 a.m. sharp", "5 p.m. today", "No. 5", "Fig. 3", "pp. 12", "Jan. 5", "the U.S. Army", "the U.K. Navy",
        "3.14", "$2.50", "3:30", "10:45", "v1.2.3", "1,000,000", "1990–2000", "well-known", "e-mail",
        "https://example.com/a.b?c=d", "www.example.com", "a.b@example.co.uk", "http://x.org/p?q=1&r=2.5",
        "🙂", "𠀀", "café", "Hello", "I", "etc. or", "Co. and", "\"why?\" asked", "“stop!” he said",
        "J. Doe", "(see above)",
    };

    /** Atoms after which a clause may end (if long enough). */
    private static final String[] CLAUSE_ENDS = {
        "first,", "second;", "note:", "—", "–", "-", "--", "wait...", "so…", "\"yes,\"", "(this),", "it,",
    };

    /** Atoms that end a sentence. */
    private static final String[] SENTENCE_ENDS = {
        "today.", "done!", "really?", "yes?!", "it.", "at 3.14.", "example.com.", "a.b@example.co.uk.", "v1.2.3.",
        "\"stop.\"", "(aside.)", "“why?”", "etc.", "Acme Inc.", "at 5 p.m.", "King Jr.", "$2.50.", "3:30.",
        "https://example.com/a.b?c=d.", "wow!!!", "in 2024.", "'no!'",
    };

    private static final String[] CJK_MIDDLES = {"今天", "天气很好", "我们", "こんにちは", "元気", "価格は３．５です", "한국어"};
    private static final String[] CJK_CLAUSE_ENDS = {"今天，", "然后、", "好的；", "注意：", "「引用」，"};
    private static final String[] CJK_SENTENCE_ENDS = {"你好。", "再见！", "真的吗？", "「你好。」", "終わり｡", "はい．", "𠀀。"};

    /** Whitespace within a line, and between sentences. */
    private static final String[] SPACES = {" ", " ", " ", "  ", "\t", "\u00A0", " \u3000", "\u2009"};
    private static final String[] BREAKS = {"\n", "\n\n", " \r\n", "\u2028", "\n \t"};

    /** A text, its normalised form, and the places in the normalised form where a segment must or may end. */
    record Sample(String text, String normal, Set<Integer> mandatory, Set<Integer> allowed, boolean hasCjk) {

        static Sample random(SplittableRandom random) {
            StringBuilder text = new StringBuilder();
            StringBuilder normal = new StringBuilder();
            Set<Integer> mandatory = new TreeSet<>();
            Set<Integer> allowed = new TreeSet<>();
            boolean hasCjk = false;
            boolean previousCjk = false;
            text.append(random.nextInt(4) == 0 ? pick(random, SPACES) : "");
            int sentences = 1 + random.nextInt(8);
            for (int s = 0; s < sentences; s++) {
                boolean cjk = random.nextInt(4) == 0;
                if (s > 0) {
                    String separator = random.nextInt(4) == 0 ? pick(random, BREAKS) : pick(random, SPACES);
                    if (previousCjk && cjk && random.nextBoolean()) {
                        separator = "";
                    }
                    text.append(separator);
                    if (!separator.isEmpty()) {
                        normal.append(' ');
                    }
                }
                if (cjk) {
                    hasCjk = true;
                    int pieces = random.nextInt(4);
                    for (int p = 0; p < pieces; p++) {
                        boolean clause = random.nextInt(3) == 0;
                        add(text, normal, pick(random, clause ? CJK_CLAUSE_ENDS : CJK_MIDDLES), random);
                        if (clause) {
                            allowed.add(normal.length());
                        }
                    }
                    add(text, normal, pick(random, CJK_SENTENCE_ENDS), random);
                } else {
                    add(text, normal, pick(random, STARTERS), random);
                    int middles = random.nextInt(10);
                    for (int m = 0; m < middles; m++) {
                        separateWithinSentence(text, normal, mandatory, allowed, random);
                        boolean clause = random.nextInt(4) == 0;
                        add(text, normal, pick(random, clause ? CLAUSE_ENDS : MIDDLES), random);
                        if (clause) {
                            allowed.add(normal.length());
                        }
                    }
                    separateWithinSentence(text, normal, mandatory, allowed, random);
                    add(text, normal, pick(random, SENTENCE_ENDS), random);
                }
                mandatory.add(normal.length());
                allowed.add(normal.length());
                previousCjk = cjk;
            }
            text.append(random.nextInt(3) == 0 ? pick(random, random.nextBoolean() ? SPACES : BREAKS) : "");
            return new Sample(text.toString(), normal.toString(), mandatory, allowed, hasCjk);
        }

        /** Whitespace between two atoms of a sentence: usually a space, sometimes a line break (a forced end). */
        private static void separateWithinSentence(StringBuilder text, StringBuilder normal, Set<Integer> mandatory,
                                                   Set<Integer> allowed, SplittableRandom random) {
            if (random.nextInt(12) == 0) {
                mandatory.add(normal.length());
                allowed.add(normal.length());
                text.append(pick(random, BREAKS));
            } else {
                text.append(pick(random, SPACES));
            }
            normal.append(' ');
        }

        /** Appends an atom, its single spaces replaced by random whitespace in the text. */
        private static void add(StringBuilder text, StringBuilder normal, String atom, SplittableRandom random) {
            for (int i = 0; i < atom.length(); i++) {
                char c = atom.charAt(i);
                text.append(c == ' ' ? pick(random, SPACES) : String.valueOf(c));
            }
            normal.append(atom);
        }

        @Override
        public String toString() {
            return "text " + shown(text);
        }
    }

    private static String pick(SplittableRandom random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** {@code s} in guillemets, line breaks, tabs and every char outside printable ASCII and Latin-1 escaped. */
    static String shown(String s) {
        StringBuilder b = new StringBuilder("«");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c >= 0x20 && c < 0x7F || c >= 0xA1 && c <= 0xFF ? String.valueOf(c)
                        : String.format("\\u%04X", (int) c));
            }
        }
        return b.append("»").toString();
    }

    // --- generated cases ---

    /** Lengths of an aggregator under test. */
    record Limits(int firstClauseChars, int clauseChars, int maxChars) {
        SentenceAggregator aggregator() {
            return SentenceAggregator.builder().firstClauseChars(firstClauseChars).clauseChars(clauseChars)
                    .maxChars(maxChars).build();
        }

        @Override
        public String toString() {
            return "first " + firstClauseChars + ", clause " + clauseChars + ", max "
                    + (maxChars == Integer.MAX_VALUE ? "none" : String.valueOf(maxChars));
        }
    }

    /** A text, the aggregator's lengths, and three random tokenisations of the text (lists of tokens). */
    record Case(Sample sample, Limits limits, List<List<String>> tokenisations) {
        @Override
        public String toString() {
            return sample + ", " + limits + ", random cuts " + tokenisations.stream().map(t -> cuts(t)).toList();
        }
    }

    /** Where the tokens of a tokenisation start, after the first: enough to rebuild it from the text. */
    static List<Integer> cuts(List<String> tokens) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        for (String t : tokens) {
            at += t.length();
            cuts.add(at);
        }
        return cuts.subList(0, Math.max(0, cuts.size() - 1));
    }

    /**
     * {@code count} cases from {@code seed}: a vocabulary text each, limits from {@code limits} (the first cases at
     * its edges), and three random tokenisations.
     */
    private static Stream<Case> cases(long seed, int count, List<Limits> edges, LimitsSource limits) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sample sample = Sample.random(random);
            Limits l = i < edges.size() ? edges.get(i) : limits.draw(random);
            List<List<String>> tokenisations = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                tokenisations.add(randomTokens(sample.text(), random));
            }
            cases.add(new Case(sample, l, tokenisations));
        }
        return cases.stream();
    }

    @FunctionalInterface
    private interface LimitsSource {
        Limits draw(SplittableRandom random);
    }

    /** 520 cases, clause lengths 1 to 90 (edges first: 1 and 90 in each combination), no hard limit. */
    static Stream<Case> anyClauseLengths() {
        int none = Integer.MAX_VALUE;
        return cases(0x5E6_0001L, 520, List.of(new Limits(1, 1, none), new Limits(90, 90, none),
                        new Limits(1, 90, none), new Limits(90, 1, none)),
                random -> new Limits(1 + random.nextInt(90), 1 + random.nextInt(90), none));
    }

    /** 520 cases with small lengths: clauses 1 to 12 and 1 to 24, hard limit 2 to 48 (edges first). */
    static Stream<Case> smallLimits() {
        return cases(0x5E6_0002L, 520, List.of(new Limits(1, 1, 2), new Limits(12, 24, 48), new Limits(1, 24, 2),
                        new Limits(12, 1, 3), new Limits(1, 1, 48)),
                random -> new Limits(1 + random.nextInt(12), 1 + random.nextInt(24), 2 + random.nextInt(47)));
    }

    /** 320 cases with the default lengths. */
    static Stream<Case> defaultLimits() {
        return cases(0x5E6_0003L, 320, List.of(), random -> new Limits(SentenceAggregator.DEFAULT_FIRST_CLAUSE_CHARS,
                SentenceAggregator.DEFAULT_CLAUSE_CHARS, SentenceAggregator.DEFAULT_MAX_CHARS));
    }

    // --- properties ---

    /** Segments are the same for the whole text, one char at a time, and random splits with empty tokens. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("anyClauseLengths")
    void segmentationDoesNotDependOnTokenisationAndEndsWhereTheTextSays(Case c) {
        Sample sample = c.sample();
        List<String> segments = segmentsForEveryTokenisation(c.limits().aggregator(), sample.text(), c.tokenisations());

        assertThat(normalise(sample.text())).as("the generator's own normal form").isEqualTo(sample.normal());
        assertWellFormed(segments, sample);
        Set<Integer> ends = reassemble(segments, sample.normal());
        assertThat(ends).as("segment ends of %s: %s", sample, segments).isSubsetOf(sample.allowed())
                .containsAll(sample.mandatory());
        if (!sample.hasCjk()) {
            assertThat(String.join(" ", segments)).as("segments joined by spaces, %s", sample)
                    .isEqualTo(sample.normal());
        }
    }

    /** With small lengths the clause and hard limits cut often; the text still comes back whole, never split. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("smallLimits")
    void smallLimitsStillGiveTheTextBack(Case c) {
        Sample sample = c.sample();
        List<String> segments = segmentsForEveryTokenisation(c.limits().aggregator(), sample.text(), c.tokenisations());

        assertWellFormed(segments, sample);
        reassemble(segments, sample.normal());
        for (String segment : segments) {
            assertThat(segment.length()).as("length of «%s»", segment)
                    .isLessThanOrEqualTo(c.limits().maxChars() + SentenceAggregator.LOOKAHEAD_CHARS);
        }
    }

    /** The default aggregator on the same texts: every mandatory end is there, and nothing is lost. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultLimits")
    void defaultsEndEverySentence(Case c) {
        Sample sample = c.sample();
        List<String> segments = segmentsForEveryTokenisation(new SentenceAggregator(), sample.text(),
                c.tokenisations());
        assertWellFormed(segments, sample);
        assertThat(reassemble(segments, sample.normal())).as("segment ends of %s: %s", sample, segments)
                .containsAll(sample.mandatory());
    }

    // --- arbitrary Unicode ---

    /** Characters the aggregator treats specially, whitespace of every kind, pairs and lone surrogates. */
    private static final String[] SPECIAL = {
        ".", ". ", "!", "?", "…", "...", ",", ";", ":", "，", "、", "。", "！", "？", "．", "｡", "-", "--", "—", "–",
        "\"", "'", "”", "’", ")", "」", "»", "(", "“", "「", "¿", "\n", "\r\n", "\u2028", "\u2029", "\u000B", "\f",
        " ", "  ", "\t", "\u00A0", "\u3000", "\u2009", "\u200B", "\uD83D\uDE00", "\uD840\uDC00", "\uD800",
        "\uDC00", "Mr", "e.g", "No", "Jan", "etc", "J", "U.S", "3", "１２", "a", "A", "é", "É", "今天", "ｶ", "한",
    };

    /** A text of 0 to 300 chars: special pieces, vocabulary atoms, and arbitrary UTF-16 code units. */
    static String arbitraryText(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(301);
        while (b.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> b.append(pick(random, SPECIAL));
                case 1 -> b.append(pick(random, random.nextBoolean() ? MIDDLES : SENTENCE_ENDS));
                case 2 -> b.append((char) random.nextInt(0x10000));
                default -> b.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return b.toString();
    }

    /** An arbitrary text, limits, and three random tokenisations. */
    record UnicodeCase(String text, Limits limits, List<List<String>> tokenisations) {
        @Override
        public String toString() {
            return "text " + shown(text) + ", " + limits + ", random cuts "
                    + tokenisations.stream().map(t -> cuts(t)).toList();
        }
    }

    /**
     * Edge texts first (empty, blanks, a lone surrogate, a pair at the hard limit, runs longer than the lookahead
     * of dots, closers, spaces and dashes, a word longer than the hard limit, CJK without punctuation), at the
     * smallest and the default limits; then 1,000 drawn texts with drawn limits.
     */
    static Stream<UnicodeCase> arbitraryTexts() {
        List<String> edges = List.of("", " ", "\n\n", ".", "\uD800", "\uDC00x", "ab\uD83D\uDE00cd",
                "x".repeat(9) + "\uD83D\uDE00", "Hi" + ".".repeat(40) + " Yes", "Stop" + "\"".repeat(40) + " yes",
                "End." + " ".repeat(40) + "Next", "Wait" + "-".repeat(40) + " on", "a".repeat(450),
                "今天天气很好".repeat(50), "a\u2028b\rc\u000Bd\fe", "J. R. R. Tolkien. 3.14. U.S. Army.");
        List<UnicodeCase> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(0x0C0D_E000L);
        for (String text : edges) {
            for (Limits l : List.of(new Limits(1, 1, 2), new Limits(SentenceAggregator.DEFAULT_FIRST_CLAUSE_CHARS,
                    SentenceAggregator.DEFAULT_CLAUSE_CHARS, SentenceAggregator.DEFAULT_MAX_CHARS))) {
                cases.add(new UnicodeCase(text, l, List.of(randomTokens(text, random), randomTokens(text, random))));
            }
        }
        for (int i = 0; i < 1000; i++) {
            String text = arbitraryText(random);
            Limits l = new Limits(1 + random.nextInt(100), 1 + random.nextInt(100), 2 + random.nextInt(299));
            List<List<String>> tokenisations = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                tokenisations.add(randomTokens(text, random));
            }
            cases.add(new UnicodeCase(text, l, tokenisations));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arbitraryTexts")
    void arbitraryUnicodeTextKeepsTheGeneralProperties(UnicodeCase c) {
        checkAnyText(c.text(), c.limits(), c.tokenisations());
    }

    /**
     * The same over texts, limits and tokens the fuzzer makes: the text from pieces it picks (special characters,
     * vocabulary atoms, arbitrary strings), then one tokenisation whose token lengths (0 to 12) it picks too.
     */
    @FuzzTest
    void anyTextAndTokenisationGiveTheSameSegments(FuzzedDataProvider data) {
        Limits limits = new Limits(data.consumeInt(1, 100), data.consumeInt(1, 100), data.consumeInt(2, 300));
        StringBuilder text = new StringBuilder();
        for (int pieces = data.consumeInt(0, 60); pieces > 0; pieces--) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> text.append(data.pickValue(SPECIAL));
                case 1 -> text.append(data.pickValue(SENTENCE_ENDS));
                case 2 -> text.append(data.pickValue(MIDDLES));
                default -> text.append(data.consumeString(8));
            }
        }
        String s = text.toString();
        List<String> tokens = new ArrayList<>();
        for (int at = 0; at < s.length(); ) {
            int rest = s.length() - at;
            int length = data.remainingBytes() > 0 ? Math.min(data.consumeInt(0, 12), rest) : rest;
            tokens.add(s.substring(at, at + length));
            at += length;
        }
        checkAnyText(s, limits, List.of(tokens));
    }

    /** The properties that hold for any text whatever: see the class comment. */
    private static void checkAnyText(String text, Limits limits, List<List<String>> tokenisations) {
        List<String> segments = segmentsForEveryTokenisation(limits.aggregator(), text, tokenisations);
        List<Integer> breaks = new ArrayList<>();
        String normal = normalise(text, breaks);
        for (String segment : segments) {
            assertThat(segment).as("segment of %s", shown(text)).isNotBlank().doesNotContain("  ");
            assertThat(isSpace(segment.charAt(0)) || isSpace(segment.charAt(segment.length() - 1)))
                    .as("«%s» is trimmed", segment).isFalse();
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                assertThat(c == ' ' || !isSpace(c)).as("«%s» has only plain spaces", segment).isTrue();
            }
            assertThat(segment.length()).as("length of «%s»", segment)
                    .isLessThanOrEqualTo(limits.maxChars() + SentenceAggregator.LOOKAHEAD_CHARS);
        }
        Set<Integer> ends = reassemble(segments, normal);
        assertThat(ends).as("segment ends in %s, segments %s", shown(normal), segments).containsAll(breaks);
        for (int end : ends) {
            if (end > 0 && end < normal.length()) {
                assertThat(Character.isHighSurrogate(normal.charAt(end - 1))
                        && Character.isLowSurrogate(normal.charAt(end)))
                        .as("a surrogate pair split at %d of %s", end, shown(normal)).isFalse();
            }
        }
    }

    // --- helpers ---

    /** Segments for the whole text, which one char per token and each of {@code tokenisations} must give too. */
    private static List<String> segmentsForEveryTokenisation(SentenceAggregator aggregator, String text,
                                                             List<List<String>> tokenisations) {
        List<String> whole = feed(aggregator, List.of(text));
        List<String> chars = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            chars.add(text.substring(i, i + 1));
        }
        assertThat(feed(aggregator, chars)).as("one char per token, text %s", shown(text)).isEqualTo(whole);
        for (List<String> tokens : tokenisations) {
            assertThat(String.join("", tokens)).as("the tokens make the text").isEqualTo(text);
            assertThat(feed(aggregator, tokens)).as("tokens cut at %s of %s", cuts(tokens), shown(text))
                    .isEqualTo(whole);
        }
        return whole;
    }

    /** Random cut points (repeats give empty tokens); pieces of 1 to 12 chars, like LLM tokens. */
    private static List<String> randomTokens(String text, SplittableRandom random) {
        List<String> tokens = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int length = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(Math.min(12, text.length() - at));
            tokens.add(text.substring(at, at + length));
            at += length;
        }
        tokens.add("");
        return tokens;
    }

    private static List<String> feed(SentenceAggregator aggregator, List<String> tokens) {
        List<String> out = new ArrayList<>();
        for (String token : tokens) {
            aggregator.accept(token, out::add);
        }
        aggregator.finish(out::add);
        return out;
    }

    private static void assertWellFormed(List<String> segments, Sample sample) {
        for (String segment : segments) {
            assertThat(segment).as("segment of %s", sample).isNotBlank().isEqualTo(segment.strip())
                    .doesNotContain("  ");
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                assertThat(c == ' ' || !isSpace(c)).as("«%s» has only plain spaces", segment).isTrue();
            }
            assertThat(Character.isLowSurrogate(segment.charAt(0))).as("«%s» starts inside a pair", segment)
                    .isFalse();
            assertThat(Character.isHighSurrogate(segment.charAt(segment.length() - 1)))
                    .as("«%s» ends inside a pair", segment).isFalse();
        }
    }

    /**
     * Lays the segments over the normalised text, each followed by the single space that was there or by
     * nothing, and returns where each one ends. Fails if anything is lost, added or reordered.
     */
    private static Set<Integer> reassemble(List<String> segments, String normal) {
        Set<Integer> ends = new TreeSet<>();
        int at = 0;
        for (String segment : segments) {
            assertThat(normal.startsWith(segment, at)).as("«%s» at %d of «%s», segments %s", segment, at, normal,
                    segments).isTrue();
            at += segment.length();
            ends.add(at);
            if (at < normal.length() && normal.charAt(at) == ' ') {
                at++;
            }
        }
        assertThat(at).as("all of «%s» in %s", normal, segments).isEqualTo(normal.length());
        return ends;
    }

    private static String normalise(String text) {
        return normalise(text, new ArrayList<>());
    }

    /**
     * {@code text} trimmed, each whitespace run one space; adds to {@code breaks} the index in the result of each
     * space that stands for a run holding a line break (where a segment must end).
     */
    private static String normalise(String text, List<Integer> breaks) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        boolean lineBreak = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                space = true;
                lineBreak |= isLineBreak(c);
            } else {
                if (space && out.length() > 0) {
                    if (lineBreak) {
                        breaks.add(out.length());
                    }
                    out.append(' ');
                }
                space = false;
                lineBreak = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Line breaks as the aggregator's class comment lists them. */
    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u2028' || c == '\u2029';
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
