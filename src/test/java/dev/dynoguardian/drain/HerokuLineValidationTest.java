package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.drain.HerokuEvent.Lifecycle;
import dev.dynoguardian.drain.HerokuEvent.MemorySample;
import dev.dynoguardian.drain.HerokuEvent.RouterRequest;
import dev.dynoguardian.support.LogplexBody;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Forged platform lines: every dyno name, state, incarnation and code put into an event has been checked. */
class HerokuLineValidationTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");
    private static final String UUID = "cfe2c338-81f4-40d4-bfb2-13f4e5e31fce";

    private final BatchDecoder decoder = new BatchDecoder(false);

    private BatchDecoder.Decoded decode(Function<LogplexBody, LogplexBody> lines) {
        byte[] body = lines.apply(LogplexBody.at(AT)).bytes();
        return decoder.decode(body, body.length);
    }

    private static String sample(String source, String dyno) {
        return "source=" + source + " dyno=" + dyno + " sample#memory_total=768.00MB sample#memory_quota=512.00MB";
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "web.", ".1", "web.1.2", "web/1", "web.1?x=1", "..%2fweb.1", "wéb.1", "web.0"})
    void aPlatformLineNamingNoValidDynoYieldsNothingAndIsCountedAsInvalid(String procId) {
        BatchDecoder.Decoded decoded = decode(b -> b.r14(procId).heroku(procId, "Error R15 (Memory quota vastly exceeded)")
                .heroku(procId, "Process running mem=594M(109.6%)").stateChanged(procId, "starting", "up")
                .heroku(procId, "Restarting").heroku(procId, "Cycling")
                .heroku(procId, sample("web.1", "heroku.1." + UUID)).heroku(procId, "sample#load_avg_1m=2.46"));

        assertThat(decoded.events()).isEmpty();
        assertThat(decoded.lines()).containsExactlyEntriesOf(java.util.Map.of(LineKind.INVALID_DYNO, 8));
        assertThat(LineKind.INVALID_DYNO.tag()).isEqualTo("invalid-dyno");
    }

    @Test
    void aSampleTakesItsDynoFromAValidSourceOnly() {
        BatchDecoder.Decoded decoded = decode(b -> b.heroku("web.1", sample("web", "heroku.1." + UUID))
                .heroku("web.1", sample("web.2/../web", "heroku.1." + UUID))
                .heroku("web.1", sample("web.4ed720fa31-ur8z1", "heroku.1." + UUID))
                .heroku("web.1", "source= dyno=heroku.1." + UUID + " sample#memory_total=1.00MB"));

        assertThat(decoded.events()).extracting(HerokuEvent::dyno).containsExactly("web.4ed720fa31-ur8z1", "web.1");
        assertThat(decoded.lines()).containsEntry(LineKind.INVALID_DYNO, 2).containsEntry(LineKind.MEMORY_SAMPLE, 2);
    }

    @Test
    void anIncarnationThatIsNotAShortTokenIsDroppedButTheSampleKept() {
        List<HerokuEvent> events = decode(b -> b.heroku("web.1", sample("web.1", "heroku.1." + "a".repeat(65)))
                .heroku("web.1", sample("web.1", "heroku.1.a/b")).heroku("web.1", sample("web.1", "heroku.1.x%00"))
                .heroku("web.1", sample("web.1", "heroku.1." + "A-9".repeat(21) + "z"))
                .heroku("web.1", sample("web.1", "heroku.1."))).events();

        assertThat(events).hasSize(5).map(e -> ((MemorySample) e).incarnation())
                .containsExactly(null, null, null, "A-9".repeat(21) + "z", null);
    }

    @Test
    void aStateChangeNeedsTwoOfHerokusStates() {
        BatchDecoder.Decoded decoded = decode(b -> b.stateChanged("web.1", "up", "crashed")
                .stateChanged("web.1", "down", "idle").stateChanged("web.1", "starting", "up")
                .stateChanged("web.1", "up", "x".repeat(5000)).stateChanged("web.1", "UP", "down")
                .stateChanged("web.1", "up", "upx").stateChanged("web.1", "", "up"));

        assertThat(decoded.events()).containsExactly(
                new Lifecycle("web.1", Lifecycle.Kind.STATE_CHANGED, "up", "crashed", AT.toEpochMilli()),
                new Lifecycle("web.1", Lifecycle.Kind.STATE_CHANGED, "down", "idle", AT.toEpochMilli()),
                new Lifecycle("web.1", Lifecycle.Kind.STATE_CHANGED, "starting", "up", AT.toEpochMilli()));
        assertThat(decoded.lines()).containsEntry(LineKind.OTHER_PLATFORM, 4).containsEntry(LineKind.LIFECYCLE, 3);
    }

    @Test
    void aRouterLineMayNameNoDynoButNeverAnInvalidOne() {
        BatchDecoder.Decoded decoded = decode(b -> b.heroku("router", "at=error code=H10 dyno= status=503")
                .heroku("router", "at=info dyno=web connect=1ms service=5ms status=200")
                .heroku("router", "at=info dyno=\"web.1 web.2\" service=5ms status=200")
                .heroku("router", "at=info dyno=web.1 dyno=web service=5ms status=200")
                .heroku("router", "at=info dyno=\"web.3\" service=7ms status=200"));

        assertThat(decoded.events()).extracting(HerokuEvent::dyno).containsExactly(null, "web.3");
        assertThat(decoded.lines()).containsEntry(LineKind.ROUTER, 2).containsEntry(LineKind.INVALID_DYNO, 3);
    }

    @Test
    void aRouterCodeIsKeptOnlyWhenItLooksLikeHerokus() {
        List<HerokuEvent> events = decode(b -> {
            for (String code : List.of("H12", "L10", "R1", "H999", "", "h12", "H1234", "HHH1", "H", "12",
                    "H12x", "\"H 12\"", "x".repeat(5000))) {
                b.heroku("router", "at=error code=" + code + " dyno=web.1 connect=1ms service=30ms status=503");
            }
            return b;
        }).events();

        String unknown = RouterLineReader.UNKNOWN_CODE;
        assertThat(events).map(e -> ((RouterRequest) e).code()).containsExactly("H12", "L10", "R1", "H999", null,
                unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown);
    }
}
