#!/usr/bin/env bash
# `make restore-check`: a backup is only a backup once it has been restored. This makes a
# database as production has one (migrated, with the demo in it), backs it up exactly as
# README.md's "Backups" tells an operator to (pg_dump's custom format), restores the dump into a
# second scratch database, and checks the copy: every table holds the same number of rows, no
# migration is missing, and the app starts on it (the production processes, scripts/production.sh,
# with /health/ answering 200 and a coordinator's home page). Both databases are dropped after.
#
#   make restore-check                       # the whole round trip on scratch databases
#   scripts/restore_check.sh DUMP_FILE       # check an operator's own dump instead (restored to scratch)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG="-h 127.0.0.1 -U postgres"
SOURCE=alongside_restore_source
COPY=alongside_restore_copy
PORT="${RESTORE_CHECK_PORT:-8401}"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/alongside-restore-check.XXXXXX")"
log() { echo "[restore-check $(date -u +%H:%M:%S)] $*"; }

export DJANGO_SETTINGS_MODULE=alongside.production
SECRET_KEY="restore-check-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SECRET_KEY FIELD_ENCRYPTION_SALT=restore-check-salt
export ALLOWED_HOSTS=127.0.0.1 SITE_URL="https://127.0.0.1:${PORT}" CSRF_TRUSTED_ORIGINS="https://127.0.0.1:${PORT}"
export GUNICORN_BIND="127.0.0.1:${PORT}" WEB_CONCURRENCY=2
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend

finish() {
  status=$?
  trap - EXIT INT TERM
  scripts/production.sh stop "$RUN" || true
  # shellcheck disable=SC2086
  psql $PG -qc "drop database if exists ${SOURCE}" -qc "drop database if exists ${COPY}" >/dev/null 2>&1 || true
  if [ "$status" = 0 ]; then log "passed"; rm -rf "$RUN"; else log "FAILED: logs in $RUN"; fi
  exit "$status"
}
trap finish EXIT INT TERM

# shellcheck disable=SC2086
{
  psql $PG -qc "drop database if exists ${SOURCE}" -qc "drop database if exists ${COPY}" >/dev/null
  psql $PG -qc "create database ${COPY}" >/dev/null
}
if [ $# -ge 1 ]; then
  DUMP="$1"
  log "checking the dump $DUMP"
else
  log "a database as production has one: migrated, the demo loaded"
  psql $PG -qc "create database ${SOURCE}" >/dev/null
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/${SOURCE}" $PY manage.py migrate --noinput -v0
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/${SOURCE}" $PY manage.py load_demo >/dev/null
  DUMP="$RUN/alongside.dump"
  log "backing it up as the README says: pg_dump --format=custom"
  # shellcheck disable=SC2086
  pg_dump $PG --format=custom --no-owner --file "$DUMP" "$SOURCE"
fi

log "restoring into a scratch database ($COPY)"
# shellcheck disable=SC2086
pg_restore $PG --no-owner --exit-on-error --dbname "$COPY" "$DUMP"

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${COPY}"
log "the copy: no migration missing"
$PY manage.py migrate --check --noinput -v0
if [ $# -lt 1 ]; then
  log "the copy: every table holds as many rows as the original"
  $PY scripts/restore_check.py "postgres://postgres@127.0.0.1:5432/${SOURCE}" "$DATABASE_URL"
fi

log "the copy: the app starts on it"
$PY manage.py collectstatic --noinput -v0
scripts/production.sh start "$RUN"
$PY scripts/deploy_check.py "http://127.0.0.1:${PORT}" "$RUN/mail" --started
