#!/bin/sh
# Creates the project's topics (the same as ../strimzi/kafkatopics.yaml) with Kafka's own tool;
# run by job.yaml. Existing topics are left as they are (--if-not-exists).
set -eu
: "${BOOTSTRAP:?BOOTSTRAP must name the Kafka bootstrap servers}"
# Client settings for SASL/TLS clusters: a properties file mounted from the Secret (optional).
CONFIG=""
if [ -s /etc/kafka-client/client.properties ]; then CONFIG="--command-config /etc/kafka-client/client.properties"; fi
create() {
  # shellcheck disable=SC2086 # CONFIG holds two words or none on purpose
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" $CONFIG --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 3 --config min.insync.replicas=2 --config "$3"
}
create uploads 6 retention.ms=604800000
create quality-scores 6 retention.ms=2592000000
create quality-alerts 6 retention.ms=2592000000
create quality-drift-alerts 1 retention.ms=7776000000
create quality-dead-letters 6 retention.ms=1209600000
create quality-drift-baselines 1 cleanup.policy=compact
