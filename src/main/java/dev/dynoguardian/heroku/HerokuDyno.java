package dev.dynoguardian.heroku;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dynoguardian.drain.DynoState;
import java.time.Instant;

/**
 * A dyno as {@code GET /apps/{app}/dynos} describes it.
 *
 * @param state     {@code crashed}, {@code down}, {@code idle}, {@code starting} or {@code up}
 * @param updatedAt the last state change: for an {@code up} dyno, when it came up
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HerokuDyno(String id, String name, String type, String state, String size,
                         @JsonProperty("created_at") Instant createdAt,
                         @JsonProperty("updated_at") Instant updatedAt) {

    /** The state, or null for one this guardian does not know. */
    public DynoState dynoState() {
        return DynoState.of(state);
    }

    public boolean up() {
        return dynoState() == DynoState.UP;
    }
}
