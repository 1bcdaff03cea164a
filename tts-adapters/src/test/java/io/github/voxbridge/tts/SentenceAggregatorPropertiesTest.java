package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

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

        static Sample random(Random random) {
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
                                                   Set<Integer> allowed, Random random) {
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
        private static void add(StringBuilder text, StringBuilder normal, String atom, Random random) {
            for (int i = 0; i < atom.length(); i++) {
                char c = atom.charAt(i);
                text.append(c == ' ' ? pick(random, SPACES) : String.valueOf(c));
            }
            normal.append(atom);
        }

        @Override
        public String toString() {
            return "text «" + text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "»";
        }
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    // --- properties ---

    /** Segments are the same for the whole text, one char at a time, and random splits with empty tokens. */
    @Property(tries = 500)
    void segmentationDoesNotDependOnTokenisationAndEndsWhereTheTextSays(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 90) int firstClauseChars,
            @ForAll @IntRange(min = 1, max = 90) int clauseChars) {
        Random random = new Random(seed);
        Sample sample = Sample.random(random);
        SentenceAggregator aggregator = SentenceAggregator.builder().firstClauseChars(firstClauseChars)
                .clauseChars(clauseChars).maxChars(Integer.MAX_VALUE).build();
        List<String> segments = segmentsForEveryTokenisation(aggregator, sample.text(), random);

        assertThat(normalise(sample.text())).as("the generator's own normal form").isEqualTo(sample.normal());
        assertWellFormed(segments, sample);
        Set<Integer> ends = reassemble(segments, sample);
        assertThat(ends).as("segment ends of %s: %s", sample, segments).isSubsetOf(sample.allowed())
                .containsAll(sample.mandatory());
        if (!sample.hasCjk()) {
            assertThat(String.join(" ", segments)).as("segments joined by spaces, %s", sample)
                    .isEqualTo(sample.normal());
        }
    }

    /** With small lengths the clause and hard limits cut often; the text still comes back whole, never split. */
    @Property(tries = 500)
    void smallLimitsStillGiveTheTextBack(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int firstClauseChars,
                                         @ForAll @IntRange(min = 1, max = 24) int clauseChars,
                                         @ForAll @IntRange(min = 2, max = 48) int maxChars) {
        Random random = new Random(seed);
        Sample sample = Sample.random(random);
        SentenceAggregator aggregator = SentenceAggregator.builder().firstClauseChars(firstClauseChars)
                .clauseChars(clauseChars).maxChars(maxChars).build();
        List<String> segments = segmentsForEveryTokenisation(aggregator, sample.text(), random);

        assertWellFormed(segments, sample);
        reassemble(segments, sample);
        for (String segment : segments) {
            assertThat(segment.length()).as("length of «%s»", segment)
                    .isLessThanOrEqualTo(maxChars + SentenceAggregator.LOOKAHEAD_CHARS);
        }
    }

    /** The default aggregator on the same texts: every mandatory end is there, and nothing is lost. */
    @Property(tries = 300)
    void defaultsEndEverySentence(@ForAll long seed) {
        Random random = new Random(seed);
        Sample sample = Sample.random(random);
        List<String> segments = segmentsForEveryTokenisation(new SentenceAggregator(), sample.text(), random);
        assertWellFormed(segments, sample);
        assertThat(reassemble(segments, sample)).as("segment ends of %s: %s", sample, segments)
                .containsAll(sample.mandatory());
    }

    // --- helpers ---

    private static List<String> segmentsForEveryTokenisation(SentenceAggregator aggregator, String text,
                                                             Random random) {
        List<String> whole = feed(aggregator, List.of(text));
        List<String> chars = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            chars.add(text.substring(i, i + 1));
        }
        assertThat(feed(aggregator, chars)).as("one char per token, text «%s»", text).isEqualTo(whole);
        for (int round = 0; round < 3; round++) {
            List<String> tokens = randomTokens(text, random);
            assertThat(feed(aggregator, tokens)).as("tokens %s", tokens).isEqualTo(whole);
        }
        return whole;
    }

    /** Random cut points (repeats give empty tokens); pieces of 1 to 12 chars, like LLM tokens. */
    private static List<String> randomTokens(String text, Random random) {
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
    private static Set<Integer> reassemble(List<String> segments, Sample sample) {
        Set<Integer> ends = new TreeSet<>();
        String normal = sample.normal();
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
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                space = true;
            } else {
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
