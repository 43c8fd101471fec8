package dev.dynoguardian.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DynoNameTest {

    private static final String TYPE_64 = "a".repeat(64);

    private static boolean bytesSay(String name) {
        byte[] padded = ("x " + name + " y").getBytes(StandardCharsets.UTF_8);
        return DynoName.isDyno(padded, 2, padded.length - 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web.1", "worker.2", "run.6221", "scheduler.3099", "release.9811", "web.123456789",
        "my-worker_2.10", "Web.1", "2web.1", "web.4ed720fa31-ur8z1", "web.4ed72-ur8z", "web.0123456789abcdef-abcdefghij",
        "web.12345-6789"})
    void acceptsOneCedarOrFirDyno(String name) {
        assertThat(DynoName.isDyno(name)).isTrue();
        assertThat(bytesSay(name)).isTrue();
        assertThat(DynoName.type(name)).isEqualTo(name.substring(0, name.indexOf('.')));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "web", "web.", ".1", "web.1.2", "web..1", "web.0", "web.01", "web.1234567890",
        "-web.1", "_web.1", "web.1a", "web.-1", "web.1 ", " web.1", "web.1\n", "web\t.1", "web.1?restart=all",
        "web.1#x", "web/1", "web.1/", "../web.1", "web.%31", "web%2e1", "wéb.1", "web.１", "web-848cd4f64d-pvpr2",
        "web.4ed7-ur8z1", "web.0123456789abcdefa-ur8z1", "web.4ed720fa31-ur8", "web.4ed720fa31-ur8z1abcdef",
        "web.4ED720FA31-ur8z1", "web.4ed720fa31-UR8Z1", "web.4ed720fa31-ur8z1-x", "web.4ed720fa31--ur8z1",
        "web.4ed720fa31_ur8z1", "router", "api", "logplex", "heroku.15253441.cfe2c338-81f4-40d4-bfb2-13f4e5e31fce"})
    void refusesEverythingElse(String name) {
        assertThat(DynoName.isDyno(name)).isFalse();
        assertThat(bytesSay(name)).isFalse();
    }

    @Test
    void theTypeIsAtMostSixtyFourCharactersAndTheLongestNameFitsTheColumn() {
        String longest = TYPE_64 + ".0123456789abcdef-abcdefghij";

        assertThat(DynoName.isDyno(TYPE_64 + ".1")).isTrue();
        assertThat(DynoName.isDyno("a" + TYPE_64 + ".1")).isFalse();
        assertThat(DynoName.isDyno(longest)).isTrue();
        assertThat(longest.length()).isLessThanOrEqualTo(DynoName.MAX_LENGTH);
        assertThat(DynoName.MAX_LENGTH).isLessThanOrEqualTo(100);
        assertThat(DynoName.isDyno("w".repeat(100_000) + ".1")).isFalse();
    }

    @Test
    void controlAndNonAsciiBytesNeverPass() {
        for (int b = 0; b < 256; b++) {
            boolean alphabet = Character.isLetterOrDigit(b) && b < 128;
            byte[] name = {'w', (byte) b, 'b', '.', '1'};
            assertThat(DynoName.isDyno(name, 0, name.length)).as("byte %d", b).isEqualTo(alphabet || b == '_' || b == '-');
        }
    }
}
