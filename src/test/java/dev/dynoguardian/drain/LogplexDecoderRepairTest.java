package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tolerant framing: a wrong octet count is repaired only where the frame's end is unambiguous. */
class LogplexDecoderRepairTest {

    private static final String R14 = "<134>1 2026-11-21T10:00:00+00:00 host heroku web.1 - Error R14 (Memory quota exceeded)";
    private static final String SAMPLE = "<134>1 2026-11-21T10:00:00+00:00 host heroku web.3 - source=web.3 "
            + "dyno=heroku.15253441.8c2d4a5e-0d7e-4f3b-9a1c-2e6f0b7d9a41 sample#memory_total=768.00MB "
            + "sample#memory_rss=1.25MB sample#memory_quota=512.00MB";

    /** One frame the handler received. */
    private record Frame(String message, boolean repaired) {
    }

    private final List<Frame> frames = new ArrayList<>();

    private LogplexDecoder.Result decode(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        LogplexDecoder.Result result = LogplexDecoder.decode(bytes, bytes.length, (buf, from, to, repaired) ->
                frames.add(new Frame(new String(buf, from, to - from, StandardCharsets.UTF_8), repaired)));
        assertThat(result.frames()).isEqualTo(frames.size());
        assertThat(result.repaired()).isEqualTo((int) frames.stream().filter(Frame::repaired).count());
        return result;
    }

    /** A frame whose count is {@code delta} bytes off the exact count of {@code message} plus its newline. */
    private static String miscounted(String message, int delta) {
        return (message.length() + 1 + delta) + " " + message + "\n";
    }

    private static String exact(String message) {
        return miscounted(message, 0);
    }

    @Test
    void aCountTwoBytesShortIsStretchedToTheEndOfItsLine() {
        LogplexDecoder.Result result = decode(miscounted(SAMPLE, -2) + exact(R14));

        assertThat(frames).containsExactly(new Frame(SAMPLE, true), new Frame(R14, false));
        assertThat(result.malformed()).isZero();
    }

    @Test
    void aShortCountAtTheEndOfTheBodyIsStretchedToo() {
        decode(exact(R14) + miscounted(SAMPLE, -2));

        assertThat(frames).containsExactly(new Frame(R14, false), new Frame(SAMPLE, true));
    }

    @Test
    void aShortCountEndingAtADigitInsideAValueNeverTruncatesTheValue() {
        String cut = SAMPLE.substring(0, SAMPLE.indexOf("768.00MB") + 1);
        decode(cut.length() + " " + SAMPLE + "\n" + exact(R14));

        assertThat(frames).containsExactly(new Frame(SAMPLE, true), new Frame(R14, false));
    }

    @Test
    void aShortCountWithAFrameStartLaterOnItsLineIsTakenAsCountedAndTheStartResumed() {
        String second = "<134>1 2026-11-21T10:00:01+00:00 host heroku web.2 - Restarting";
        String line = "<134>1 2026-11-21T10:00:00+00:00 host heroku web.1 - Cycling";
        decode((line.length() - 2) + " " + line + " junk " + second.length() + " " + second + "\n" + exact(R14));

        assertThat(frames).containsExactly(new Frame(line.substring(0, line.length() - 2), true),
                new Frame(second, false), new Frame(R14, false));
    }

    @Test
    void anOverlongCountIsCutAtItsNewlineWhenAFrameFollows() {
        LogplexDecoder.Result result = decode(miscounted(R14, 40) + exact(SAMPLE));

        assertThat(frames).containsExactly(new Frame(R14, true), new Frame(SAMPLE, false));
        assertThat(result.malformed()).isZero();
    }

    @Test
    void aCountPastTheEndOfTheBodyIsCutAtTheLastNewline() {
        decode(exact(SAMPLE) + miscounted(R14, 500));

        assertThat(frames).containsExactly(new Frame(SAMPLE, false), new Frame(R14, true));
    }

    @Test
    void aFrameCutOffByTheEndOfTheBodyIsMalformed() {
        LogplexDecoder.Result result = decode(exact(R14) + "500 " + SAMPLE);

        assertThat(frames).containsExactly(new Frame(R14, false));
        assertThat(result.malformed()).isEqualTo(1);
    }

    @Test
    void anOverlongCountFollowedByGarbageIsMalformedAndTheNextFrameStillFound() {
        LogplexDecoder.Result result = decode(miscounted(R14, 90) + "not a frame\n" + exact(SAMPLE));

        assertThat(frames).containsExactly(new Frame(SAMPLE, false));
        assertThat(result.malformed()).isEqualTo(1);
    }

    @Test
    void aCountEndingBeforeADigitThatStartsNoFrameIsNotBelieved() {
        String message = "<134>1 2026-11-21T10:00:00+00:00 host heroku web.1 - status=200";
        decode((message.length() - 2) + " " + message + "\n" + exact(R14));

        assertThat(frames).containsExactly(new Frame(message, true), new Frame(R14, false));
    }

    @Test
    void exactCountsAreNeverRepairs() {
        String endsInDigit = "<134>1 2026-11-21T10:00:00+00:00 host heroku router - status=200";
        String multiLine = "<134>1 2026-11-21T10:00:00+00:00 host app web.1 - first line\nsecond line";
        LogplexDecoder.Result result = decode(endsInDigit.length() + " " + endsInDigit + exact(R14)
                + R14.length() + " " + R14 + "\nstray text after a count without its newline\n"
                + exact(multiLine) + "more stray text\n" + exact(SAMPLE));

        assertThat(frames).containsExactly(new Frame(endsInDigit, false), new Frame(R14, false),
                new Frame(R14, false), new Frame(multiLine, false), new Frame(SAMPLE, false));
        assertThat(result.malformed()).isEqualTo(2);
    }
}
