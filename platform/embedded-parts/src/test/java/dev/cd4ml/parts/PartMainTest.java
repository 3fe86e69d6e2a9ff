package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PartMainTest {

    @Test
    void parsesOptions() {
        assertEquals(Map.of("port", "9092", "dir", "/tmp/k"), PartMain.parse(new String[] {"kafka", "--port", "9092", "--dir", "/tmp/k"}));
        assertEquals(Map.of("databases", "a,b"), PartMain.parse(new String[] {"postgres", "--databases", "a,b"}));
    }

    @Test
    void refusesUnknownOrIncompleteOptions() {
        assertThrows(IllegalArgumentException.class, () -> PartMain.parse(new String[] {}));
        assertThrows(IllegalArgumentException.class, () -> PartMain.parse(new String[] {"kafka", "--prot", "1"}));
        assertThrows(IllegalArgumentException.class, () -> PartMain.parse(new String[] {"kafka", "--port"}));
        assertThrows(IllegalArgumentException.class, () -> PartMain.parse(new String[] {"kafka", "9092"}));
    }

    @Test
    void indexesPredictionsFeedbackExplanationsAndRejectionsByUtcDay() {
        Instant lateEvening = Instant.parse("2026-11-26T23:59:59Z");
        assertEquals("cd4ml-predictions-2026.11.26",
            BulkIndexer.index(new ForwardReceiver.Record("cd4ml.prediction", lateEvening, Map.of())));
        assertEquals("cd4ml-feedback-2026.11.27",
            BulkIndexer.index(new ForwardReceiver.Record("cd4ml.feedback", lateEvening.plusSeconds(1), Map.of())));
        // the index monitoring/fluentd/fluent.conf routes cd4ml.explanation to (FluentdConfigTest checks that side)
        assertEquals("cd4ml-explanations-2026.11.26",
            BulkIndexer.index(new ForwardReceiver.Record("cd4ml.explanation", lateEvening, Map.of())));
        assertEquals("cd4ml-rejections-2026.11.26",
            BulkIndexer.index(new ForwardReceiver.Record("cd4ml.rejection", lateEvening, Map.of())));
        assertNull(BulkIndexer.index(new ForwardReceiver.Record("cd4ml.other", lateEvening, Map.of())));
    }
}
