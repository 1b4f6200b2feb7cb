package io.comention.cli;

import io.comention.config.ComentionConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The two flags of a replay, shared by {@code run}, {@code submit} and {@code upgrade}:
 * {@code --starting-offsets} (where the source starts without a savepoint) and {@code --output-suffix}
 * (outputs, job name and consumer group of their own, {@link ComentionConfig#withOutputSuffix}).
 */
final class Replay {

    static final String STARTING_OFFSETS_HELP =
            "Where news.raw is read from on a start without a savepoint: committed (falls back to earliest), "
                    + "earliest or latest (default: job.starting_offsets of the configuration). "
                    + "A replay of the whole topic uses earliest.";

    static final String OUTPUT_SUFFIX_HELP =
            "Appended to the output topics (tagged, counts, alerts, deadletter), the job name (its transactional ids) "
                    + "and the consumer group, so a replay writes beside the live job instead of into its topics, "
                    + "e.g. .replay-2026-11. The input and control topics stay.";

    private Replay() {}

    /** {@code config} with the flags applied (null: not given); a bad value is a one-line user error. */
    static ComentionConfig apply(ComentionConfig config, String startingOffsets, String outputSuffix) {
        ComentionConfig out = config;
        if (startingOffsets != null) {
            out = out.withStartingOffsets(checkedStartingOffsets(startingOffsets));
        }
        if (outputSuffix != null) {
            out = out.withOutputSuffix(checkedOutputSuffix(outputSuffix));
        }
        return out;
    }

    /** The job's program arguments for the flags given. */
    static List<String> programArgs(String startingOffsets, String outputSuffix) {
        List<String> args = new ArrayList<>();
        if (startingOffsets != null) {
            args.add("--starting-offsets");
            args.add(checkedStartingOffsets(startingOffsets));
        }
        if (outputSuffix != null) {
            args.add("--output-suffix");
            args.add(checkedOutputSuffix(outputSuffix));
        }
        return args;
    }

    static String checkedStartingOffsets(String mode) {
        if (!ComentionConfig.STARTING_OFFSETS.contains(mode)) {
            throw new ComentionCli.UserError("--starting-offsets must be committed, earliest or latest, was '" + mode
                    + "'; to reprocess the whole topic pass --starting-offsets earliest");
        }
        return mode;
    }

    static String checkedOutputSuffix(String suffix) {
        String problem = ComentionConfig.outputSuffixProblem(suffix);
        if (problem != null) {
            throw new ComentionCli.UserError(
                    "--output-suffix " + problem + "; pass e.g. --output-suffix .replay-2026-11");
        }
        return suffix;
    }
}
