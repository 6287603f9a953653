#!/usr/bin/env bash
# Back up Passerelle: the PostgreSQL database (pg_dump, custom format) and the files the database points to
# (media, the partner space's documents), then delete backups older than BACKUP_KEEP_DAYS.
#
#   DATABASE_URL=postgres://… BACKUP_DIR=/var/backups/passerelle deploy/backup/backup.sh
#
# Run daily (passerelle-backup.timer). Copy BACKUP_DIR off the machine (restic, rsync, object storage): a
# backup on the same disk is no backup. The dump holds refugees' personal data: keep BACKUP_DIR readable by
# the service account only, and its copies encrypted.
set -euo pipefail
umask 077

: "${DATABASE_URL:?DATABASE_URL is required}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/passerelle}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
PG_DUMP="${PG_BIN:+$PG_BIN/}pg_dump"
APP_DIR="${APP_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

mkdir -p "$BACKUP_DIR"
dump="$BACKUP_DIR/passerelle-$stamp.dump"
# --no-owner/--no-acl: restorable into a database owned by another role (a restore test, a new server).
"$PG_DUMP" --format=custom --no-owner --no-acl --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"

files=()
for dir in "${MEDIA_ROOT:-$APP_DIR/media}" "${DOCUMENTS_ROOT:-$APP_DIR/private-documents}"; do
  [ -d "$dir" ] && files+=("$dir")
done
if [ "${#files[@]}" -gt 0 ]; then
  tar --create --gzip --file="$BACKUP_DIR/passerelle-files-$stamp.tar.gz" "${files[@]}" 2>/dev/null
fi

find "$BACKUP_DIR" -maxdepth 1 -name 'passerelle-*' -type f -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "backup: $dump ($(du -h "$dump" | cut -f1)); kept ${BACKUP_KEEP_DAYS} days"
