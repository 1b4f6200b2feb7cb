package io.comention.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.comention.model.Json;
import io.comention.model.TaggedEntity;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code comention tag FILE}: the entities a text or article-JSON file names. */
@Command(
        name = "tag",
        mixinStandardHelpOptions = true,
        description = {
            "Tags the entities a file names and prints them, most salient first.",
            "FILE is plain text, or an article as JSON ({\"title\": …, \"body\": …}) as on news.raw."
        })
final class TagCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A plain-text file or an article JSON file.")
    Path file;

    @Option(names = "--json", description = "Print [{\"id\",\"name\",\"type\",\"mentions\"}] instead of a table.")
    boolean json;

    @Option(
            names = "--entities",
            paramLabel = "DIR",
            description = "Use the knowledge-base files in DIR instead of the bundled ones.")
    Path entitiesDir;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ComentionCli.UserError(file + ": no such file");
        }
        String title = null;
        String body = text;
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(trimmed);
            } catch (IOException e) {
                throw new ComentionCli.UserError(file + ": looks like JSON but does not parse: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
            title = node.path("title").isTextual() ? node.get("title").asText() : null;
            body = node.path("body").isTextual() ? node.get("body").asText() : null;
        }
        KnowledgeBase kb = entitiesDir == null ? KnowledgeBase.loadDefault() : KnowledgeBase.loadDirectory(entitiesDir);
        List<TaggedEntity> entities = new EntityTagger(kb).tag(title, body);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (TaggedEntity e : entities) {
                array.addObject()
                        .put("id", e.id())
                        .put("name", e.name())
                        .put("type", e.type().name())
                        .put("mentions", e.mentions());
            }
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else {
            out.printf("%-28s %-13s %-32s %8s %8s%n", "ID", "TYPE", "NAME", "MENTIONS", "SALIENCE");
            for (TaggedEntity e : entities) {
                out.printf("%-28s %-13s %-32s %8d %8.2f%n", e.id(), e.type(), e.name(), e.mentions(), e.salience());
            }
            out.printf("%d entities%n", entities.size());
        }
        out.flush();
        return 0;
    }
}
