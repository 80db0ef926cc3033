#!/usr/bin/env bash
# docker compose's "api-token-key": makes the read API's local token issuer key (EC P-256, PKCS#8 PEM, owner-only)
# in the volume query-data before any service starts, unless it is there already. enclave-query would make it on
# its first start, but the write services check tokens with the same key (enclave.api.auth.local-key-file, read-only)
# and start before enclave-query. Argument: the key file. Run as root, it hands the key and its folder to the
# services' user 10001.
set -eu
key="${1:-/var/lib/enclave/data/token-key.pem}"
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
if [ "$(id -u)" = 0 ]; then
  chown 10001:10001 "$(dirname "$key")" "$key"
fi
