package dev.dynoguardian.drain;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dynoguardian.support.HostileBody;

/**
 * Coverage-guided fuzzing (Jazzer) of the drain's decoder and line parser, the code every hostile body reaches. In a
 * normal test run each method replays its committed inputs under {@code src/test/resources/.../
 * DrainDecoderFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes one method (see the README), and an input that
 * fails is saved there to become a regression test. Both methods check that decoding never throws, never allocates
 * more than a small multiple of the body, and that every value it puts into an event has been validated
 * ({@link DecodeChecks}).
 */
class DrainDecoderFuzzTest {

    private static final BatchDecoder DECODER = new BatchDecoder(true);

    static {
        DecodeChecks.warmUp(DECODER);
    }

    /** Any bytes at all, as an attacker posts them. */
    @FuzzTest(maxDuration = "5m")
    void anyBody(byte[] body) {
        DecodeChecks.decode(DECODER, body);
    }

    /** Valid frames with garbage lines between them (see {@link HostileBody}): no valid frame is lost or altered. */
    @FuzzTest(maxDuration = "5m")
    void validFramesSurviveGarbage(FuzzedDataProvider data) {
        HostileBody body = HostileBody.from(HostileBody.Choices.of(data));
        byte[] bytes = body.bytes();
        DecodeChecks.decode(DECODER, bytes);
        if (!body.hasCountSpanningAValidFrame()) {
            DecodeChecks.validFramesSurvive(DECODER, body, bytes);
        }
    }
}
