#!/usr/bin/env bash
# schemathesis against a live server (gunicorn, DEBUG off) on a throwaway SQLite copy of the demo: every check
# (--checks all: server errors, status codes, content types, response schemas, positive and negative data,
# auth…), with the rules a schema cannot state in tests/faults/schemathesis.toml. Two runs, side by side:
#   - anonymous: every read (GET) operation, the public ones answered, the others a documented 401;
#   - with an API token of a demo caseworker: every operation (its `ignored_auth` check also sends each one
#     without the token and expects the 401).
# Deterministic (seed 1, no example database) and bounded: the coverage phase (every boundary case the
# schema defines), MAX_EXAMPLES fuzzed cases per operation (default 5), the stateful phase; RUN_TIMEOUT
# cuts each run. Exit code non-zero on any failure. The longer local exploration: docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-8197}
MAX_EXAMPLES=${MAX_EXAMPLES:-5}
RUN_TIMEOUT=${RUN_TIMEOUT:-170}
SEED=${SEED:-1}
BIN=$(pwd)/.venv/bin
CONFIG=$(pwd)/tests/faults/schemathesis.toml
TMP=$(mktemp -d /tmp/passerelle-schemathesis-XXXXXX)
export DEBUG=false SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL="sqlite:///$TMP/db.sqlite3" CACHE_URL=locmem:// \
  TASK_BACKEND=immediate EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \
  API_ANON_RATE=100000/minute LOG_LEVEL=error
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

started=$(date +%s)
"$BIN/passerelle" migrate -v0
"$BIN/passerelle" demo -v0 >/dev/null
token=$("$BIN/passerelle" shell -c '
from django.contrib.auth import get_user_model
from accounts.services import api_token_create
user = get_user_model().objects.get(username="cisss-bsl-accueil")
print("TOKEN", api_token_create(user=user, name="schemathesis")[1])' | awk '$1 == "TOKEN" {print $2}')
echo "demo database ready in $(( $(date +%s) - started )) s"

"$BIN/gunicorn" portal.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning >"$TMP/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

run() {
  local name=$1; shift
  # No `timeout` inside $(…): a run cut short is a failure (exit 124), reported as such.
  timeout "$RUN_TIMEOUT" "$BIN/schemathesis" --config-file "$CONFIG" run "http://127.0.0.1:$PORT/api/schema/" \
    --checks all --max-examples "$MAX_EXAMPLES" --seed "$SEED" --generation-database none \
    --request-timeout 10 --no-color "$@" >"$TMP/$name.log" 2>&1
}
run anonymous --include-method GET & anonymous=$!
run token -H "Authorization: Token $token" & signed_in=$!
rc_anonymous=0; wait "$anonymous" || rc_anonymous=$?
rc_token=0; wait "$signed_in" || rc_token=$?

echo "--- anonymous (exit $rc_anonymous)"; cat "$TMP/anonymous.log"
echo "--- signed in with an API token (exit $rc_token)"; cat "$TMP/token.log"
[ "$rc_anonymous" -eq 124 ] || [ "$rc_token" -eq 124 ] && echo "schemathesis: a run exceeded RUN_TIMEOUT=${RUN_TIMEOUT}s" >&2
rc=$(( rc_anonymous > rc_token ? rc_anonymous : rc_token ))
[ "$rc" -eq 0 ] || tail -n 40 "$TMP/gunicorn.log"
echo "schemathesis step: $(( $(date +%s) - started )) s in all"
exit "$rc"
