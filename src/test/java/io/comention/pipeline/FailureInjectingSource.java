package io.comention.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Test-only: wraps the job's real article source and, following a {@link Plan} the test sets, makes
 * its reader throw, so the job fails and recovers from its last checkpoint exactly as after a crash.
 * Everything else is delegated unchanged, so the production graph runs as it is.
 *
 * <p>A failure is armed when the readers together have emitted a given number of records (counted
 * across restarts, so failures spread over the run). {@link Mode#AFTER_CHECKPOINT} throws from the
 * reader's {@code notifyCheckpointComplete}: the checkpoint is complete at the JobManager, while the
 * sinks may or may not have committed its transactions yet. {@link Mode#MID_STREAM} throws from
 * {@code pollNext}, between checkpoints. The plan also records how many checkpoints one reader had in
 * flight at once (snapshotted, not yet confirmed), to prove concurrent checkpoints really overlapped.
 */
final class FailureInjectingSource<T, S extends SourceSplit, E> implements Source<T, S, E>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    enum Mode {
        AFTER_CHECKPOINT,
        MID_STREAM
    }

    /** One planned failure: once this many records were emitted, fail in this way. */
    record Failure(long afterRecords, Mode mode) {}

    /** The failures for the current run and what happened; the mini cluster runs in the test's JVM. */
    static final class Plan {
        static volatile List<Failure> failures = List.of();
        static final AtomicInteger injected = new AtomicInteger();
        static final AtomicLong records = new AtomicLong();
        static final AtomicInteger maxInFlight = new AtomicInteger();

        static void reset(List<Failure> planned) {
            failures = List.copyOf(planned);
            injected.set(0);
            records.set(0);
            maxInFlight.set(0);
        }

        /** Claims the next planned failure if it is due and of {@code mode}; at most one reader wins. */
        static boolean claim(Mode mode) {
            int next = injected.get();
            List<Failure> planned = failures;
            if (next >= planned.size()) {
                return false;
            }
            Failure f = planned.get(next);
            return f.mode() == mode && records.get() >= f.afterRecords() && injected.compareAndSet(next, next + 1);
        }
    }

    private final Source<T, S, E> delegate;

    FailureInjectingSource(Source<T, S, E> delegate) {
        this.delegate = delegate;
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
        return new Reader<>(delegate.createReader(context));
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
        return delegate.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint) throws Exception {
        return delegate.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeInformation<T> getProducedType() {
        return ((ResultTypeQueryable<T>) delegate).getProducedType();
    }

    /** Delegates everything; counts records, tracks checkpoints in flight and throws when the plan says. */
    private static final class Reader<T, S extends SourceSplit> implements SourceReader<T, S> {
        private final SourceReader<T, S> delegate;
        private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
        private CountingOutput<T> counting;

        Reader(SourceReader<T, S> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            if (Plan.claim(Mode.MID_STREAM)) {
                throw new InjectedFailure("mid-stream, after " + Plan.records.get() + " records");
            }
            if (counting == null || counting.delegate != output) {
                counting = new CountingOutput<>(output);
            }
            return delegate.pollNext(counting);
        }

        @Override
        public List<S> snapshotState(long checkpointId) {
            inFlight.add(checkpointId);
            Plan.maxInFlight.accumulateAndGet(inFlight.size(), Math::max);
            return delegate.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public void addSplits(List<S> splits) {
            delegate.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            delegate.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            delegate.handleSourceEvents(event);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
            delegate.pauseOrResumeSplits(toPause, toResume);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            // a completed checkpoint subsumes every earlier one
            inFlight.removeIf(id -> id <= checkpointId);
            delegate.notifyCheckpointComplete(checkpointId);
            if (Plan.claim(Mode.AFTER_CHECKPOINT)) {
                throw new InjectedFailure(
                        "right after checkpoint " + checkpointId + ", " + Plan.records.get() + " records");
            }
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            inFlight.remove(checkpointId);
            delegate.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }

    /** Passes records on and counts them. */
    private static final class CountingOutput<T> implements ReaderOutput<T> {
        final ReaderOutput<T> delegate;

        CountingOutput(ReaderOutput<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void collect(T record) {
            Plan.records.incrementAndGet();
            delegate.collect(record);
        }

        @Override
        public void collect(T record, long timestamp) {
            Plan.records.incrementAndGet();
            delegate.collect(record, timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            delegate.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            delegate.markIdle();
        }

        @Override
        public void markActive() {
            delegate.markActive();
        }

        @Override
        public SourceOutput<T> createOutputForSplit(String splitId) {
            SourceOutput<T> split = delegate.createOutputForSplit(splitId);
            return new SourceOutput<>() {
                @Override
                public void collect(T record) {
                    Plan.records.incrementAndGet();
                    split.collect(record);
                }

                @Override
                public void collect(T record, long timestamp) {
                    Plan.records.incrementAndGet();
                    split.collect(record, timestamp);
                }

                @Override
                public void emitWatermark(Watermark watermark) {
                    split.emitWatermark(watermark);
                }

                @Override
                public void markIdle() {
                    split.markIdle();
                }

                @Override
                public void markActive() {
                    split.markActive();
                }
            };
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            delegate.releaseOutputForSplit(splitId);
        }
    }

    /** The exception a planned failure throws; its message says where. */
    static final class InjectedFailure extends Exception {
        InjectedFailure(String message) {
            super("injected failure " + message);
        }
    }
}
