package io.comention.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code comention tail}: prints a topic's committed records as they arrive. */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the records of a topic as they arrive, one value per line (read_committed: only",
            "output of completed checkpoints). Stops after --max records, or on Ctrl-C."
        })
final class TailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(names = "--keys", description = "Print each record's key before its value, separated by a tab.")
    boolean keys;

    @Option(names = "--headers", description = "Print each record's headers (e.g. dead-letter reasons) before it.")
    boolean headers;

    @Override
    public Integer call() {
        Properties props = kafka.checkedClientProperties();
        PrintWriter out = spec.commandLine().getOut();
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.committedReader(props)) {
            List<TopicPartition> partitions = Clients.partitionsOf(consumer, topic, Duration.ofSeconds(15));
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            try (UntilCtrlC ctrlC = UntilCtrlC.install(Duration.ofSeconds(5), consumer::wakeup)) {
                while (max == null || seen < max) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        print(out, r);
                        if (max != null && ++seen >= max) {
                            break;
                        }
                    }
                    out.flush();
                }
            } catch (WakeupException stopped) {
                // Ctrl-C: leave quietly
            } finally {
                out.flush();
            }
        }
        return 0;
    }

    private void print(PrintWriter out, ConsumerRecord<byte[], byte[]> r) {
        if (headers) {
            for (Header h : r.headers()) {
                out.println("# " + h.key() + ": "
                        + (h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)));
            }
        }
        String value = r.value() == null ? "(null)" : new String(r.value(), StandardCharsets.UTF_8);
        if (keys) {
            out.println((r.key() == null ? "(null)" : new String(r.key(), StandardCharsets.UTF_8)) + "\t" + value);
        } else {
            out.println(value);
        }
    }
}
