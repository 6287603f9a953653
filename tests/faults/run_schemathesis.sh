#!/usr/bin/env bash
# schemathesis against a live server (gunicorn, DEBUG off) on a throwaway SQLite copy of the demo: every
# operation of /api/schema/, anonymous then with an API token, every check (server errors, status codes,
# content types, response schema conformance, auth…). Bounded: MAX_EXAMPLES per operation (default 5) and
# `timeout` on each run. A longer run: MAX_EXAMPLES=200 RUN_TIMEOUT=3600 tests/faults/run_schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-8197}
MAX_EXAMPLES=${MAX_EXAMPLES:-5}
RUN_TIMEOUT=${RUN_TIMEOUT:-75}
BIN=$(pwd)/.venv/bin
TMP=$(mktemp -d /tmp/passerelle-schemathesis-XXXXXX)
export DEBUG=false SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL="sqlite:///$TMP/db.sqlite3" CACHE_URL=locmem:// \
  TASK_BACKEND=immediate EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \
  API_ANON_RATE=100000/minute LOG_LEVEL=error
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

"$BIN/passerelle" migrate -v0
"$BIN/passerelle" demo -v0 >/dev/null
token=$("$BIN/passerelle" shell -c '
from django.contrib.auth import get_user_model
from accounts.services import api_token_create
user = get_user_model().objects.get(username="cisss-bsl-accueil")
print("TOKEN", api_token_create(user=user, name="schemathesis")[1])' | awk '$1 == "TOKEN" {print $2}')

"$BIN/gunicorn" portal.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning >"$TMP/gunicorn.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

run() {
  timeout "$RUN_TIMEOUT" "$BIN/schemathesis" run "http://127.0.0.1:$PORT/api/schema/" --checks all \
    --max-examples "$MAX_EXAMPLES" --request-timeout 10 --seed 1 --no-color "$@"
}
rc=0
echo "--- anonymous"
run || rc=$?
echo "--- signed in with an API token"
run -H "Authorization: Token $token" || rc=$?
[ "$rc" -eq 0 ] || tail -n 40 "$TMP/gunicorn.log"
exit "$rc"
