package io.github.voxbridge.tts.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.transport.http.RequestTextSplitter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestTextSplitterTest {

    @Test
    void textWithinTheLimitIsOnePieceUnchanged() {
        String text = "  Hello,\n  world.  ";
        assertThat(RequestTextSplitter.split(text, 200)).containsExactly(text);
        String exact = "x".repeat(4096);
        assertThat(RequestTextSplitter.split(exact, 4096)).containsExactly(exact);
        assertThat(RequestTextSplitter.split(" \n ", 200)).isEmpty();
    }

    @Test
    void longerTextIsCutBetweenSentencesIntoFullPiecesInOrder() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() <= 5000; i++) {
            text.append("Sentence ").append(i).append(" is about the weather, which is fine today. ");
        }
        List<String> pieces = RequestTextSplitter.split(text.toString(), 4096);
        assertThat(pieces).hasSize(2);
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
        assertThat(pieces.get(0)).endsWith("fine today.");
        assertThat(pieces.get(1)).startsWith("Sentence ");
        assertThat(pieces.get(0).length() + 1 + "Sentence 99 is about the weather, which is fine today.".length())
                .as("the first piece holds as many sentences as fit").isGreaterThan(4096);
        assertThat(String.join(" ", pieces)).isEqualTo(text.toString().strip());
    }

    @Test
    void aSentenceOverTheLimitIsCutAtWhitespaceAndNothingIsLost() {
        Random random = new Random(12);
        for (int round = 0; round < 200; round++) {
            int limit = RequestTextSplitter.MIN_LIMIT + random.nextInt(400);
            StringBuilder text = new StringBuilder();
            int length = limit + random.nextInt(5 * limit);
            while (text.length() < length) {
                int word = 1 + random.nextInt(limit / 2);
                text.append("abcdefghij".repeat(word / 10 + 1), 0, word);
                text.append(switch (random.nextInt(8)) {
                    case 0 -> ". ";
                    case 1 -> "! \"";
                    case 2 -> "\n";
                    case 3 -> "\uD83D\uDE00"; // a surrogate pair, never to be split
                    default -> " ";
                });
            }
            List<String> pieces = RequestTextSplitter.split(text.toString(), limit);
            assertThat(pieces).allSatisfy(p -> {
                assertThat(p.length()).isBetween(1, limit);
                assertThat(p).isEqualTo(p.strip());
                assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
            });
            assertThat(String.join("", pieces).replaceAll("\\s", ""))
                    .isEqualTo(text.toString().replaceAll("\\s", ""));
        }
    }

    @Test
    void aLimitTooSmallForTheLookaheadIsRefused() {
        assertThatThrownBy(() -> RequestTextSplitter.split("x", RequestTextSplitter.MIN_LIMIT - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 128 chars, was 127");
    }

    @Test
    void aByteLimitCountsUtf8BytesNotChars() {
        assertThat(RequestTextSplitter.Unit.UTF8_BYTES.length("a\u00e9\u4e2d\ud83d\ude00")).isEqualTo(1 + 2 + 3 + 4);
        assertThat(RequestTextSplitter.Unit.UTF8_BYTES.length("x\ud800y")).isEqualTo(5);
        // 3-byte characters: 2,000 chars fit a 5,000-char limit but are 6,000 bytes.
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2000; i++) {
            text.append(i == 0 ? "" : " ").append("\u4e2d\u6587\u53e5\u5b50\u3002");
        }
        String all = text.toString();
        assertThat(RequestTextSplitter.split(all, 5000)).containsExactly(all);
        List<String> pieces = RequestTextSplitter.split(all, 5000, RequestTextSplitter.Unit.UTF8_BYTES);
        assertThat(pieces).hasSizeGreaterThanOrEqualTo(2).allSatisfy(p ->
                assertThat(p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(5000));
        assertThat(String.join(" ", pieces)).isEqualTo(all);
        // One sentence with no space at all, of 4-byte characters, is still cut under the limit, pairs kept whole.
        String emoji = "\ud83d\ude00".repeat(3000);
        List<String> cut = RequestTextSplitter.split(emoji, 5000, RequestTextSplitter.Unit.UTF8_BYTES);
        assertThat(cut).allSatisfy(p -> {
            assertThat(p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(5000);
            assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
        });
        assertThat(String.join("", cut)).isEqualTo(emoji);
        assertThatThrownBy(() -> RequestTextSplitter.split("x", 383, RequestTextSplitter.Unit.UTF8_BYTES))
                .hasMessage("limit must be at least 384 bytes, was 383");
    }
}
