package io.comention.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.comention.kafka.Producers;
import io.comention.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code comention produce}: writes each line of a JSONL file as one record. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Writes each non-empty line of a JSONL file to a topic as one record, byte for byte.",
            "The key is the line's \"id\" field when it has one."
        })
final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "TOPIC",
            description = "The topic to write to, e.g. news.raw.")
    String topic;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "A file with one record per line.")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new ComentionCli.UserError(file + ": no such file");
        }
        Properties props = kafka.checkedClientProperties();
        long count = 0;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                KafkaProducer<byte[], byte[]> producer = Producers.acknowledged(props)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                producer.send(new ProducerRecord<>(topic, keyOf(line), line.getBytes(StandardCharsets.UTF_8)))
                        .get();
                count++;
            }
        } catch (NoSuchFileException e) {
            throw new ComentionCli.UserError(file + ": no such file");
        }
        spec.commandLine().getOut().printf("produced %d records to %s%n", count, topic);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static byte[] keyOf(String line) {
        try {
            JsonNode id = Json.MAPPER.readTree(line).get("id");
            return id != null && id.isTextual() ? Json.utf8(id.asText()) : null;
        } catch (IOException | RuntimeException e) {
            return null; // not JSON: written unkeyed, the pipeline dead-letters it
        }
    }
}
