package dev.dynoguardian.bench;

import dev.dynoguardian.support.LogplexBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The load test's drain bodies: realistic lines in logplex framing, 70 % router lines, 20 % app lines and 10 % runtime
 * metrics (memory and load samples in turn), spread over a formation of {@code web.1} to {@code web.N}. Stamped with
 * the time they are written, so that every line falls within the latency window while a run lasts.
 */
final class LoadBodies {

    private LoadBodies() {
    }

    static Path write(Path dir, int lines, int dynos) {
        SplittableRandom random = new SplittableRandom(lines * 31L + dynos);
        LogplexBody body = LogplexBody.at(Instant.now());
        for (int i = 0; i < lines; i++) {
            String dyno = "web." + (1 + random.nextInt(dynos));
            int slot = i % 10;
            if (slot < 7) {
                body.router(dyno, 5 + random.nextInt(400), random.nextInt(100) == 0 ? 503 : 200);
            } else if (slot < 9) {
                body.app(dyno, "Completed 200 OK in " + random.nextInt(900) + "ms (Views: 12.3ms | ActiveRecord: "
                        + random.nextInt(90) + ".6ms) request_id=05726858-c44e-4f94-9a20-37df73be9006");
            } else if (i % 20 == 9) {
                body.memory(dyno, "d97d0ea7-cf3d-411b-b453-d2943a50b456", 250 + random.nextInt(200), 512);
            } else {
                body.heroku(dyno, "source=" + dyno + " dyno=heroku.2808254.d97d0ea7-cf3d-411b-b453-d2943a50b456 "
                        + "sample#load_avg_1m=0.46 sample#load_avg_5m=0.36 sample#load_avg_15m=0.29");
            }
        }
        try {
            Path file = dir.resolve("body-" + lines + "-" + dynos + ".bin");
            Files.write(file, body.bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
