#!/usr/bin/env bash
# docker compose's "preflight": every service waits for it to succeed, so the suite does not start with a secret
# left as .env.example has it, nor without the Slack gateway's or the console's principal key. Arguments: the names
# of the variables holding secrets. Each must be set, must not hold the placeholder "change-me", must have at least
# 12 characters, and must not contain whitespace, quotes, a backslash, ";" or "$" (Kafka's JAAS settings quote the passwords).
#
# The principals' keys: PREFLIGHT_PRINCIPALS (default /preflight/principals, docker/principals mounted read-only)
# must hold the gateway's private key slack-gateway.key.pem and public/slack-gateway.pub.pem, its public half (what
# the write services verify its commands with), and the console's console.key.pem and public/console.pub.pem
# likewise; public/ must hold no private key. Run as the services' user, the preflight also finds a key file they
# could not read. Exit status 1 names every offender.
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

principals="${PREFLIGHT_PRINCIPALS:-/preflight/principals}"
keys_ok=1
# each service principal that signs commands from inside compose, and whose commands the write services then refuse
for principal in slack-gateway:Slack console:the\ console; do
  who="${principal#*:}"
  principal="${principal%%:*}"
  private_key="$principals/$principal.key.pem"
  public_key="$principals/public/$principal.pub.pem"
  make_keys="make the $principal key pair (docs/deploy.md):
  openssl genpkey -algorithm ed25519 -out docker/principals/$principal.key.pem
  openssl pkey -in docker/principals/$principal.key.pem -pubout -out docker/principals/public/$principal.pub.pem"
  pair_ok=1
  if [ ! -f "$private_key" ]; then
    echo "preflight: docker/principals/$principal.key.pem is missing: $make_keys" >&2
    pair_ok=0
  elif [ ! -r "$private_key" ]; then
    echo "preflight: docker/principals/$principal.key.pem is not readable by the services' user $(id -u): on Linux, sudo chown $(id -u) docker/principals/$principal.key.pem" >&2
    pair_ok=0
  elif ! grep -q -- '-----BEGIN PRIVATE KEY-----' "$private_key"; then
    echo "preflight: docker/principals/$principal.key.pem is not a PKCS#8 PEM private key: $make_keys" >&2
    pair_ok=0
  fi
  if [ ! -f "$public_key" ]; then
    echo "preflight: docker/principals/public/$principal.pub.pem is missing: the write services would refuse every command from $who; $make_keys" >&2
    pair_ok=0
  elif [ ! -r "$public_key" ] || ! grep -q -- '-----BEGIN PUBLIC KEY-----' "$public_key"; then
    echo "preflight: docker/principals/public/$principal.pub.pem is not a readable PEM public key: $make_keys" >&2
    pair_ok=0
  fi
  if [ "$pair_ok" -eq 1 ] && command -v openssl >/dev/null 2>&1; then
    derived="$(openssl pkey -in "$private_key" -pubout 2>/dev/null)"
    given="$(openssl pkey -pubin -in "$public_key" 2>/dev/null)"
    if [ -z "$derived" ] || [ "$derived" != "$given" ]; then
      echo "preflight: docker/principals/public/$principal.pub.pem is not the public half of docker/principals/$principal.key.pem: $make_keys" >&2
      pair_ok=0
    fi
  fi
  if [ "$pair_ok" -eq 0 ]; then
    keys_ok=0
  fi
done
if [ -d "$principals/public" ]; then
  for file in "$principals"/public/*; do
    if [ -f "$file" ] && grep -q -- 'PRIVATE KEY-----' "$file" 2>/dev/null; then
      echo "preflight: docker/principals/public/${file##*/} holds a private key: the write services read that folder; keep private keys out of it" >&2
      keys_ok=0
    fi
  done
fi
if [ "$keys_ok" -eq 0 ]; then
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "preflight: $# secrets set; the gateway's and the console's principal keys in place"
fi
exit "$status"
