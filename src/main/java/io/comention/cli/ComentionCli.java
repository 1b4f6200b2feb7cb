package io.comention.cli;

import io.comention.config.ConfigException;
import io.comention.ops.FlinkRest;
import io.comention.tagging.KnowledgeBaseException;
import io.comention.tools.sandbox.ScratchDirectories;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.KafkaException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code comention}: the launcher. Each subcommand is its own class; user mistakes print one line, no stack trace. */
@Command(
        name = "comention",
        mixinStandardHelpOptions = true,
        versionProvider = ComentionCli.Version.class,
        description = "Entity tagging, co-mention counts and alerts over a Kafka stream of news articles.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            TagCommand.class,
            ProduceCommand.class,
            TailCommand.class,
            SimulateCommand.class,
            DashboardCommand.class,
            RuleCommand.Rule.class,
            RuleCommand.Entity.class,
            SandboxKafkaCommand.class,
            ClusterCommand.class,
            JobCommands.Submit.class,
            JobCommands.Savepoint.class,
            JobCommands.Upgrade.class,
            JobCommands.Stop.class,
            JobCommands.Status.class,
            EvalCommand.class,
            BenchCommand.class,
            SoakCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ComentionCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        Path own = usePrivateTempDirectory();
        int code = execute(args);
        // the command has closed what it started; the exit hook below stays for Ctrl-C and for files
        // written while the JVM shuts down, but racing Flink's own hooks it can miss some
        deleteQuietly(own);
        System.exit(code);
    }

    /**
     * Points {@code java.io.tmpdir} at a directory of this run's own, removed when the JVM exits: a
     * local Flink runtime (demo, run, bench, simulate, soak) unpacks its RPC jar (21 MB) and working
     * files there and does not always remove them. Processes that outlive the command (a sandbox
     * cluster) are given their own directories.
     */
    private static Path usePrivateTempDirectory() {
        try {
            Path own = Files.createTempDirectory("comention-");
            System.setProperty("java.io.tmpdir", own.toString());
            UntilCtrlC.atExit("comention-tmp-cleanup", () -> deleteQuietly(own));
            return own;
        } catch (IOException | RuntimeException e) {
            // an unwritable temp folder: keep the default and let the command report what fails
            return null;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            ScratchDirectories.deleteRecursively(dir);
        } catch (RuntimeException e) {
            // files vanishing under the walk as the runtime shuts down: what is left stays
        }
    }

    /** Runs a command line and returns its exit code (tests call this directly). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line writing to the given streams and returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new ComentionCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(ComentionCli::handle);
        return cli.execute(args);
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable cause = e;
        while (cause.getCause() != null
                && !(cause instanceof UserError)
                && !(cause instanceof ConfigException)
                && !(cause instanceof KnowledgeBaseException)) {
            cause = cause.getCause();
        }
        if (cause instanceof UserError || cause instanceof ConfigException || cause instanceof KnowledgeBaseException) {
            err.println("error: " + cause.getMessage());
            return 2;
        }
        if (cause instanceof FlinkRest.RestException) {
            err.println("error: Flink: " + cause.getMessage());
            return 4;
        }
        if (cause instanceof KafkaException) {
            err.println("error: Kafka: " + cause.getMessage());
            return 3;
        }
        err.println("error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                + " (details in the log file)");
        LoggerFactory.getLogger(ComentionCli.class).error("command failed", e);
        return 1;
    }

    /** A mistake the user can fix; its message says how. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ComentionCli.class.getPackage().getImplementationVersion();
            return new String[] {"comention " + (v == null ? "(development build)" : v)};
        }
    }
}
