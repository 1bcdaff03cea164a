package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SentenceAggregatorTest {

    /** Segments of {@code text} fed in one piece, then one char at a time: both must agree. */
    private static List<String> segments(SentenceAggregator aggregator, String text) {
        List<String> whole = new ArrayList<>();
        aggregator.accept(text, whole::add);
        aggregator.finish(whole::add);
        List<String> chars = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            aggregator.accept(text.substring(i, i + 1), chars::add);
        }
        aggregator.finish(chars::add);
        assertThat(chars).as("one char at a time, %s", text).isEqualTo(whole);
        return whole;
    }

    private static List<String> segments(String text) {
        return segments(new SentenceAggregator(), text);
    }

    // --- latency: exactly when the first segment comes out ---

    @Test
    void firstSentenceIsEmittedByTheCharAfterTheSpaceWhenItIsACapital() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        String text = "Hello there. How are you";
        int emittedAt = -1;
        for (int i = 0; i < text.length(); i++) {
            aggregator.accept(text.substring(i, i + 1), out::add);
            if (emittedAt < 0 && !out.isEmpty()) {
                emittedAt = i;
            }
        }
        // "Hello there." ends at index 11, the space is 12, the 'H' of "How" is 13: that call emits it.
        assertThat(emittedAt).isEqualTo(text.indexOf("How"));
        assertThat(out).containsExactly("Hello there.");
        aggregator.finish(out::add);
        assertThat(out).containsExactly("Hello there.", "How are you");
    }

    @Test
    void firstSentenceIsEmittedByTheTokenThatBringsTheCapital() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        aggregator.accept("Hello", out::add);
        aggregator.accept(" there", out::add);
        aggregator.accept(".", out::add);
        assertThat(out).as("a '.' at the end of the buffer waits for the next char").isEmpty();
        aggregator.accept(" ", out::add);
        assertThat(out).as("'. ' still waits for the first visible char after the space").isEmpty();
        aggregator.accept("How", out::add);
        assertThat(out).containsExactly("Hello there.");
        assertThat(aggregator.pendingChars()).as("\"How\" is pending").isEqualTo(3);
    }

    @Test
    void exclamationAndQuestionMarksAreEmittedWhenTheSpaceArrives() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        aggregator.accept("Great!", out::add);
        assertThat(out).isEmpty();
        aggregator.accept(" ", out::add);
        assertThat(out).containsExactly("Great!");
        aggregator.accept("Really?", out::add);
        aggregator.accept(" ", out::add);
        assertThat(out).containsExactly("Great!", "Really?");
    }

    @Test
    void cjkStopIsEmittedWhenTheNextCharArrives() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        aggregator.accept("你好。", out::add);
        assertThat(out).as("a closing 」 could still follow").isEmpty();
        aggregator.accept("今", out::add);
        assertThat(out).containsExactly("你好。");
    }

    @Test
    void sentenceWithATitleEndsAtItsOwnPeriod() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        aggregator.accept("Ask Mr. ", out::add);
        aggregator.accept("Smith. ", out::add);
        assertThat(out).isEmpty();
        aggregator.accept("He", out::add);
        assertThat(out).containsExactly("Ask Mr. Smith.");
    }

    @Test
    void lineBreakEmitsAtOnce() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        aggregator.accept("A heading", out::add);
        aggregator.accept("\n", out::add);
        assertThat(out).containsExactly("A heading");
    }

    @Test
    void finishDecidesAWaitingPeriodAsAnEnd() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        aggregator.accept("It costs $2.", out::add);
        assertThat(out).isEmpty();
        aggregator.finish(out::add);
        assertThat(out).containsExactly("It costs $2.");
    }

    // --- sentence ends and what doesn't end a sentence ---

    static Stream<Arguments> segmentations() {
        return Stream.of(
                // plain sentence ends
                Arguments.of("Hello there. How are you? Fine! Good.",
                        List.of("Hello there.", "How are you?", "Fine!", "Good.")),
                Arguments.of("Wait?! Really?? Yes.", List.of("Wait?!", "Really??", "Yes.")),
                // titles and Latin abbreviations never end a sentence
                Arguments.of("Mr. Smith met Mrs. Jones and Ms. Lee. Then Dr. Who arrived.",
                        List.of("Mr. Smith met Mrs. Jones and Ms. Lee.", "Then Dr. Who arrived.")),
                Arguments.of("Prof. Plum lives on St. James St. Louis is far.",
                        List.of("Prof. Plum lives on St. James St. Louis is far.")),
                Arguments.of("Roe v. Wade and Ali vs. Frazier. Next.",
                        List.of("Roe v. Wade and Ali vs. Frazier.", "Next.")),
                Arguments.of("Fruit, e.g. Apples, i.e. Red ones. Done.",
                        List.of("Fruit, e.g. Apples, i.e. Red ones.", "Done.")),
                Arguments.of("See e.g., the docs. Done.", List.of("See e.g., the docs.", "Done.")),
                // initials and dotted acronyms in capitals
                Arguments.of("J. R. R. Tolkien wrote it. John F. Kennedy read it.",
                        List.of("J. R. R. Tolkien wrote it.", "John F. Kennedy read it.")),
                Arguments.of("The U.S. Army and the U.K. Navy met. Then lunch.",
                        List.of("The U.S. Army and the U.K. Navy met.", "Then lunch.")),
                // abbreviations that may end a sentence: lower case after them continues it
                Arguments.of("Martin Luther King Jr. was born in 1929. His father Sr. was too.",
                        List.of("Martin Luther King Jr. was born in 1929.", "His father Sr. was too.")),
                Arguments.of("Apples, pears, etc. and plums. Acme Inc. is big. Foo Ltd. has staff.",
                        List.of("Apples, pears, etc. and plums.", "Acme Inc. is big.", "Foo Ltd. has staff.")),
                Arguments.of("I work at Acme Inc. It is great.", List.of("I work at Acme Inc.", "It is great.")),
                Arguments.of("Apples, pears, etc. Then plums.", List.of("Apples, pears, etc.", "Then plums.")),
                Arguments.of("Meet at 9 a.m. tomorrow or 5 p.m. today. Bye.",
                        List.of("Meet at 9 a.m. tomorrow or 5 p.m. today.", "Bye.")),
                Arguments.of("Meet at 5 p.m. Then dinner.", List.of("Meet at 5 p.m.", "Then dinner.")),
                // number prefixes before a digit, list markers
                Arguments.of("See No. 5 and Fig. 3 on pp. 12 from Jan. 5 onwards. Done.",
                        List.of("See No. 5 and Fig. 3 on pp. 12 from Jan. 5 onwards.", "Done.")),
                Arguments.of("I said no. 5 is odd.", List.of("I said no. 5 is odd.")),
                Arguments.of("1. Open the app.\n2. Tap Start.", List.of("1. Open the app.", "2. Tap Start.")),
                Arguments.of("It was 1999. 2000 came next.", List.of("It was 1999.", "2000 came next.")),
                // numbers, times, versions
                Arguments.of("Pi is 3.14 and tea costs $2.50. Next.", List.of("Pi is 3.14 and tea costs $2.50.",
                        "Next.")),
                Arguments.of("It costs $2.50. Then 3.5. Done.", List.of("It costs $2.50.", "Then 3.5.", "Done.")),
                Arguments.of("Meet at 3:30 today. Or 10:45. Bye.", List.of("Meet at 3:30 today.", "Or 10:45.", "Bye.")),
                Arguments.of("Upgrade to v1.2.3 now. Version 2.0.1. Done.",
                        List.of("Upgrade to v1.2.3 now.", "Version 2.0.1.", "Done.")),
                Arguments.of("We sold 1,000,000 units in 1990–2000. Wow.",
                        List.of("We sold 1,000,000 units in 1990–2000.", "Wow.")),
                // ellipses are pauses, not ends
                Arguments.of("Wait... What? Hmm… Okay. Fine.", List.of("Wait... What?", "Hmm… Okay.", "Fine.")),
                Arguments.of("Well.... So. Yes.", List.of("Well.... So.", "Yes.")),
                // URLs and e-mail addresses
                Arguments.of("Visit https://example.com/a.b?c=d today. Or www.example.com. Mail a.b@example.co.uk now.",
                        List.of("Visit https://example.com/a.b?c=d today.", "Or www.example.com.",
                                "Mail a.b@example.co.uk now.")),
                Arguments.of("Go to https://example.com/a.b?c=d. Then wait.",
                        List.of("Go to https://example.com/a.b?c=d.", "Then wait.")),
                Arguments.of("Is it example.com? Yes. Write to a.b@example.co.uk. Thanks.",
                        List.of("Is it example.com?", "Yes.", "Write to a.b@example.co.uk.", "Thanks.")),
                // closing quotes and brackets belong to the sentence
                Arguments.of("He said \"Stop.\" Then he left.", List.of("He said \"Stop.\"", "Then he left.")),
                Arguments.of("(Like this.) And this. 'Yes!' she said.",
                        List.of("(Like this.)", "And this.", "'Yes!' she said.")),
                Arguments.of("He asked “Why?” Nobody knew.", List.of("He asked “Why?”", "Nobody knew.")),
                Arguments.of("\"Stop!\" he said. \"Why?\" I asked! Fine.",
                        List.of("\"Stop!\" he said.", "\"Why?\"", "I asked!", "Fine.")),
                Arguments.of("Done.) Next.", List.of("Done.)", "Next.")),
                Arguments.of("It ended. \"Why\" she asked.", List.of("It ended.", "\"Why\" she asked.")),
                // CJK: no spaces needed, full-width forms, closers
                Arguments.of("你好。今天天气很好！你呢？", List.of("你好。", "今天天气很好！", "你呢？")),
                Arguments.of("「你好。」他说。", List.of("「你好。」", "他说。")),
                Arguments.of("こんにちは。元気ですか？はい！", List.of("こんにちは。", "元気ですか？", "はい！")),
                Arguments.of("半角｡全角．終わり", List.of("半角｡", "全角．", "終わり")),
                Arguments.of("価格は３．５です。はい。", List.of("価格は３．５です。", "はい。")),
                Arguments.of("Hello. 你好。OK! 好!再见", List.of("Hello.", "你好。", "OK!", "好!", "再见")),
                Arguments.of("안녕하세요. 반갑습니다.", List.of("안녕하세요.", "반갑습니다.")),
                // paragraphs and line breaks
                Arguments.of("First paragraph\n\nSecond paragraph\r\nThird", List.of("First paragraph",
                        "Second paragraph", "Third")),
                Arguments.of("Dear Mr.\nSmith", List.of("Dear Mr.", "Smith")),
                // whitespace
                Arguments.of("  Lots   of\tspace .  Here\u00A0too.  ", List.of("Lots of space .", "Here too.")),
                Arguments.of("End of input without a stop", List.of("End of input without a stop")));
    }

    @ParameterizedTest
    @MethodSource("segmentations")
    void segmentsAsExpected(String text, List<String> expected) {
        assertThat(segments(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n", " \t\u00A0\u3000\r\n "})
    void whitespaceOnlyInputEmitsNothing(String text) {
        assertThat(segments(text)).isEmpty();
    }

    @Test
    void emptyTokensChangeNothing() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        for (String token : new String[] {"", "Hi", "", ".", "", " ", "", "Yo", ""}) {
            aggregator.accept(token, out::add);
        }
        aggregator.finish(out::add);
        assertThat(out).containsExactly("Hi.", "Yo");
    }

    // --- long clauses ---

    @Test
    void longFirstClauseIsEmittedAtTheFirstCommaAfterTwentyFourChars() {
        String text = "Sure, let me think about that, because the answer depends on a few things; first, the "
                + "weather: it changes fast — and second - the time of day, which matters too.";
        assertThat(segments(text)).containsExactly(
                "Sure, let me think about that,",
                "because the answer depends on a few things; first, the weather:",
                "it changes fast — and second - the time of day, which matters too.");
    }

    @Test
    void laterClausesNeedSixtyChars() {
        String text = "Yes. I looked at your question about the schedule, and the short answer is, "
                + "it depends on the train you take, the day of the week, and the season.";
        assertThat(segments(text)).containsExactly(
                "Yes.",
                "I looked at your question about the schedule, and the short answer is,",
                "it depends on the train you take, the day of the week, and the season.");
    }

    @Test
    void shortClausesStayTogether() {
        assertThat(segments("Yes, I can: sure; ok - fine.")).containsExactly("Yes, I can: sure; ok - fine.");
    }

    @Test
    void clauseLengthsAreConfigurable() {
        SentenceAggregator aggregator = SentenceAggregator.builder().firstClauseChars(5).clauseChars(10).build();
        assertThat(segments(aggregator, "Well, hmm, this is it, really, yes; no: maybe… ok -- fine — end."))
                .containsExactly("Well,", "hmm, this is it,", "really, yes;", "no: maybe…", "ok -- fine —", "end.");
    }

    @Test
    void commasInsideNumbersAndTimesDoNotSplitLongClauses() {
        SentenceAggregator aggregator = SentenceAggregator.builder().firstClauseChars(1).clauseChars(1).build();
        assertThat(segments(aggregator, "We sold 1,000,000 units at 3:30 via https://x.org/a,b;c and well-known"))
                .containsExactly("We sold 1,000,000 units at 3:30 via https://x.org/a,b;c and well-known");
        assertThat(segments(aggregator, "Note: one, two; three")).containsExactly("Note:", "one,", "two;", "three");
    }

    @Test
    void closingQuotesAfterACommaBelongToTheClause() {
        SentenceAggregator aggregator = SentenceAggregator.builder().firstClauseChars(1).build();
        assertThat(segments(aggregator, "\"Yes,\" he said")).containsExactly("\"Yes,\"", "he said");
    }

    @Test
    void cjkClauseMarksSplitLongClausesWithoutSpaces() {
        SentenceAggregator aggregator = SentenceAggregator.builder().firstClauseChars(4).clauseChars(4).build();
        assertThat(segments(aggregator, "今天天气很好，我们去公园、然后吃饭；好吗"))
                .containsExactly("今天天气很好，", "我们去公园、", "然后吃饭；", "好吗");
    }

    // --- the hard limit ---

    @Test
    void textWithoutAnyEndIsCutAtTheLastSpaceBeforeTheLimit() {
        SentenceAggregator aggregator = SentenceAggregator.builder().maxChars(20).build();
        assertThat(segments(aggregator, "one two three four five six seven eight nine ten"))
                .containsExactly("one two three four", "five six seven eight", "nine ten");
    }

    @Test
    void defaultLimitCutsRunOnTextAtTwoHundredChars() {
        String text = "word ".repeat(100).trim();
        List<String> segments = segments(text);
        assertThat(segments).hasSize(3);
        assertThat(segments.get(0)).hasSize(199).endsWith("word");
        assertThat(String.join(" ", segments)).isEqualTo(text);
    }

    @Test
    void textWithoutSpacesIsCutAtTheLimitButNeverInsideASurrogatePair() {
        SentenceAggregator aggregator = SentenceAggregator.builder().maxChars(5).build();
        assertThat(segments(aggregator, "一二三四五六七八九十十一")).containsExactly("一二三四五", "六七八九十", "十一");
        // each emoji is two chars: a cut at 5 would split the third one
        assertThat(segments(aggregator, "🙂🙂🙂🙂🙂")).containsExactly("🙂🙂", "🙂🙂", "🙂");
    }

    @Test
    void pathologicalRunsAreDecidedAfterTheLookahead() {
        SentenceAggregator aggregator = SentenceAggregator.builder().maxChars(50).build();
        List<String> out = new ArrayList<>();
        aggregator.accept("Hmm", out::add);
        for (int i = 0; i < 10_000; i++) {
            aggregator.accept(".", out::add);
        }
        assertThat(aggregator.pendingChars()).isLessThanOrEqualTo(50 + 2 * SentenceAggregator.LOOKAHEAD_CHARS);
        aggregator.finish(out::add);
        assertThat(String.join("", out)).isEqualTo("Hmm" + ".".repeat(10_000));

        out.clear();
        aggregator.accept("End.", out::add);
        for (int i = 0; i < 10_000; i++) {
            aggregator.accept(" ", out::add);
        }
        assertThat(out).containsExactly("End.");
        assertThat(aggregator.pendingChars()).isZero();
    }

    // --- lifecycle and configuration ---

    @Test
    void finishResetsSoTheNextStreamHasAFirstSegmentAgain() {
        SentenceAggregator aggregator = new SentenceAggregator();
        String clause = "This clause is long enough to go, and this is the rest";
        assertThat(segments(aggregator, clause)).containsExactly("This clause is long enough to go,",
                "and this is the rest");
        assertThat(segments(aggregator, clause)).containsExactly("This clause is long enough to go,",
                "and this is the rest");
    }

    @Test
    void resetDropsPendingText() {
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        aggregator.accept("Interrupted mid sent", out::add);
        aggregator.reset();
        aggregator.accept("Fresh start.", out::add);
        aggregator.finish(out::add);
        assertThat(out).containsExactly("Fresh start.");
    }

    @Test
    void defaults() {
        SentenceAggregator aggregator = new SentenceAggregator();
        assertThat(aggregator.firstClauseChars()).isEqualTo(24);
        assertThat(aggregator.clauseChars()).isEqualTo(60);
        assertThat(aggregator.maxChars()).isEqualTo(200);
    }

    @Test
    void invalidLengthsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> SentenceAggregator.builder().firstClauseChars(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("firstClauseChars must be at least 1, got 0");
        assertThatThrownBy(() -> SentenceAggregator.builder().clauseChars(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clauseChars must be at least 1, got -3");
        assertThatThrownBy(() -> SentenceAggregator.builder().maxChars(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChars must be at least 2 (a surrogate pair), got 1");
    }

    @Test
    void nullArgumentsAreRejected() {
        SentenceAggregator aggregator = new SentenceAggregator();
        assertThatThrownBy(() -> aggregator.accept(null, s -> { })).isInstanceOf(NullPointerException.class)
                .hasMessage("token");
        assertThatThrownBy(() -> aggregator.accept("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("out");
    }
}
