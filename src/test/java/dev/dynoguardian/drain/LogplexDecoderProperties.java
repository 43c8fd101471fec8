package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.HostileBody;
import dev.dynoguardian.support.LogplexBody;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Hostile input never breaks the decoder, and garbage never costs the valid frames around it. */
class LogplexDecoderProperties {

    private final BatchDecoder decoder = new BatchDecoder(true);

    LogplexDecoderProperties() {
        DecodeChecks.warmUp(decoder);
    }

    @Property(tries = 2000)
    void anyBytesDecodeIntoConsistentCountsAndCheckedValues(@ForAll @Size(max = 600) byte[] body) {
        DecodeChecks.invariants(decoder.decode(body, body.length), body.length);
    }

    /** Bodies up to about 1 MiB (see {@link HostileBody}); the fuzz test explores the same space guided by coverage. */
    @Property(tries = 40)
    void hostileBodiesKeepTheirValidFramesWithinTheAllocationBound(@ForAll long seed) {
        HostileBody body = HostileBody.from(HostileBody.Choices.of(new SplittableRandom(seed)));
        byte[] bytes = body.bytes();

        DecodeChecks.decode(decoder, bytes);
        Assume.that(!body.hasCountSpanningAValidFrame());
        DecodeChecks.validFramesSurvive(decoder, body, bytes);
    }

    @Property(tries = 500)
    void validFramesSurviveGarbageBetweenThem(@ForAll("dynos") List<String> dynos, @ForAll("garbage") String garbage) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String dyno : dynos) {
            body.writeBytes(LogplexBody.at(Instant.parse("2026-11-21T10:00:00Z")).r14(dyno).bytes());
            body.writeBytes(garbage.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] bytes = body.toByteArray();

        List<String> decoded = decoder.decode(bytes, bytes.length).events().stream()
                .filter(e -> e instanceof HerokuEvent.MemoryError).map(HerokuEvent::dyno).toList();

        assertThat(decoded).containsExactlyElementsOf(dynos);
    }

    @Provide
    Arbitrary<List<String>> dynos() {
        return Arbitraries.integers().between(1, 40).map(i -> "web." + i).list().ofMinSize(1).ofMaxSize(12);
    }

    /** Corruption that ends its line, as broken frames in a logplex body do: a bad count, junk, a cut-off frame. */
    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> junk = Arbitraries.strings().withChars("abc <>=\"0123456789-.:é✓").ofMaxLength(80);
        return Arbitraries.oneOf(
                junk.map(j -> j + "\n"),
                junk.map(j -> "99999 <13>1 " + j + "\n"),
                junk.map(j -> "12 <134>1 2026-11-21T10:00:00Z host heroku web.1 - " + j + "\n"),
                Arbitraries.just(""));
    }
}
