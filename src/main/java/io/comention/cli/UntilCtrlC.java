package io.comention.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for commands that run until stopped. The JVM runs shutdown hooks and then exits, so the hook
 * only signals ({@code onStop}: set a flag, interrupt, wake a consumer) and then waits, up to
 * {@code grace}, until the command's own {@code finally} blocks have closed what it started and it
 * {@link #close() closes} this guard. Closing without Ctrl-C removes the hook.
 */
final class UntilCtrlC implements AutoCloseable {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    private UntilCtrlC(Duration grace, Runnable onStop) {
        hook = new Thread(
                () -> {
                    stopRequested.countDown();
                    onStop.run();
                    try {
                        cleanedUp.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "comention-ctrl-c");
    }

    /** Installs the hook; {@code onStop} runs on Ctrl-C, before the hook waits for {@link #close()}. */
    static UntilCtrlC install(Duration grace, Runnable onStop) {
        UntilCtrlC guard = new UntilCtrlC(grace, onStop);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /** Installs a hook that only records the request; for commands that {@link #await()} it. */
    static UntilCtrlC install(Duration grace) {
        return install(grace, () -> {});
    }

    /** Whether Ctrl-C was pressed. */
    boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    /** Blocks until Ctrl-C. */
    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** The command has cleaned up: let a running hook finish, or remove the hook if Ctrl-C never came. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and has just been released
        }
    }

    /** Runs {@code action} when the JVM exits, however it exits (temporary files of this run). */
    static void atExit(String name, Runnable action) {
        Runtime.getRuntime().addShutdownHook(new Thread(action, name));
    }
}
