#!/usr/bin/env bash
# docker compose's console: how people sign in, decided as bin/enclave-suite decides it (ConsoleSignIn). With the
# Slack app's OpenID Connect client in .env (ENCLAVE_CONSOLE_SLACK_CLIENT_ID, ENCLAVE_CONSOLE_SLACK_CLIENT_SECRET,
# optionally ENCLAVE_CONSOLE_SLACK_TEAM_ID) it is Sign in with Slack: Spring Security's registration "slack", in the
# environment variables that name those properties (relaxed binding: dots to "_", dashes dropped). Without a client
# id it is the local sign-in, its secret in ENCLAVE_CONSOLE_LOCAL_SIGN_IN_CODE_FILE. Never both: the console refuses to
# start with both, and a registration with an empty client id would not start either. Then it starts the image's
# Java launcher in this process.
# With local sign-in, each person signs in with a code of their own, "<user id>.<mac>", the MAC derived from the
# machine's secret in that file (auth's LocalSignInCodes: HMAC-SHA256 keyed with the secret over
# "enclave-console-local-sign-in-v1:" and the user id, the first 32 hex digits). "--print-code U…" prints that
# person's whole code and starts nothing, with the image's openssl:
# docker compose exec console bash /enclave/console-sign-in.sh --print-code U0CAROL
set -eu
client_id="${ENCLAVE_CONSOLE_SLACK_CLIENT_ID:-}"
client_secret="${ENCLAVE_CONSOLE_SLACK_CLIENT_SECRET:-}"
team_id="${ENCLAVE_CONSOLE_SLACK_TEAM_ID:-}"
code_file="${ENCLAVE_CONSOLE_LOCAL_SIGN_IN_CODE_FILE:-/var/lib/enclave/data/local-sign-in-code}"
if [ "${1:-}" = "--print-code" ]; then
  user="${2:-}"
  if [ -n "$client_id" ]; then
    echo "console-sign-in: this console signs people in with Slack (ENCLAVE_CONSOLE_SLACK_CLIENT_ID): there are no local sign-in codes" >&2
    exit 2
  fi
  if ! [[ "$user" =~ ^[UW][A-Z0-9]{2,30}$ ]]; then
    echo "console-sign-in: --print-code needs a Slack user id (U or W, then capital letters and digits), not '$user'" >&2
    exit 2
  fi
  if [ ! -s "$code_file" ]; then
    echo "console-sign-in: no local sign-in secret at $code_file: the console makes it on its first start" >&2
    exit 2
  fi
  set -o pipefail
  # the secret is stripped of its newline by $(…), as the console strips it
  mac="$(printf %s "enclave-console-local-sign-in-v1:$user" | openssl dgst -sha256 -r -hmac "$(cat "$code_file")" | cut -c1-32)"
  if ! [[ "$mac" =~ ^[0-9a-f]{32}$ ]]; then
    echo "console-sign-in: openssl made no MAC of $code_file" >&2
    exit 1
  fi
  # the whole code: the console reads the person from its user id, once its MAC verifies
  printf '%s.%s\n' "$user" "$mac"
  exit 0
fi
unset ENCLAVE_CONSOLE_SLACK_CLIENT_ID ENCLAVE_CONSOLE_SLACK_CLIENT_SECRET ENCLAVE_CONSOLE_SLACK_TEAM_ID \
  ENCLAVE_CONSOLE_LOCAL_SIGN_IN_CODE_FILE
if [ -z "$client_id" ]; then
  export ENCLAVE_CONSOLE_LOCALSIGNIN_ENABLED=true
  export ENCLAVE_CONSOLE_LOCALSIGNIN_CODEFILE="$code_file"
  echo "console-sign-in: local sign-in (no ENCLAVE_CONSOLE_SLACK_CLIENT_ID), the machine's secret in $code_file; a person's own code: docker compose exec console bash /enclave/console-sign-in.sh --print-code U…"
else
  if [ -z "$client_secret" ]; then
    echo "console-sign-in: ENCLAVE_CONSOLE_SLACK_CLIENT_ID is set without ENCLAVE_CONSOLE_SLACK_CLIENT_SECRET: Sign in with Slack needs the Slack app's client secret too" >&2
    exit 1
  fi
  registration=SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_SLACK_
  export "${registration}CLIENTID=$client_id"
  export "${registration}CLIENTSECRET=$client_secret"
  export "${registration}CLIENTAUTHENTICATIONMETHOD=client_secret_post"
  export "${registration}AUTHORIZATIONGRANTTYPE=authorization_code"
  export "${registration}SCOPE=openid"
  export "${registration}REDIRECTURI={baseUrl}/login/oauth2/code/{registrationId}"
  export SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_SLACK_ISSUERURI=https://slack.com
  export SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_SLACK_USERNAMEATTRIBUTE=sub
  export ENCLAVE_CONSOLE_SLACKTEAMID="$team_id"
  echo "console-sign-in: Sign in with Slack, client $client_id"
fi
exec java org.springframework.boot.loader.launch.JarLauncher "$@"
