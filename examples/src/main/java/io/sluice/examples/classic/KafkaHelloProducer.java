package io.sluice.examples.classic;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.connectors.kafka.KafkaSink;
import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;

/**
 * The producer of Kafka's hello world as a Sluice job: writes one message, {@code hello world}
 * unless given, to a topic through a {@link KafkaSink}, and ends once the broker has acknowledged
 * it (the sink flushes at the end of input). Read it back with {@link KafkaHelloReader}.
 *
 * <pre>
 * KafkaHelloProducer [--bootstrap-servers HOST:PORT] [--topic NAME] [--message TEXT]
 * </pre>
 *
 * The topic must exist, or the broker must create topics on first use, as the one
 * {@code examples/kafka-local.sh} starts does.
 */
public final class KafkaHelloProducer implements Job {

    static final String USAGE = "usage: KafkaHelloProducer [--bootstrap-servers HOST:PORT] [--topic NAME]"
            + " [--message TEXT]"
            + "\n  --bootstrap-servers HOST:PORT  the Kafka broker (default " + KafkaHelloReader.DEFAULT_BOOTSTRAP + ")"
            + "\n  --topic NAME                   the topic to write to (default "
            + KafkaHelloReader.DEFAULT_TOPIC + ")"
            + "\n  --message TEXT                 the message (default \"" + KafkaHelloProducer.DEFAULT_MESSAGE + "\")";

    static final String DEFAULT_MESSAGE = "hello world";

    public static void main(String[] args) throws Exception {
        Launcher.run(new KafkaHelloProducer(), "kafka-hello-producer", args);
    }

    @Override
    public void define(StreamEnvironment env, String[] args) {
        Flags flags = Flags.parse(args, USAGE, "bootstrap-servers", "topic", "message");
        String bootstrap = flags.get("bootstrap-servers", KafkaHelloReader.DEFAULT_BOOTSTRAP);
        String topic = flags.get("topic", KafkaHelloReader.DEFAULT_TOPIC);

        env.fromElements(flags.get("message", DEFAULT_MESSAGE)).name("message")
                .sinkTo(KafkaSink.builder(bootstrap, topic, RecordSerializer.utf8()).build()).name("kafka-sink")
                .setParallelism(1);
    }
}
