#!/usr/bin/env bash
# Restore a Passerelle dump into an EMPTY database, then migrate (a dump from an older release).
#
#   TARGET_DATABASE_URL=postgres://…/passerelle_restored deploy/backup/restore.sh /var/backups/passerelle/passerelle-….dump
#
# Create the database first (createdb -O passerelle passerelle_restored). Then point DATABASE_URL at it,
# restart the services, and check /readyz. Restore the files archive of the same date into MEDIA_ROOT and
# DOCUMENTS_ROOT (tar --extract --gzip --file … -C /).
set -euo pipefail
dump="${1:?usage: restore.sh DUMP_FILE}"
: "${TARGET_DATABASE_URL:?TARGET_DATABASE_URL is required}"
PG_RESTORE="${PG_BIN:+$PG_BIN/}pg_restore"
APP_DIR="${APP_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"

"$PG_RESTORE" --no-owner --no-acl --exit-on-error --single-transaction --dbname="$TARGET_DATABASE_URL" "$dump"
DATABASE_URL="$TARGET_DATABASE_URL" "${PASSERELLE:-$APP_DIR/.venv/bin/passerelle}" migrate --no-input
echo "restore: $dump restored and migrated"
