package dev.dynoguardian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynoguardian.support.ReadmeMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The local stack's files agree with the guardian: the dashboard only charts documented metrics, selected by their
 * documented tags, Prometheus scrapes with the token the guardian is given, and Grafana is provisioned with the
 * dashboard. ({@code .ci/run} also checks {@code docker compose config}.)
 */
class LocalStackFilesTest {

    /** The README list that {@code DocumentedMetricsEndToEndTest} proves the guardian serves. */
    @Test
    void theDashboardChartsOnlyMetricsAndTagsTheReadmeDocuments() throws Exception {
        String dashboard = Files.readString(Path.of("config/grafana/dashboards/dyno-guardian.json"));
        List<ReadmeMetrics.Metric> documented = ReadmeMetrics.documented();
        Set<String> charted = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:guardian|resilience4j)_[a-z0-9_]+)").matcher(dashboard);
        while (m.find()) {
            charted.add(m.group(1));
        }

        assertThat(charted).isNotEmpty().allSatisfy(metric -> assertThat(ReadmeMetrics.find(documented, metric))
                .as("%s is charted but not in the README's Metrics table", metric).isNotNull());
        Matcher selector = Pattern.compile("\\b(guardian_[a-z0-9_]+)\\{([^}]*)}").matcher(dashboard);
        while (selector.find()) {
            List<String> tags = ReadmeMetrics.find(documented, selector.group(1)).tagNames();
            Matcher label = Pattern.compile("([a-z_]+)=").matcher(selector.group(2));
            while (label.find()) {
                assertThat(tags).as("%s selects by %s", selector.group(1), label.group(1)).contains(label.group(1));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheGuardianWithItsMetricsToken() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> guardian = (Map<String, Object>) services.get("guardian");
        String token = (String) ((Map<String, Object>) guardian.get("environment")).get("METRICS_TOKEN");
        String prometheus = Files.readString(Path.of("config/prometheus/prometheus.yml"));

        assertThat(services).containsKeys("guardian", "postgres", "prometheus", "grafana");
        assertThat(prometheus).contains("credentials: " + token).contains("/actuator/prometheus")
                .contains("guardian:8080");
        assertThat(Files.readString(Path.of("config/grafana/provisioning/dashboards/dyno-guardian.yml")))
                .contains("/var/lib/grafana/dashboards");
    }
}
