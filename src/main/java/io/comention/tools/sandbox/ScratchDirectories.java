package io.comention.tools.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The working folders of local brokers, mini clusters and benchmarks, removed when their run ends. */
public final class ScratchDirectories {

    private ScratchDirectories() {}

    /**
     * Deletes {@code dir} and everything below it; nothing happens when it does not exist. A file that
     * vanishes meanwhile is no error: Flink may still be discarding a cancelled job's last checkpoint in
     * the folder, so the walk starts over until nothing is left.
     */
    public static void deleteRecursively(Path dir) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (NoSuchFileException e) {
                // gone while walking: walk again
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!Files.exists(dir)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new UncheckedIOException(new IOException("could not delete " + dir + " within 10 s"));
            }
            try {
                Thread.sleep(10); // another thread is still writing below it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while deleting " + dir));
            }
        }
    }
}
