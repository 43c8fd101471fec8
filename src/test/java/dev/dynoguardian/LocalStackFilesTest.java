package dev.dynoguardian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The local stack's files agree with the guardian: the dashboard only charts documented metrics, Prometheus scrapes
 * with the token the guardian is given, and Grafana is provisioned with the dashboard. ({@code .ci/run} also checks
 * {@code docker compose config}.)
 */
class LocalStackFilesTest {

    @Test
    void theDashboardChartsOnlyMetricsTheReadmeDocuments() throws Exception {
        String dashboard = Files.readString(Path.of("config/grafana/dashboards/dyno-guardian.json"));
        String readme = Files.readString(Path.of("README.md"));
        Set<String> charted = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(guardian_[a-z_]+)").matcher(dashboard);
        while (m.find()) {
            charted.add(m.group(1).replaceAll("_(count|sum|max|bucket)$", ""));
        }

        assertThat(charted).isNotEmpty().allSatisfy(metric -> assertThat(readme).contains("`" + metric + "`"));
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
