#!/usr/bin/env bash
# Kafka in docker compose authenticates every client (SCRAM-SHA-256, each principal's password from .env) and
# authorises with ACLs. This script, as the broker's admin user (SASL/PLAIN, the one user of the broker's own
# configuration):
#   kafka-setup.sh health   asks the broker for its API versions (the kafka service's health check);
#   kafka-setup.sh          sets each principal's SCRAM credential from its password, makes the suite's topics and
#                           grants each principal exactly its ACLs (the one-shot service kafka-setup; idempotent: a
#                           changed password in .env takes effect at the next run). The same ACLs as k8s/infrastructure/kafka-users.yaml,
#                           checked by deploy-checks (KafkaSetupScriptTest).
# No service may create topics: they are made here, with ENCLAVE_KAFKA_PARTITIONS and the retention of
# docs/operations.md.
set -euo pipefail

bin="${KAFKA_BIN:-/opt/kafka/bin}"
bootstrap="${KAFKA_BOOTSTRAP:-kafka:9092}"
partitions="${ENCLAVE_KAFKA_PARTITIONS:-3}"
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
cat > "$config" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD:?}";
PROPERTIES

if [ "${1:-}" = "health" ]; then
  "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" --command-config "$config" > /dev/null
  exit
fi

# each client and the variable holding its password
clients=(enclave-command:KAFKA_ENCLAVE_COMMAND_PASSWORD coordination-service:KAFKA_COORDINATION_SERVICE_PASSWORD
  enclave-query:KAFKA_ENCLAVE_QUERY_PASSWORD slack-gateway:KAFKA_SLACK_GATEWAY_PASSWORD
  enclavectl:KAFKA_ENCLAVECTL_PASSWORD console:KAFKA_CONSOLE_PASSWORD)

# every password is checked before any credential changes
for client in "${clients[@]}"; do
  variable="${client#*:}"
  password="${!variable:-}"
  if [ -z "$password" ]; then
    echo "kafka-setup: $variable is not set (copy .env.example to .env)" >&2
    exit 1
  fi
  # kafka-configs parses [password=…] itself: a comma, bracket or equals sign would cut the password short
  case "$password" in
    *,* | *[][]* | *=* | *\ *)
      echo "kafka-setup: $variable may not contain ',', '[', ']', '=' or a space" >&2
      exit 1 ;;
  esac
done
for client in "${clients[@]}"; do
  variable="${client#*:}"
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$config" --alter \
    --add-config "SCRAM-SHA-256=[password=${!variable}]" --entity-type users --entity-name "${client%%:*}"
done

topic() { # name, then its configs
  local name="$1"
  shift
  local configs=()
  for setting in "$@"; do configs+=(--config "$setting"); done
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$config" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 "${configs[@]}"
}

allow() { # principal, topic|group, name, operations
  local principal="$1" type="$2" name="$3"
  shift 3
  local operations=()
  for operation in "$@"; do operations+=(--operation "$operation"); done
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --add \
    --allow-principal "User:$principal" "${operations[@]}" "--$type" "$name" --resource-pattern-type literal
}

transactions() { # principal: a write service answers in Kafka transactions, under its intake's transactional ids
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --add \
    --allow-principal "User:$1" --operation Write --operation Describe \
    --transactional-id "$1-intake-" --resource-pattern-type prefixed
}

week=604800000
topic enclave.commands retention.ms=$week
topic coordination.commands retention.ms=$week
topic enclave.command-results retention.ms=$week
topic enclave.commands.dlt retention.ms=2592000000
for events in enclave.events coordination.events receipts.events; do
  # the read models are rebuilt from the event topics: kept forever, never compacted
  topic "$events" retention.ms=-1 retention.bytes=-1 cleanup.policy=delete
done

all_topics=(enclave.commands coordination.commands enclave.command-results enclave.commands.dlt
  enclave.events coordination.events receipts.events)
describe_all() { # KafkaAdmin in the write services and the gateway checks that every suite topic exists
  for name in "${all_topics[@]}"; do allow "$1" topic "$name" Describe; done
}

# enclave-command: takes enclave.commands, publishes enclave.events, answers
allow enclave-command topic enclave.commands Read Describe
allow enclave-command group enclave-command-intake Read
allow enclave-command topic enclave.events Write Describe
allow enclave-command topic enclave.command-results Write Describe
allow enclave-command topic enclave.commands.dlt Write Describe
transactions enclave-command
describe_all enclave-command
# coordination-service: takes coordination.commands, publishes coordination.events, reads enclave.events
allow coordination-service topic coordination.commands Read Describe
allow coordination-service group coordination-service-intake Read
allow coordination-service topic coordination.events Write Describe
allow coordination-service topic enclave.events Read Describe DescribeConfigs
allow coordination-service topic enclave.command-results Write Describe
allow coordination-service topic enclave.commands.dlt Write Describe
transactions coordination-service
describe_all coordination-service
# enclave-query: reads both event topics (Axon assigns partitions: no consumer group)
# DescribeConfigs: each reader of an event topic checks at start that it keeps every record
allow enclave-query topic enclave.events Read Describe DescribeConfigs
allow enclave-query topic coordination.events Read Describe DescribeConfigs
# slack-gateway: sends commands, reads their results and the events it announces
allow slack-gateway topic enclave.commands Write Describe
allow slack-gateway topic coordination.commands Write Describe
allow slack-gateway topic enclave.command-results Read Describe
allow slack-gateway group slack-gateway-results Read
allow slack-gateway topic enclave.events Read Describe DescribeConfigs
allow slack-gateway topic coordination.events Read Describe DescribeConfigs
allow slack-gateway group slack-gateway-events Read
describe_all slack-gateway
# enclavectl (on the host, through the HOST listener): sends commands, reads their results, in no group
allow enclavectl topic enclave.commands Write Describe
allow enclavectl topic coordination.commands Write Describe
allow enclavectl topic enclave.command-results Read Describe
# console: sends a person's answers and policy settings (coordination commands only), reads their results (it
# assigns partitions: no consumer group)
allow console topic coordination.commands Write Describe
allow console topic enclave.command-results Read Describe

echo "kafka-setup: SCRAM credentials, topics and ACLs in place"
