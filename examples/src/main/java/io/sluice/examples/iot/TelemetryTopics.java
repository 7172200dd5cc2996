package io.sluice.examples.iot;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka topics of the IoT example: {@code PREFIX-readings} and {@code PREFIX-devices}, one
 * partition each, so that readings keep their arrival order (and every run meets the same watermarks).
 */
public final class TelemetryTopics {

    private final String bootstrapServers;
    private final String prefix;

    public TelemetryTopics(String bootstrapServers, String prefix) {
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String readings() {
        return prefix + "-readings";
    }

    public String devices() {
        return prefix + "-devices";
    }

    /** Whether both topics exist; throws if only one does. */
    public boolean exist() throws Exception {
        try (Admin admin = admin()) {
            Set<String> names = admin.listTopics().names().get();
            boolean readingsExist = names.contains(readings());
            if (readingsExist != names.contains(devices())) {
                throw new IllegalStateException("only one of the topics " + readings() + " and " + devices()
                        + " exists on " + bootstrapServers + "; delete it, or choose other topics with --topics");
            }
            return readingsExist;
        }
    }

    /** Creates both topics and writes the readings (in arrival order) and the devices into them. */
    public void write(GeneratedTelemetry telemetry) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(readings(), 1, (short) 1), new NewTopic(devices(), 1, (short) 1)))
                    .all().get();
        }
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Reading r : telemetry.readings()) {
                producer.send(new ProducerRecord<>(readings(), 0, r.timeMs(),
                        r.device().getBytes(StandardCharsets.UTF_8),
                        TelemetryLines.format(r).getBytes(StandardCharsets.UTF_8)));
            }
            for (DeviceInfo d : telemetry.devices()) {
                producer.send(new ProducerRecord<>(devices(), 0, null, d.device().getBytes(StandardCharsets.UTF_8),
                        TelemetryLines.format(d).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    }
}
