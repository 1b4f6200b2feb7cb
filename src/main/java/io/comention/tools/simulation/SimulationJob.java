package io.comention.tools.simulation;

import io.comention.config.ComentionConfig;
import io.comention.model.Alert;
import io.comention.model.AlertVerdict;
import io.comention.model.ArticleCombinations;
import io.comention.model.ControlMessage;
import io.comention.model.CountUpdate;
import io.comention.pipeline.ComentionJob;
import io.comention.pipeline.CountCombinations;
import io.comention.pipeline.RecordTypes;
import io.comention.pipeline.Uids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs simulated co-mention traffic through the job's own counting operator ({@link CountCombinations},
 * with the configured buckets, horizons and alert rules) on a Flink runtime, with the job's watermark
 * strategy, and collects the alerts.
 */
public final class SimulationJob {

    private SimulationJob() {}

    public static List<Alert> run(
            StreamExecutionEnvironment env, ComentionConfig config, TrafficSimulator.Traffic traffic) throws Exception {
        ComentionJob.configure(env, config);
        // a measurement, not a service: fail at once instead of restarting
        env.configure(Configuration.fromMap(Map.of("restart-strategy.type", "none")));
        // one change that changes nothing: Flink's collection source cannot be empty
        ControlMessage noChange = new ControlMessage(
                ControlMessage.Action.DELETE_RULE, "(none)", List.of(), 0, 0, 0, null, null, List.of(), List.of());
        DataStream<ControlMessage> noControl = env.fromData(List.of(noChange), TypeInformation.of(ControlMessage.class))
                .uid(Uids.CONTROL_SOURCE)
                .broadcast();
        // one combination per record, keyed by it (the job sends an article's record to every subtask instead)
        List<ArticleCombinations> records =
                traffic.events().stream().map(ArticleCombinations::of).toList();
        SingleOutputStreamOperator<CountUpdate> updates = env.fromData(records, RecordTypes.ARTICLE_COMBINATIONS)
                .uid("simulated-traffic")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ArticleCombinations>forBoundedOutOfOrderness(
                                config.events().maxOutOfOrderness())
                        .withTimestampAssigner((e, ts) -> e.eventTime().toEpochMilli()))
                .uid(Uids.EVENT_TIME)
                .keyBy(CountCombinations.KEY)
                .connect(noControl)
                .transform(CountCombinations.NAME, RecordTypes.COUNT_UPDATE, CountCombinations.configuredBy(config))
                .uid(Uids.COUNT)
                .name(CountCombinations.NAME);
        List<Alert> alerts = new ArrayList<>();
        // each simulated article names one combination, so its verdict holds its alerts as published
        try (CloseableIterator<AlertVerdict> it =
                updates.getSideOutput(CountCombinations.VERDICTS).executeAndCollect("comention-simulation")) {
            it.forEachRemaining(v -> alerts.addAll(v.alerts()));
        }
        return alerts;
    }
}
