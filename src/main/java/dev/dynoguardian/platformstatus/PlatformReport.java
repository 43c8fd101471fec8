package dev.dynoguardian.platformstatus;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One answer of the status API, read as untrusted input: at most {@value #MAX_SYSTEMS} systems with short plain
 * names and a known colour, and of the incidents only the first one's title (cut to {@value #MAX_TITLE} characters,
 * control characters dropped) and link (kept only when it is an https URL of at most {@value #MAX_LINK} characters).
 *
 * @param systems  each system's level, in the order given
 * @param incident the first incident listed, or null
 */
record PlatformReport(Map<String, Level> systems, Incident incident) {

    /** The system whose level holds actions. */
    static final String APPS = "Apps";
    static final int MAX_SYSTEMS = 16;
    static final int MAX_NAME = 40;
    static final int MAX_TITLE = 200;
    static final int MAX_LINK = 300;

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
                    .maxStringLength(PlatformStatusFetcher.MAX_BODY).build()).build()).build();

    /** An incident: its title and, when safe to link to, its page. */
    record Incident(String title, String link) {
    }

    /** The Apps system's level, or null when the answer does not name it. */
    Level apps() {
        return systems.get(APPS);
    }

    static PlatformReport parse(byte[] body) {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the answer is not a JSON object");
        }
        Map<String, Level> systems = new LinkedHashMap<>();
        for (JsonNode s : root.path("status")) {
            if (systems.size() == MAX_SYSTEMS) {
                break;
            }
            String name = s.path("system").isString() ? s.path("system").stringValue() : null;
            Level level = Level.of(s.path("status").isString() ? s.path("status").stringValue() : null).orElse(null);
            if (name != null && level != null && plainName(name)) {
                systems.putIfAbsent(name, level);
            }
        }
        JsonNode first = root.path("incidents").path(0);
        Incident incident = null;
        if (first.isObject()) {
            String title = first.path("title").isString() ? cleaned(first.path("title").stringValue()) : "";
            incident = new Incident(title.isEmpty() ? "untitled incident" : title,
                    first.path("full_url").isString() ? link(first.path("full_url").stringValue()) : null);
        }
        return new PlatformReport(Collections.unmodifiableMap(systems), incident);
    }

    private static boolean plainName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != ' ' && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static String cleaned(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .limit(MAX_TITLE).forEach(out::appendCodePoint);
        return out.toString().trim();
    }

    private static String link(String url) {
        if (url.length() > MAX_LINK) {
            return null;
        }
        try {
            URI uri = new URI(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null
                    ? uri.toASCIIString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
