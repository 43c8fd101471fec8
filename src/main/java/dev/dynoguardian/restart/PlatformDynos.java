package dev.dynoguardian.restart;

import dev.dynoguardian.heroku.HerokuClient;
import dev.dynoguardian.heroku.HerokuDyno;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/** The formation as the Platform API reports it ({@code GET /apps/{app}/dynos}), for checks that need the truth. */
@Service
public class PlatformDynos {

    private final HerokuClient heroku;

    PlatformDynos(HerokuClient heroku) {
        this.heroku = heroku;
    }

    /**
     * One dyno as the API lists it.
     *
     * @param state     {@code up}, {@code starting}, {@code crashed}, {@code down} or {@code idle}
     * @param upSince   for an {@code up} dyno, its last state change (when it came up); otherwise null
     */
    public record PlatformDyno(String name, String type, String state, Instant upSince) {

        public boolean up() {
            return "up".equals(state);
        }
    }

    /** Every dyno of the app; throws {@link dev.dynoguardian.heroku.HerokuApiException} when the API fails. */
    public List<PlatformDyno> list(String app) {
        return heroku.listDynos(app).stream().map(PlatformDynos::of).toList();
    }

    private static PlatformDyno of(HerokuDyno d) {
        return new PlatformDyno(d.name(), d.type(), d.state(), d.up() ? d.updatedAt() : null);
    }
}
