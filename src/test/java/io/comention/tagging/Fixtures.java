package io.comention.tagging;

import io.comention.model.Span;
import io.comention.model.TaggedEntity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Shared test helpers: one bundled knowledge base per JVM, and scratch folders under target/. */
final class Fixtures {

    static final KnowledgeBase KB = KnowledgeBase.loadDefault();
    static final EntityTagger TAGGER = new EntityTagger(KB);

    private Fixtures() {}

    static List<TaggedEntity> tag(String body) {
        return TAGGER.tag(null, body);
    }

    static List<String> ids(List<TaggedEntity> entities) {
        return entities.stream().map(TaggedEntity::id).toList();
    }

    static List<String> idsIn(String body) {
        return ids(tag(body)).stream().sorted().toList();
    }

    static Optional<TaggedEntity> find(List<TaggedEntity> entities, String id) {
        return entities.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The entity ids whose spans cover exactly the given surface text. */
    static List<String> idsForSurface(List<TaggedEntity> entities, String surface) {
        return entities.stream()
                .filter(e -> e.spans().stream().map(Span::text).anyMatch(surface::equals))
                .map(TaggedEntity::id)
                .sorted()
                .toList();
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, empty scratch folder under target/ (never the system temp folder). */
    static Path scratchDir(String name) {
        Path dir = Path.of("target", "test-scratch", name);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String fileName, String content) {
        try {
            return Files.writeString(dir.resolve(fileName), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One tagged entity as a golden file writes it: id, type, name ({@code withPlace}: its country and
     * via-places too), mentions, salience, then a line per span with line breaks escaped.
     */
    static void appendGolden(StringBuilder out, TaggedEntity e, boolean withPlace) {
        out.append(e.id()).append(' ').append(e.type()).append(' ').append(e.name());
        if (withPlace) {
            out.append(" country=").append(e.country()).append(" via=").append(e.via());
        }
        out.append(" mentions=")
                .append(e.mentions())
                .append(" salience=")
                .append(e.salience())
                .append('\n');
        for (Span s : e.spans()) {
            String text = s.text().replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
            out.append("  ")
                    .append(s.field())
                    .append(' ')
                    .append(s.start())
                    .append(' ')
                    .append(s.end())
                    .append(' ')
                    .append(text)
                    .append('\n');
        }
    }

    /** A gzipped test resource as UTF-8 text (the golden files are kept compressed). */
    static String gunzip(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
