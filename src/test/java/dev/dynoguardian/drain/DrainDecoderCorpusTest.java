package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The committed inputs that {@link DrainDecoderFuzzTest#anyBody} replays on every build reach every kind of line and
 * every path of the framing (exact, repaired, malformed), so the regression run exercises the whole decoder and a
 * fuzzing run starts from there rather than from nothing.
 */
class DrainDecoderCorpusTest {

    @Test
    void theCommittedInputsReachEveryLineKindRepairsAndMalformedFrames() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(getClass().getResource("DrainDecoderFuzzTestInputs/anyBody")).toURI());
        List<Path> inputs;
        try (var files = Files.list(dir)) {
            inputs = files.toList();
        }
        BatchDecoder decoder = new BatchDecoder(true);
        EnumSet<LineKind> kinds = EnumSet.noneOf(LineKind.class);
        int repaired = 0;
        int malformed = 0;
        int frames = 0;
        for (Path input : inputs) {
            byte[] body = Files.readAllBytes(input);
            BatchDecoder.Decoded decoded = decoder.decode(body, body.length);
            kinds.addAll(decoded.lines().keySet());
            repaired += decoded.repaired();
            malformed += decoded.malformed();
            frames += decoded.frames();
        }

        assertThat(inputs).hasSizeGreaterThanOrEqualTo(15);
        assertThat(kinds).containsExactlyInAnyOrder(LineKind.values());
        assertThat(repaired).isGreaterThanOrEqualTo(5);
        assertThat(malformed).isGreaterThanOrEqualTo(10);
        assertThat(frames).isGreaterThan(50);
    }
}
