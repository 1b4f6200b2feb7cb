package io.comention.pipeline;

import io.comention.model.ControlMessage;
import io.comention.model.ControlParser;
import io.comention.model.DeadLetter;
import io.comention.model.RawRecord;
import io.comention.model.RuleLimits;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Reads {@code news.control} records; one that is not a valid control message, or a rule outside the
 * job's {@link RuleLimits}, goes to the dead letters.
 */
public final class ParseControl extends ProcessFunction<RawRecord, ControlMessage> {

    private static final long serialVersionUID = 1L;

    private final RuleLimits limits;

    public ParseControl(RuleLimits limits) {
        this.limits = limits;
    }

    private transient Counter invalid;

    @Override
    public void open(OpenContext openContext) {
        invalid = getRuntimeContext().getMetricGroup().counter(Metrics.CONTROL_INVALID);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ControlMessage> out) {
        if (raw.value() == null) {
            return; // a compaction tombstone: the object's latest change was superseded, nothing to apply
        }
        try {
            out.collect(ControlParser.parse(raw.value(), limits));
        } catch (ControlParser.InvalidControl e) {
            invalid.inc();
            ctx.output(
                    ParseArticles.DEAD_LETTERS,
                    new DeadLetter(raw, DeadLetter.ErrorKind.INVALID_CONTROL, e.getMessage(), Instant.now()));
        }
    }
}
