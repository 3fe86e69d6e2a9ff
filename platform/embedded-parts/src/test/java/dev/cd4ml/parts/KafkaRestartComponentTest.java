package dev.cd4ml.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Services' tests stop the broker to check their outbox and retries, then bring it back. */
class KafkaRestartComponentTest {

    @Test
    void brokerComesBackOnTheSamePortWithItsData() throws Exception {
        KafkaPart kafka = RealParts.kafka();
        String address = kafka.bootstrapServers();
        String topic = "restart-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = RealPartsComponentTest.producer(address)) {
            producer.send(new ProducerRecord<>(topic, "before")).get(30, TimeUnit.SECONDS);

            kafka.stop();
            assertFalse(kafka.isRunning());
            kafka.start();
            assertTrue(kafka.isRunning());
            assertEquals(address, kafka.bootstrapServers());

            // The producer made before the restart reconnects to the same address by itself.
            producer.send(new ProducerRecord<>(topic, "after")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("before", "after"), RealPartsComponentTest.consume(address, topic, 2));
    }

    @Test
    void realPartsStartsAgainAPartThatATestLeftStopped() {
        ForwardReceiver forward = RealParts.forward();
        int port = forward.port();
        forward.stop();
        assertFalse(forward.isRunning());
        assertTrue(RealParts.forward().isRunning());
        assertEquals(port, RealParts.forward().port());
    }
}
