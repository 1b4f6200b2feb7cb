#!/usr/bin/env bash
# Creates comention's topics on an existing Kafka cluster.
#   deploy/topics.sh BOOTSTRAP [PARTITIONS] [REPLICATION]   (needs kafka-topics.sh on PATH)
set -euo pipefail
bootstrap="${1:?usage: deploy/topics.sh BOOTSTRAP [PARTITIONS] [REPLICATION]}"
partitions="${2:-8}"
replication="${3:-3}"
week=$((7 * 24 * 3600 * 1000))
create() { kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists --replication-factor "$replication" "$@"; }
create --topic news.raw --partitions "$partitions" --config retention.ms=$week
create --topic news.tagged --partitions "$partitions" --config retention.ms=$week
create --topic news.alerts --partitions "$partitions" --config retention.ms=$((30 * 24 * 3600 * 1000))
create --topic news.deadletter --partitions "$partitions" --config retention.ms=$((30 * 24 * 3600 * 1000))
create --topic news.comention.counts --partitions "$partitions" --config cleanup.policy=compact --config min.compaction.lag.ms=60000
create --topic news.control --partitions 1 --config cleanup.policy=compact
