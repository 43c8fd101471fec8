package dev.dynoguardian.heroku;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The calls of the Heroku Platform API v3 the guardian makes. Used only through {@link HerokuClient}; the
 * {@code Accept} and {@code Authorization} headers are set on the client by {@link HerokuConfig}.
 */
@HttpExchange
interface HerokuPlatformApi {

    String ACCEPT = "application/vnd.heroku+json; version=3";

    @DeleteExchange("/apps/{app}/dynos/{dyno}")
    ResponseEntity<Void> restartDyno(@PathVariable String app, @PathVariable String dyno);

    @PostExchange("/apps/{app}/dynos/{dyno}/actions/stop")
    ResponseEntity<Void> stopDyno(@PathVariable String app, @PathVariable String dyno);

    @GetExchange("/apps/{app}/dynos")
    ResponseEntity<List<HerokuDyno>> listDynos(@PathVariable String app,
                                               @RequestHeader(name = "Range", required = false) String range);
}
