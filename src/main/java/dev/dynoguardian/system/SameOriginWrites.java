package dev.dynoguardian.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before authentication and before anything changes, every request but GET, HEAD, OPTIONS and TRACE that a
 * browser could send from another site with the admin's cached Basic credentials. Such a request either names that
 * site ({@code Sec-Fetch-Site: cross-site} or {@code same-site}, or an {@code Origin} other than this guardian's own:
 * 403), or, to go without a CORS preflight (which this guardian never grants), carries a form or {@code text/plain}
 * body; so changes need {@code Content-Type: application/json} (415 otherwise). Clients that send no {@code Origin},
 * like curl, are not browsers riding on someone's credentials.
 *
 * <p>The guardian's own origin is the scheme, host and port the servlet container resolved: behind Heroku's router
 * (Spring Boot's {@code server.forward-headers-strategy=native}) from {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Port}, else from the {@code Host} header.
 */
final class SameOriginWrites extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod())) {
            chain.doFilter(request, response);
        } else if (fromAnotherSite(request)) {
            Problems.write(response, HttpStatus.FORBIDDEN, "Changes are accepted only from this guardian's own pages or "
                    + "from clients that send no Origin (like curl); this request came from another site. Behind a "
                    + "proxy other than Heroku's router, set server.forward-headers-strategy=native.");
        } else if (!json(request.getContentType())) {
            Problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Requests that change something need Content-Type: application/json (and a JSON body, or none).");
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site)) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameOrigin(origin, request);
    }

    /** {@code Origin: null} (sandboxed frames, some redirects) and anything that is not an origin never match. */
    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return scheme.equalsIgnoreCase(request.getScheme()) && uri.getHost().equalsIgnoreCase(request.getServerName())
                && port == request.getServerPort();
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
