package io.comention.cli;

import io.comention.config.ComentionConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The one {@code --config} option: every command that reads comention.yaml mixes this in. */
final class ConfigOption {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "comention.yaml to use (default: the configuration bundled with comention).")
    Path file;

    /** The file's configuration, or the bundled one without --config. */
    ComentionConfig load() {
        return file == null ? ComentionConfig.bundled() : ComentionConfig.load(file);
    }

    /** The file, for commands that cannot run on the bundled configuration alone. */
    Path required(String why) {
        if (file == null) {
            throw new ComentionCli.UserError("--config FILE is required: " + why);
        }
        return file;
    }
}
