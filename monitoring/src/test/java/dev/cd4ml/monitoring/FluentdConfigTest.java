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
    void predictionsAndFeedbackGoToDailyIndicesWithFileBufferAndRetries() {
        for (String[] route : List.of(new String[] {"cd4ml.prediction", "cd4ml-predictions"},
            new String[] {"cd4ml.feedback", "cd4ml-feedback"})) {
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
    void imagePinsThePluginVersion() {
        String dockerfile = Repo.read("monitoring/fluentd/Dockerfile");

        assertThat(dockerfile).containsPattern("(?m)^FROM fluent/fluentd:v1\\.\\d+[.\\d]*-debian-\\S+$")
            .containsPattern("gem install fluent-plugin-elasticsearch --version \\d+\\.\\d+\\.\\d+ ")
            .contains("COPY fluent.conf /fluentd/etc/fluent.conf");
    }
}
