#!/usr/bin/env bash
# Starts the local RabbitMQ when it is installed and not running, and waits until it
# answers on 127.0.0.1:5672. Used by .ci/run; safe to run any time.
set -euo pipefail
if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  echo "RabbitMQ is running"
  exit 0
fi
echo "starting RabbitMQ"
rabbitmq-server -detached
for _ in $(seq 1 90); do
  if rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
    echo "RabbitMQ is up"
    exit 0
  fi
  sleep 1
done
echo "RabbitMQ did not come up within 90 s" >&2
exit 1
