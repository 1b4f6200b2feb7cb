#!/usr/bin/env python3
"""Where the pipeline's CPU goes, per stage, from a JFR recording of `bench pipeline`.

Usage:
  COMENTION_JAVA_OPTS="-XX:StartFlightRecording=filename=target/prof/run.jfr,settings=profile" \
    bin/comention bench pipeline --articles 10000 --runs 3 --warmup-runs 1
  tools/profile/stages.py target/prof/run.jfr --articles-per-cpu-second 430

Each execution sample outside the job's records (start-up, the harness generating articles) is put
apart; the others go to the stage of the first frame, from the innermost outwards, that a rule
below recognises; µs per article is the stage's share of the samples times the CPU time per article
(1e6 / articles per CPU second, from the benchmark's last line), over the samples of the job's
records only (warm-up runs included: the same work as the measured ones). JIT and GC threads are not sampled, so
their CPU is spread over the stages in proportion.
"""
import argparse
import collections
import re
import subprocess
import sys

# stages recognised by any frame of the stack: work outside the job's records
WHOLE_STACK = [
    ("start-up (knowledge base, job graph)", ("io.comention.tagging.KnowledgeBase.load",
                                             "io.comention.tagging.AliasMatcherBuilder",
                                             "io.comention.pipeline.ComentionJob.build",
                                             "org.apache.flink.client", "org.apache.flink.runtime.minicluster")),
    ("bench harness (generating articles)", ("io.comention.tools.bench.PipelineBenchmark.articles",
                                            "io.comention.tools.bench.BenchArticles")),
]

# (stage, frame prefixes), tried in order for each frame from the innermost outwards
RULES = [
    ("count: Flink's timer queue", ("org.apache.flink.runtime.state.heap.HeapPriorityQueue",
                                    "org.apache.flink.runtime.state.heap.AbstractHeapPriorityQueue",
                                    "org.apache.flink.streaming.api.operators.InternalTimerServiceImpl.register",
                                    "org.apache.flink.streaming.api.operators.InternalTimerServiceImpl.delete",
                                    "org.apache.flink.streaming.api.operators.TimerHeapInternalTimer")),
    ("count: state copies and checkpoint writes", ("io.comention.pipeline.CombinationStateSerializer",
                                                   "org.apache.flink.runtime.state.heap.CopyOnWriteStateMap",
                                                   "org.apache.flink.runtime.state.heap.HeapSnapshotStrategy",
                                                   "org.apache.flink.runtime.state.FullSnapshotAsyncWriter")),
    ("records between operators", ("org.apache.flink.runtime.io.network",
                                   "org.apache.flink.runtime.io.disk",
                                   "org.apache.flink.streaming.runtime.io",
                                   "org.apache.flink.runtime.plugable",
                                   "org.apache.flink.streaming.runtime.streamrecord.StreamElementSerializer",
                                   "org.apache.flink.api.java.typeutils.runtime",
                                   "org.apache.flink.api.common.typeutils.base",
                                   "io.comention.model.serializers",
                                   "org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput",
                                   "org.apache.flink.streaming.runtime.tasks.BroadcastingOutputCollector")),
    ("parse", ("io.comention.pipeline.ParseArticles", "io.comention.model.ArticleParser")),
    ("dedup", ("io.comention.pipeline.DropDuplicates",)),
    ("tag", ("io.comention.pipeline.TagEntities", "io.comention.tagging.")),
    ("fingerprint + near-duplicate flags", ("io.comention.pipeline.FingerprintArticles",
                                            "io.comention.pipeline.FlagNearDuplicates",
                                            "io.comention.pipeline.SkipNearDuplicates",
                                            "io.comention.pipeline.DropFingerprint",
                                            "io.comention.analytics.Fingerprint")),
    ("combinations", ("io.comention.pipeline.ToCombinations", "io.comention.pipeline.ToCountedArticle",
                      "io.comention.analytics.Combinations")),
    ("count: on arrival and at horizon exits", ("io.comention.pipeline.CountCombinations",
                                                 "io.comention.analytics.CoMentionCounter",
                                                 "io.comention.analytics.CombinationState",
                                                 "io.comention.analytics.Baseline",
                                                 "io.comention.analytics.SortedTimes",
                                                 "io.comention.analytics.AlertRules",
                                                 "org.apache.flink.streaming.api.operators.InternalTimerServiceImpl",
                                                 "org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator")),
    ("alerts (one per story) + lift", ("io.comention.pipeline.GroupAlerts", "io.comention.pipeline.AddLift",
                                       "io.comention.pipeline.EntityFrequencies",
                                       "io.comention.pipeline.ToEntityMentions",
                                       "io.comention.pipeline.ToFrequencyQuestions",
                                       "io.comention.analytics.AlertGrouping", "io.comention.analytics.Explanations")),
    ("sinks (discarding)", ("org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink",
                            "org.apache.flink.streaming.runtime.operators.sink")),
    ("source (generator)", ("org.apache.flink.connector.datagen",
                            "org.apache.flink.streaming.api.operators.SourceOperator")),
]

FRAME = re.compile(r"^\s+([\w$.<>]+)\(")


def samples(path):
    text = subprocess.run(["jfr", "print", "--stack-depth", "96", "--events", "jdk.ExecutionSample", path],
                          check=True, capture_output=True, text=True).stdout
    frames, inside = [], False
    for line in text.splitlines():
        if "stackTrace = [" in line:
            frames, inside = [], True
        elif inside and line.strip() == "]":
            inside = False
            yield frames
        elif inside:
            m = FRAME.match(line)
            if m:
                frames.append(m.group(1))


def stage(frames):
    for name, prefixes in WHOLE_STACK:
        if any(frame.startswith(prefixes) for frame in frames):
            return name
    for frame in frames:  # innermost first
        for name, prefixes in RULES:
            if frame.startswith(prefixes):
                return name
    return "other (job submission, harness, thread plumbing)"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("recording")
    parser.add_argument("--articles-per-cpu-second", type=float, required=True)
    args = parser.parse_args()
    tally = collections.Counter(stage(f) for f in samples(args.recording))
    outside = {name for name, _ in WHOLE_STACK}
    total = sum(n for name, n in tally.items() if name not in outside)
    if total == 0:
        sys.exit("no execution samples of the job's records in " + args.recording)
    us_per_article = 1e6 / args.articles_per_cpu_second
    print(f"| stage | share of {total:,} samples | µs per article |")
    print("|---|---|---|")
    for name in [name for name, _ in RULES] + ["other (job submission, harness, thread plumbing)"]:
        share = tally.get(name, 0) / total
        print(f"| {name} | {100 * share:.1f} % | {share * us_per_article:,.0f} |")
    print(f"| all | 100 % | {us_per_article:,.0f} |")
    for name in outside:
        print(f"(not counted above: {name}, {tally.get(name, 0):,} samples)")

if __name__ == "__main__":
    main()
