#!/usr/bin/env bash
# docker compose's "preflight": every service waits for it to succeed, so the suite does not start with a secret
# left as .env.example has it. Arguments: the names of the variables holding secrets. Each must be set, must not
# hold the placeholder "change-me", must have at least 12 characters, and must not contain whitespace, quotes,
# a backslash, ";" or "$" (Kafka's JAAS settings quote the passwords). Exit status 1 names every offender.
set -u
status=0
for name in "$@"; do
  value="${!name-}"
  if [ -z "$value" ]; then
    echo "preflight: $name is empty: set it in .env" >&2
    status=1
  elif [[ "${value,,}" == *change-me* || "${value,,}" == *changeme* ]]; then
    echo "preflight: $name still holds the placeholder of .env.example: choose a secret of your own" >&2
    status=1
  elif [ "${#value}" -lt 12 ]; then
    echo "preflight: $name is shorter than 12 characters" >&2
    status=1
  elif [[ "$value" == *[[:space:]\"\'\\\;\$\`]* ]]; then
    echo "preflight: $name contains whitespace, a quote, a backslash, ';' or '\$'" >&2
    status=1
  fi
done
if [ "$status" -eq 0 ]; then
  echo "preflight: $# secrets set"
fi
exit "$status"
