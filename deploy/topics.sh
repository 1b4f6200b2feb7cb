#!/usr/bin/env bash
# Creates comention's topics on an existing Kafka cluster with kafka-topics.sh (on PATH, or set
# KAFKA_TOPICS to its path). With their defaults the arguments give the topics of deploy/k8s/kafka.
#   deploy/topics.sh BOOTSTRAP [PARTITIONS] [REPLICATION] [CLIENT_PROPERTIES]
# CLIENT_PROPERTIES is a Kafka client properties file for a secured cluster (--command-config), e.g.
#   security.protocol=SASL_SSL
#   sasl.mechanism=SCRAM-SHA-512
#   sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="…";
#   ssl.truststore.type=PEM
#   ssl.truststore.location=/path/ca.crt
# The principal needs Create (and Describe) on the topics; min.insync.replicas is one less than the
# replication factor (at least 1), so a single broker may be down without stopping the producers.
set -euo pipefail
usage="usage: deploy/topics.sh BOOTSTRAP [PARTITIONS] [REPLICATION] [CLIENT_PROPERTIES]"
bootstrap="${1:?$usage}"
partitions="${2:-8}"
replication="${3:-3}"
properties="${4:-}"
kafka_topics="${KAFKA_TOPICS:-kafka-topics.sh}"
security=()
if [ -n "$properties" ]; then
  [ -r "$properties" ] || { echo "deploy/topics.sh: cannot read client properties file $properties" >&2; exit 2; }
  security=(--command-config "$properties")
fi
min_isr=$(( replication > 1 ? replication - 1 : 1 ))
week=$((7 * 24 * 3600 * 1000))
month=$((30 * 24 * 3600 * 1000))
create() {
  "$kafka_topics" --bootstrap-server "$bootstrap" ${security[@]+"${security[@]}"} --create --if-not-exists \
    --replication-factor "$replication" "$@" --config min.insync.replicas="$min_isr"
}
create --topic news.raw --partitions "$partitions" --config retention.ms=$week
create --topic news.tagged --partitions "$partitions" --config retention.ms=$week
create --topic news.alerts --partitions "$partitions" --config retention.ms=$month
create --topic news.deadletter --partitions "$partitions" --config retention.ms=$month
create --topic news.comention.counts --partitions "$partitions" --config cleanup.policy=compact --config min.compaction.lag.ms=60000
create --topic news.control --partitions 1 --config cleanup.policy=compact
