package io.comention.tools.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirectoriesTest {

    @TempDir
    Path temp;

    @Test
    void deletesATreeAndToleratesOneThatIsNotThere() throws Exception {
        Path dir = temp.resolve("run");
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/file"), "x");
        Files.writeString(dir.resolve("top"), "y");
        ScratchDirectories.deleteRecursively(dir);
        assertThat(dir).doesNotExist();
        ScratchDirectories.deleteRecursively(dir); // already gone: nothing to do
    }

    @Test
    void finishesWhileAnotherThreadIsStillDeletingFilesBelowIt() throws Exception {
        // as when Flink discards a cancelled job's last checkpoint in the folder being removed
        Path dir = temp.resolve("checkpoints");
        Files.createDirectories(dir.resolve("chk-4"));
        for (int i = 0; i < 2_000; i++) {
            Files.writeString(dir.resolve("chk-4/part-" + i), "x");
        }
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            started.countDown();
            for (int i = 0; i < 2_000 && !stop.get(); i++) {
                try {
                    Files.deleteIfExists(dir.resolve("chk-4/part-" + i));
                } catch (Exception e) {
                    // the folder may be gone already
                }
            }
        });
        other.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        ScratchDirectories.deleteRecursively(dir);
        stop.set(true);
        other.join(10_000);
        assertThat(dir).doesNotExist();
    }
}
