package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.drain.HerokuEvent.Lifecycle;
import dev.dynoguardian.drain.HerokuEvent.MemoryError;
import dev.dynoguardian.drain.HerokuEvent.MemorySample;
import dev.dynoguardian.drain.HerokuEvent.RouterRequest;
import dev.dynoguardian.support.LogplexBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchDecoderTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00.123456Z");
    private final BatchDecoder decoder = new BatchDecoder(false);

    private List<HerokuEvent> events(LogplexBody body) {
        byte[] bytes = body.bytes();
        return decoder.decode(bytes, bytes.length).events();
    }

    private HerokuEvent single(String appName, String procId, String message) {
        return events(LogplexBody.at(AT).frame(134, appName, procId, message)).stream().findFirst().orElse(null);
    }

    @Test
    void readsAMemorySampleWithItsIncarnation() {
        HerokuEvent e = single("heroku", "web.4", "source=web.4 dyno=heroku.27066801.10cb480b-5f85-48c8-a788-87002d69fdb4 "
                + "sample#memory_total=590.29MB sample#memory_rss=429.68MB sample#memory_cache=0.48MB "
                + "sample#memory_swap=160.12MB sample#memory_pgpgin=156757pages sample#memory_pgpgout=97224pages "
                + "sample#memory_quota=512.00MB");

        assertThat(e).isEqualTo(new MemorySample("web.4", "10cb480b-5f85-48c8-a788-87002d69fdb4", 590.29, 429.68, 0.48,
                160.12, 512.0, AT.toEpochMilli()));
    }

    @Test
    void aSampleWithoutQuotaHasNaNQuota() {
        MemorySample m = (MemorySample) single("heroku", "web.1",
                "source=web.1 dyno=heroku.1.abc sample#memory_total=100.00MB");

        assertThat(m.quotaMb()).isNaN();
        assertThat(m.totalMb()).isEqualTo(100.0);
    }

    @Test
    void readsALoadSample() {
        assertThat(single("heroku", "web.1", "source=web.1 dyno=heroku.2808254.d97d0ea7 sample#load_avg_1m=2.46 "
                + "sample#load_avg_5m=1.06 sample#load_avg_15m=0.99"))
                .isEqualTo(new HerokuEvent.LoadSample("web.1", "d97d0ea7", 2.46, 1.06, 0.99, AT.toEpochMilli()));
    }

    @Test
    void readsR14R15AndProcessMemory() {
        List<HerokuEvent> events = events(LogplexBody.at(AT).heroku("web.1", "Process running mem=594M(109.6%)")
                .r14("web.1").heroku("web.2", "Error R15 (Memory quota vastly exceeded)"));

        assertThat(events).containsExactly(
                new HerokuEvent.ProcessMemory("web.1", 594, 109.6, AT.toEpochMilli()),
                new MemoryError("web.1", "R14", AT.toEpochMilli()),
                new MemoryError("web.2", "R15", AT.toEpochMilli()));
    }

    @Test
    void theAppsOwnTextNeverBecomesPlatformEvidence() {
        assertThat(events(LogplexBody.at(AT).app("web.1", "Error R14 (Memory quota exceeded)")
                .app("web.1", "source=web.1 dyno=heroku.1.abc sample#memory_total=9999.00MB sample#memory_quota=1.00MB")
                .frame(190, "app", "heroku-postgres", "source=DATABASE sample#memory_total=9999MB")))
                .isEmpty();
    }

    @Test
    void readsLifecycleLines() {
        assertThat(events(LogplexBody.at(AT).stateChanged("web.1", "starting", "up")
                .heroku("web.1", "Restarting").heroku("web.2", "Cycling")))
                .containsExactly(
                        new Lifecycle("web.1", Lifecycle.Kind.STATE_CHANGED, "starting", "up", AT.toEpochMilli()),
                        new Lifecycle("web.1", Lifecycle.Kind.RESTARTING, null, null, AT.toEpochMilli()),
                        new Lifecycle("web.2", Lifecycle.Kind.CYCLING, null, null, AT.toEpochMilli()));
    }

    @Test
    void readsRouterLinesWithQuotedAndEmptyValuesAndUnknownKeys() {
        List<HerokuEvent> events = events(LogplexBody.at(AT)
                .router("web.1", 22, 304)
                .heroku("router", "at=error code=H12 desc=\"Request timeout\" method=POST path=\"/a b\" host=x "
                        + "request_id=1 fwd=\"1.1.1.1, 2.2.2.2\" dyno=web.3 connect=1ms service=30000ms status=503 bytes=0")
                .heroku("router", "at=error code=H10 desc=\"App crashed\" method=GET path=\"/\" host=myapp.herokuapp.com "
                        + "fwd=17.17.17.17 dyno= connect= service= status=503 bytes=")
                .heroku("router", "at=error code=H18 desc=\"Server Request Interrupted\" sock=backend dyno=web.2 "
                        + "connect=2 service=15 status=503 new_key=\"some value\" tls_version=tls1.3"));

        assertThat(events).containsExactly(
                new RouterRequest("web.1", 1, 22, 304, null, false, AT.toEpochMilli()),
                new RouterRequest("web.3", 1, 30000, 503, "H12", false, AT.toEpochMilli()),
                new RouterRequest(null, -1, -1, 503, "H10", false, AT.toEpochMilli()),
                new RouterRequest("web.2", 2, 15, 503, "H18", true, AT.toEpochMilli()));
    }

    @Test
    void logfmtCursorSeesEveryPair() {
        byte[] line = "at=info desc=\"Request \\\"timeout\\\"\" dyno= flag path=\"/a b\" n=1"
                .getBytes(StandardCharsets.UTF_8);
        LogfmtCursor c = new LogfmtCursor().reset(line, 0, line.length);
        StringBuilder seen = new StringBuilder();
        while (c.next()) {
            seen.append(c.key()).append('=').append('[').append(c.value()).append(']').append(' ');
        }

        assertThat(seen.toString().trim())
                .isEqualTo("at=[info] desc=[Request \"timeout\"] dyno=[] flag=[] path=[/a b] n=[1]");
    }

    @Test
    void readsLogplexL10InBothVariants() {
        assertThat(events(LogplexBody.at(AT)
                .heroku("logplex", "Error L10 (output buffer overflow): 500 messages dropped since 2013-04-17T19:04:46+00:00.")
                .heroku("logplex", "Error L10 (output buffer overflow): drain 'd.fc6b' dropped 1 messages")))
                .containsExactly(new HerokuEvent.LogDropped(500, AT.toEpochMilli()),
                        new HerokuEvent.LogDropped(1, AT.toEpochMilli()));
    }

    @Test
    void countsLinesByKindAndKeepsAppLinesOnlyWhenAsked() {
        byte[] body = LogplexBody.at(AT).r14("web.1").app("web.1", "hello").router("web.1", 5, 200)
                .heroku("web.1", "Starting process with command `bundle exec puma`").bytes();

        BatchDecoder.Decoded plain = decoder.decode(body, body.length);
        BatchDecoder.Decoded withApp = new BatchDecoder(true).decode(body, body.length);

        assertThat(plain.lines()).containsEntry(LineKind.R14, 1).containsEntry(LineKind.APP, 1)
                .containsEntry(LineKind.ROUTER, 1).containsEntry(LineKind.OTHER_PLATFORM, 1);
        assertThat(plain.events()).hasSize(2);
        assertThat(withApp.events()).contains(new HerokuEvent.AppLine("web.1", "hello", AT.toEpochMilli()));
    }

    @Test
    void acceptsTimestampsWithFewerFractionDigitsOrNoneOrAnOffset() {
        long expected = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
        for (String ts : List.of("2026-11-21T10:00:00+00:00", "2026-11-21T10:00:00.0Z", "2026-11-21T12:00:00.000+02:00",
                "2026-11-21T10:00:00.000000+00:00")) {
            String frame = "<134>1 " + ts + " host heroku web.1 - Error R14 (Memory quota exceeded)\n";
            byte[] body = (frame.length() + " " + frame).getBytes(StandardCharsets.UTF_8);
            assertThat(decoder.decode(body, body.length).events()).as(ts)
                    .containsExactly(new MemoryError("web.1", "R14", expected));
        }
    }

    @Test
    void aFrameWithABrokenHeaderIsMalformedAndSkipped() {
        String bad = "<134>1 not-a-time host heroku web.1 - Error R14 (Memory quota exceeded)\n";
        byte[] good = LogplexBody.at(AT).r14("web.2").bytes();
        byte[] body = ((bad.length() + " " + bad) + new String(good, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);

        BatchDecoder.Decoded decoded = decoder.decode(body, body.length);

        assertThat(decoded.malformed()).isEqualTo(1);
        assertThat(decoded.events()).containsExactly(new MemoryError("web.2", "R14", AT.toEpochMilli()));
    }
}
