#!/usr/bin/env bash
# docker compose's token keys: makes an EC P-256 token key (PKCS#8 PEM, owner-only) before any service starts, unless
# it is there already. "api-token-key" makes the read API's local issuer key in the volume query-data: enclave-query
# would make it on its first start, but the write services check tokens with the same key
# (enclave.api.auth.local-key-file, read-only) and start before enclave-query. "slack-gateway-token-key" makes the
# gateway's own key and, second argument, writes its public half (SubjectPublicKeyInfo PEM) where the read side and
# the write services read it (enclave.api.auth.service-issuers.slack-gateway), on every run; "console-token-key" does
# the same for the console (enclave.api.auth.service-issuers.console).
# Arguments: the key file [the public key file]. Run as root, it hands the files and their folders to the services'
# user 10001.
set -eu
key="${1:-/var/lib/enclave/data/token-key.pem}"
public="${2:-}"
if [ ! -s "$key" ]; then
  (
    umask 077
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key.new"
  )
  mv "$key.new" "$key"
  echo "api-token-key: made $key"
else
  echo "api-token-key: $key exists"
fi
if [ -n "$public" ]; then
  openssl pkey -in "$key" -pubout -out "$public.new"
  chmod 644 "$public.new"
  mv "$public.new" "$public"
  echo "api-token-key: wrote the public half to $public"
fi
if [ "$(id -u)" = 0 ]; then
  chown 10001:10001 "$(dirname "$key")" "$key"
  if [ -n "$public" ]; then
    chown 10001:10001 "$(dirname "$public")" "$public"
  fi
fi
