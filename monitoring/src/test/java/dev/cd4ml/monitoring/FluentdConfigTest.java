package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Fluentd cannot run here (no package for this OS); this reads its configuration and checks it
 * routes what serving sends where the template and the dashboard expect it.
 */
class FluentdConfigTest {

    static final String CONF = Repo.read("monitoring/fluentd/fluent.conf");
    /** What serving sends (tag) and the daily index prefix it must reach. */
    static final List<String[]> ROUTES = List.of(new String[] {"cd4ml.prediction", "cd4ml-predictions"},
        new String[] {"cd4ml.feedback", "cd4ml-feedback"}, new String[] {"cd4ml.explanation", "cd4ml-explanations"},
        new String[] {"cd4ml.rejection", "cd4ml-rejections"});

    /** Top-level {@code <match pattern>} sections with their bodies (nested sections included). */
    static List<String[]> matches() {
        List<String[]> sections = new ArrayList<>();
        Matcher m = Pattern.compile("^<match ([^>]+)>\\n(.*?)^</match>", Pattern.MULTILINE | Pattern.DOTALL).matcher(CONF);
        while (m.find()) {
            sections.add(new String[] {m.group(1).trim(), m.group(2)});
        }
        return sections;
    }

    static String section(String pattern) {
        return matches().stream().filter(s -> s[0].equals(pattern)).map(s -> s[1]).findFirst()
            .orElseThrow(() -> new AssertionError("no <match " + pattern + ">"));
    }

    @Test
    void acceptsTheForwardProtocolOnPort24224() {
        Matcher source = Pattern.compile("<source>\\s*@type forward\\s*(.*?)</source>", Pattern.DOTALL).matcher(CONF);
        assertThat(source.find()).isTrue();
        assertThat(source.group(1)).containsPattern("(?m)^\\s*port 24224$").containsPattern("(?m)^\\s*bind 0\\.0\\.0\\.0$");
    }

    @Test
    void predictionsFeedbackAndExplanationsGoToDailyIndicesWithFileBufferAndRetries() {
        for (String[] route : ROUTES) {
            String body = section(route[0]);
            assertThat(body).containsPattern("(?m)^\\s*@type elasticsearch$")
                .containsPattern("(?m)^\\s*logstash_format true$")
                .containsPattern("(?m)^\\s*logstash_prefix " + Pattern.quote(route[1]) + "$")
                .containsPattern("(?m)^\\s*logstash_dateformat %Y\\.%m\\.%d$")
                .containsPattern("(?m)^\\s*utc_index true$")
                .containsPattern("(?m)^\\s*@type file$")
                .containsPattern("(?m)^\\s*retry_type exponential_backoff$")
                .containsPattern("(?m)^\\s*retry_timeout \\S+$");
        }
        // the routes come before any catch-all, which would otherwise swallow them
        assertThat(matches().get(0)[0]).isEqualTo("cd4ml.prediction");
    }

    @Test
    void predictionsAndExplanationsAreIndexedUnderTheirRequestIdSoARetriedChunkOverwrites() {
        // PredictionLogFields.documentId: a record without a row is its request id
        assertThat(dev.cd4ml.contracts.logging.PredictionLogFields.documentId("cd4ml.prediction",
            java.util.Map.of("requestId", "r-1"))).isEqualTo("r-1");
        for (String tag : new String[] {"cd4ml.prediction", "cd4ml.explanation"}) {
            assertThat(section(tag)).as(tag).containsPattern("(?m)^\\s*id_key requestId$");
        }
    }

    @Test
    void theLocalForwardPartIndexesEveryTagWhereFluentdDoes() throws Exception {
        java.time.Instant lateEvening = java.time.Instant.parse("2026-03-01T23:59:59Z");
        for (String[] route : ROUTES) {
            String prefix = matchOf(section(route[0]), "logstash_prefix");
            assertThat(dev.cd4ml.parts.LocalForwardIndexing.indexOf(new dev.cd4ml.parts.ForwardReceiver.Record(route[0], lateEvening,
                java.util.Map.of()))).as(route[0]).isEqualTo(prefix + "-2026.03.01");
            // ... and an index template types what arrives there
            assertThat(IndexTemplateTest.templateNames()).as("template for " + prefix).contains(prefix);
        }
        // every route of the configuration is one of those, and nothing else reaches Elasticsearch
        assertThat(matches().stream().map(m -> m[0]).filter(p -> !p.equals("**")))
            .containsExactlyElementsOf(ROUTES.stream().map(r -> r[0]).toList());
    }

    private static String matchOf(String body, String directive) {
        Matcher m = Pattern.compile("(?m)^\\s*" + directive + " (\\S+)$").matcher(body);
        assertThat(m.find()).as(directive).isTrue();
        return m.group(1);
    }

    @Test
    void imagePinsThePluginVersion() {
        String dockerfile = Repo.read("monitoring/fluentd/Dockerfile");

        assertThat(dockerfile).containsPattern("(?m)^FROM fluent/fluentd:v1\\.\\d+[.\\d]*-debian-\\S+$")
            .containsPattern("gem install fluent-plugin-elasticsearch --version \\d+\\.\\d+\\.\\d+ ")
            .contains("COPY fluent.conf /fluentd/etc/fluent.conf");
    }
}
