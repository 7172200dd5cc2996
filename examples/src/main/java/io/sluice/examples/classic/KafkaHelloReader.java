package io.sluice.examples.classic;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.console.ConsoleSink;
import io.sluice.connectors.kafka.KafkaSource;
import io.sluice.connectors.kafka.StartingOffsets;
import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;

/**
 * The consumer of Kafka's hello world as a Sluice job: reads a topic from its earliest offset and
 * prints each message on a line of its own, as {@code kafka-console-consumer --from-beginning}
 * does. By default it reads what the topic holds when the job starts and ends; with
 * {@code --follow true} it goes on printing new messages until stopped (Ctrl-C).
 *
 * <pre>
 * KafkaHelloReader [--bootstrap-servers HOST:PORT] [--topic NAME] [--follow true|false]
 * </pre>
 *
 * The topic must exist when the job starts (write to it first with {@link KafkaHelloProducer}).
 */
public final class KafkaHelloReader implements Job {

    static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    static final String DEFAULT_TOPIC = "hello-world";

    static final String USAGE = "usage: KafkaHelloReader [--bootstrap-servers HOST:PORT] [--topic NAME]"
            + " [--follow true|false]"
            + "\n  --bootstrap-servers HOST:PORT  the Kafka broker (default " + DEFAULT_BOOTSTRAP + ")"
            + "\n  --topic NAME                   the topic to read, from its earliest offset (default "
            + DEFAULT_TOPIC + ")"
            + "\n  --follow false                 print what the topic holds now, then end (default)"
            + "\n  --follow true                  go on printing new messages until stopped";

    public static void main(String[] args) throws Exception {
        Launcher.run(new KafkaHelloReader(), "kafka-hello-reader", args);
    }

    @Override
    public void define(StreamEnvironment env, String[] args) {
        Flags flags = Flags.parse(args, USAGE, "bootstrap-servers", "topic", "follow");
        String bootstrap = flags.get("bootstrap-servers", DEFAULT_BOOTSTRAP);
        String topic = flags.get("topic", DEFAULT_TOPIC);
        boolean follow = switch (flags.get("follow", "false")) {
            case "false" -> false;
            case "true" -> true;
            default -> throw flags.usageError("--follow is 'true' or 'false', got '" + flags.get("follow", null) + "'");
        };

        KafkaSource.Builder<String> source = KafkaSource.builder(bootstrap, RecordDeserializer.utf8())
                .topics(topic)
                .startingOffsets(StartingOffsets.earliest());
        if (!follow) {
            source.bounded();
        }
        env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "kafka-source")
                .sinkTo(ConsoleSink.<String>stdout().withFlushOnEveryLine()).name("print").setParallelism(1);
    }
}
