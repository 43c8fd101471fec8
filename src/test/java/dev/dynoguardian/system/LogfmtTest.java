package dev.dynoguardian.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.LogfmtLine;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any text, written as a logfmt value, stays one value on one line and reads back as itself. */
class LogfmtTest {

    @Example
    void plainTokensStayBare() {
        assertThat(Logfmt.value("web.1")).isEqualTo("web.1");
        assertThat(Logfmt.value("7030b9d8-94a2-4f1c")).isEqualTo("7030b9d8-94a2-4f1c");
        assertThat(Logfmt.value("restarted:allowed")).isEqualTo("restarted:allowed");
        assertThat(Logfmt.value("5/6")).isEqualTo("5/6");
    }

    @Example
    void emptyAndNullAreEmptyQuotes() {
        assertThat(Logfmt.value("")).isEqualTo("\"\"");
        assertThat(Logfmt.value(null)).isEqualTo("\"\"");
    }

    @Example
    void everythingElseIsQuotedAndEscaped() {
        assertThat(Logfmt.value("563 MB (110% of quota)")).isEqualTo("\"563 MB (110% of quota)\"");
        assertThat(Logfmt.value("a=b")).isEqualTo("\"a=b\"");
        assertThat(Logfmt.value("say \"hi\"\\ now")).isEqualTo("\"say \\\"hi\\\"\\\\ now\"");
        assertThat(Logfmt.value("one\ntwo\rthree\tfour")).isEqualTo("\"one\\ntwo\\rthree\\tfour\"");
        assertThat(Logfmt.value("x\u0000\u001b[31m\u007f\u0085\u2028\u2029\u202e"))
                .isEqualTo("\"x\\u0000\\u001b[31m\\u007f\\u0085\\u2028\\u2029\\u202e\"");
        assertThat(Logfmt.value("caf\u00e9 \ud83d\ude80")).isEqualTo("\"caf\u00e9 \ud83d\ude80\"");
        assertThat(Logfmt.value("lone \ud83d")).isEqualTo("\"lone \\ud83d\"");
    }

    @Example
    void aValueCannotForgeAKeyOrALine() {
        String forged = "web.1 outcome=restarted\ndecision app=shop dyno=web.2 outcome=restarted";

        String line = "decision dyno=" + Logfmt.value(forged) + " outcome=skipped";

        assertThat(line).doesNotContain("\n");
        assertThat(LogfmtLine.parse(line)).containsExactly(Map.entry("decision", ""), Map.entry("dyno", forged),
                Map.entry("outcome", "skipped"));
    }

    @Property(tries = 3000)
    void anyTextReadsBackAsItselfOnOneLine(@ForAll("hostile") String text) {
        String line = "k=" + Logfmt.value(text) + " next=1";

        assertThat(line).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
        assertThat(LogfmtLine.parse(line)).containsExactly(Map.entry("k", text), Map.entry("next", "1"));
    }

    /** Text heavy in what breaks lines and pairs, mixed with anything else a Java string can hold. */
    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> nasty = Arbitraries.strings().withChars("\n\r\t\"\\= ab.-\u0000\u001f\u007f\u0085\u2028"
                + "\u2029\u202e\ud83d\ude80").ofMaxLength(40);
        return Arbitraries.oneOf(nasty, Arbitraries.strings().all().ofMaxLength(40));
    }
}
