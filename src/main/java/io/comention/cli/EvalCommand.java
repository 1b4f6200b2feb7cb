package io.comention.cli;

import io.comention.model.EntityType;
import io.comention.tagging.EntityTagger;
import io.comention.tagging.KnowledgeBase;
import io.comention.tagging.PlaceOptions;
import io.comention.tools.eval.TaggingEvaluation;
import io.comention.tools.eval.TaggingEvaluation.Miss;
import io.comention.tools.eval.TaggingEvaluation.Report;
import io.comention.tools.eval.TaggingEvaluation.Score;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code comention eval GOLD.jsonl}: precision, recall and F1 of the tagger per entity type. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Tags every passage of a gold file and prints precision, recall and F1 per entity type.",
            "GOLD.jsonl: one JSON object per line: {\"id\", \"title\"?, \"body\", \"entities\": [ids], \"spans\"?: [{\"id\",\"field\",\"start\",\"end\"}]}.",
            "The shipped gold sets are docs/eval/gold.jsonl, wire-gold.jsonl and places-gold.jsonl (format and figures:"
                    + " docs/evaluation.md)."
        })
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GOLD.jsonl", description = "The gold file.")
    Path gold;

    @Option(
            names = "--entities",
            paramLabel = "DIR",
            description = "Use the knowledge-base files in DIR instead of the bundled ones.")
    Path entitiesDir;

    @Option(names = "--errors", description = "Also list every passage with a missed or spurious entity.")
    boolean errors;

    @Option(
            names = "--places",
            negatable = true,
            description = "Tag places (the GeoNames gazetteer) and add the countries named through them. Default:"
                    + " on when the gold file gives places (docs/eval/places-gold.jsonl), off otherwise.")
    Boolean places;

    @Override
    public Integer call() throws IOException {
        List<TaggingEvaluation.Passage> passages;
        try (Reader r = Files.newBufferedReader(gold, StandardCharsets.UTF_8)) {
            passages = TaggingEvaluation.read(gold.toString(), r);
        } catch (NoSuchFileException e) {
            throw new ComentionCli.UserError(gold + ": no such file");
        } catch (IllegalArgumentException e) {
            throw new ComentionCli.UserError(e.getMessage());
        }
        boolean withPlaces = places != null ? places : passages.stream().anyMatch(p -> p.places() != null);
        PlaceOptions options = withPlaces ? PlaceOptions.DEFAULT : PlaceOptions.OFF;
        KnowledgeBase kb = entitiesDir == null
                ? KnowledgeBase.loadDefault(options)
                : KnowledgeBase.loadDirectory(entitiesDir, options);
        Report report = TaggingEvaluation.evaluate(new EntityTagger(kb), passages);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "%s: %d passages, %d expected entities%n",
                gold, report.passages(), report.overall().expected());
        out.printf(
                "%-13s %8s %6s %8s %10s %7s %7s%n",
                "type", "expected", "found", "correct", "precision", "recall", "F1");
        for (Map.Entry<EntityType, Score> e : report.byType().entrySet()) {
            if (e.getKey() != EntityType.PLACE) { // scored as place -> country pairs below
                row(out, e.getKey().name(), e.getValue());
            }
        }
        row(out, "all", report.overall());
        if (report.passagesWithPlaces() > 0) {
            row(out, "place>country", report.places());
            out.printf(
                    "(place>country: each place as written with its country, over the %d passages that give places)%n",
                    report.passagesWithPlaces());
        }
        if (report.passagesWithSpans() > 0) {
            row(out, "spans", report.spans());
            out.printf(
                    "(spans: exact mention offsets, over the %d passages that list them)%n",
                    report.passagesWithSpans());
        }
        if (errors) {
            for (Miss m : report.misses()) {
                out.printf("  %s: missed %s, spurious %s%n", m.passage(), m.missed(), m.spurious());
            }
        }
        out.printf(
                "%d of %d passages tagged exactly as the gold expects%n",
                report.passages() - report.misses().size(), report.passages());
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String label, Score s) {
        out.printf(
                "%-13s %8d %6d %8d %10.3f %7.3f %7.3f%n",
                label, s.expected(), s.found(), s.truePositives(), s.precision(), s.recall(), s.f1());
    }
}
