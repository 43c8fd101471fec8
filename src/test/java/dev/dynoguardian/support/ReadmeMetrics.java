package dev.dynoguardian.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics the README's Metrics section documents, read from its table: the one list that the Prometheus scrape
 * and the Grafana dashboard are both checked against.
 */
public final class ReadmeMetrics {

    /** One tag of a documented metric, with the values the Tags column lists for it (often none). */
    public record Tag(String name, List<String> values) {
    }

    /**
     * One documented metric: its Prometheus name, or for a family written {@code resilience4j_retry_*} the prefix
     * {@code resilience4j_retry_}, which matches every series of the family.
     */
    public record Metric(String name, boolean family, List<Tag> tags) {

        public List<String> tagNames() {
            return tags.stream().map(Tag::name).toList();
        }

        /** True when a series (or a dashboard query's metric) of this name belongs to this documented metric. */
        public boolean covers(String seriesName) {
            return family ? seriesName.startsWith(name)
                    : seriesName.equals(name) || seriesName.matches(Pattern.quote(name) + "_(count|sum|max|bucket)");
        }
    }

    private static final Pattern NAME = Pattern.compile("`([a-z0-9_]+)(_\\*)?`");
    private static final Pattern TAG = Pattern.compile("([a-z_]+)(?: \\(([^)]*)\\))?");

    private ReadmeMetrics() {
    }

    public static List<Metric> documented() {
        String readme;
        try {
            readme = Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = readme.indexOf("\n## Metrics\n");
        if (start < 0) {
            throw new IllegalStateException("README.md has no '## Metrics' section");
        }
        int end = readme.indexOf("\n## ", start + 1);
        List<Metric> metrics = new ArrayList<>();
        for (String row : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (!row.startsWith("| `")) {
                continue;
            }
            String[] cells = row.split("\\|");
            List<Tag> tags = new ArrayList<>();
            Matcher tag = TAG.matcher(cells[2]);
            while (tag.find()) {
                tags.add(new Tag(tag.group(1), tag.group(2) == null ? List.of()
                        : List.of(tag.group(2).split(",\\s*"))));
            }
            Matcher name = NAME.matcher(cells[1]);
            while (name.find()) {
                boolean family = name.group(2) != null;
                metrics.add(new Metric(family ? name.group(1) + "_" : name.group(1), family, List.copyOf(tags)));
            }
        }
        return metrics;
    }

    /** The documented metric a series or dashboard query name belongs to, or null. */
    public static Metric find(List<Metric> documented, String seriesName) {
        return documented.stream().filter(m -> m.covers(seriesName)).findFirst().orElse(null);
    }
}
