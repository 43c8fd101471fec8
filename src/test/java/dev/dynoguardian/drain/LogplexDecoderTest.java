package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.LogplexBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogplexDecoderTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00.123456Z");

    private static List<String> decode(byte[] body, int[] malformed) {
        List<String> messages = new ArrayList<>();
        LogplexDecoder.Result result = LogplexDecoder.decode(body, body.length,
                (buf, from, to, repaired) -> messages.add(new String(buf, from, to - from, StandardCharsets.UTF_8)));
        malformed[0] = result.malformed();
        assertThat(result.frames()).isEqualTo(messages.size());
        return messages;
    }

    @Test
    void splitsFramesByOctetCountIncludingTheTrailingNewline() {
        byte[] body = LogplexBody.at(AT).r14("web.1").heroku("web.2", "line with\nan embedded newline").bytes();
        int[] malformed = new int[1];

        List<String> messages = decode(body, malformed);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).endsWith("web.1 - Error R14 (Memory quota exceeded)");
        assertThat(messages.get(1)).endsWith("- line with\nan embedded newline");
        assertThat(malformed[0]).isZero();
    }

    @Test
    void countsBytesNotCharacters() {
        byte[] body = LogplexBody.at(AT).app("web.1", "héllo wörld ✓ 日本").r14("web.1").bytes();
        int[] malformed = new int[1];

        assertThat(decode(body, malformed)).hasSize(2).first().asString().endsWith("héllo wörld ✓ 日本");
        assertThat(malformed[0]).isZero();
    }

    @Test
    void toleratesFramesWhoseCountLeavesOutTheNewlineOrThatHaveNone() {
        String a = "<134>1 2026-11-21T10:00:00+00:00 host heroku web.1 - Error R14 (Memory quota exceeded)";
        String b = "<134>1 2026-11-21T10:00:01+00:00 host heroku web.2 - Error R15 (Memory quota vastly exceeded)";
        String body = a.length() + " " + a + "\n" + b.length() + " " + b;
        int[] malformed = new int[1];

        assertThat(decode(body.getBytes(StandardCharsets.UTF_8), malformed)).containsExactly(a, b);
        assertThat(malformed[0]).isZero();
    }

    @Test
    void aCorruptFrameBetweenTwoValidOnesLosesOnlyItself() {
        byte[] body = LogplexBody.at(AT).r14("web.1")
                .garbage("9999 <13>1 this count runs far past the end of the body\nand more garbage follows it\n")
                .r14("web.2").bytes();
        int[] malformed = new int[1];

        List<String> messages = decode(body, malformed);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).contains("web.1");
        assertThat(messages.get(1)).contains("web.2");
        assertThat(malformed[0]).isEqualTo(1);
    }

    @Test
    void countsOfEightDigitsOrMoreAreMalformed() {
        byte[] body = LogplexBody.at(AT).garbage("12345678 <134>1 2026-11-21T10:00:00Z host heroku web.1 - x\n")
                .r14("web.2").bytes();
        int[] malformed = new int[1];

        assertThat(decode(body, malformed)).singleElement().asString().contains("web.2");
        assertThat(malformed[0]).isEqualTo(1);
    }

    @Test
    void garbageWithoutAnyFrameIsOneMalformedStretch() {
        int[] malformed = new int[1];

        assertThat(decode("hello, this is not logplex".getBytes(StandardCharsets.UTF_8), malformed)).isEmpty();
        assertThat(malformed[0]).isEqualTo(1);
    }

    @Test
    void anEmptyBodyHasNoFrames() {
        int[] malformed = new int[1];

        assertThat(decode(new byte[0], malformed)).isEmpty();
        assertThat(malformed[0]).isZero();
    }

    @Test
    void aCountThatRunsIntoTheNextFrameIsCutAtItsOwnNewlineAndTheNextFrameKept() {
        byte[] valid = LogplexBody.at(AT).r14("web.2").bytes();
        String bad = "<134>1 2026-11-21T10:00:00+00:00 host heroku web.1 - short\n";
        byte[] body = ((bad.length() + 7) + " " + bad + new String(valid, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        int[] malformed = new int[1];

        List<String> messages = decode(body, malformed);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isEqualTo(bad.strip());
        assertThat(messages.get(1)).contains("web.2");
        assertThat(malformed[0]).isZero();
    }
}
