package io.comention.kafka;

import io.comention.tools.sandbox.LocalKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Kafka broker (KRaft, in this JVM, a {@link LocalKafkaBroker}) for every test class of the JVM that
 * registers this extension: started before the first such class, stopped (its log directory deleted) when
 * the whole test run ends, so the ITCases pay for one broker start instead of one each. Sharing it makes
 * no test depend on another as long as each names its own topics, consumer groups and transactional ids
 * (a fresh random suffix per test), which every user does. A test that kills, restarts or reconfigures a
 * broker starts its own.
 *
 * <pre>{@code
 * @RegisterExtension static final SharedKafka KAFKA = new SharedKafka();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 */
public final class SharedKafka implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);

    /** Stored in the root context's store: JUnit closes it (stops the broker) after the last test of the run. */
    private record Running(LocalKafkaBroker broker) implements AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }

    private volatile LocalKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class)
                .broker();
    }

    private static Running start() {
        try {
            return new Running(LocalKafkaBroker.start(0, Path.of(System.getProperty("java.io.tmpdir"))));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the shared Kafka broker", e);
        }
    }

    /** The shared broker; only from a test class that registered this extension, once its {@code @BeforeAll} ran. */
    public LocalKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "SharedKafka is used before its beforeAll: register it as a static @RegisterExtension field");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
