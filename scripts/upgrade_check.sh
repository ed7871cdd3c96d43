#!/usr/bin/env bash
# `make upgrade-check`: an installation made by the oldest Alongside (the repository's first
# commit, or the commit given) and upgraded to this one loses nothing. The old code, checked out
# beside this one, migrates a scratch PostgreSQL database and loads its demo; this code then
# migrates it forward as README.md's "Upgrades" says; the check compares every table the old
# database had (each must still be there, with no fewer rows), asks that no migration is left, and
# starts the production processes on it (/health/ answers 200 and a coordinator signs in).
#
#   make upgrade-check                    # from the first commit
#   scripts/upgrade_check.sh COMMIT       # from another commit (a release an operator runs)
set -euo pipefail
cd "$(dirname "$0")/.."
HERE="$(pwd)"
PY="$HERE/.venv/bin/python"
OLDEST="${1:-$(git rev-list --max-parents=0 HEAD | tail -1)}"
DB=alongside_upgrade_check
URL="postgres://postgres@127.0.0.1:5432/${DB}"
PORT="${UPGRADE_CHECK_PORT:-8402}"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/alongside-upgrade-check.XXXXXX")"
log() { echo "[upgrade-check $(date -u +%H:%M:%S)] $*"; }

finish() {
  status=$?
  trap - EXIT INT TERM
  scripts/production.sh stop "$RUN" || true
  git worktree remove --force "$RUN/old" >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists ${DB}" >/dev/null 2>&1 || true
  if [ "$status" = 0 ]; then log "passed"; rm -rf "$RUN"; else log "FAILED: logs in $RUN"; fi
  exit "$status"
}
trap finish EXIT INT TERM

log "the oldest Alongside ($(git log -1 --format='%h %ad' --date=short "$OLDEST")) makes a database and loads its demo"
git worktree add --detach --quiet "$RUN/old" "$OLDEST"
psql -h 127.0.0.1 -U postgres -qc "drop database if exists ${DB}" -qc "create database ${DB}" >/dev/null
(
  cd "$RUN/old"
  export DJANGO_SETTINGS_MODULE=alongside.settings DATABASE_URL="$URL"
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py load_demo >/dev/null
)
"$PY" scripts/upgrade_check.py snapshot "$URL" "$RUN/before.json"

log "this Alongside migrates it forward"
DATABASE_URL="$URL" "$PY" manage.py migrate --noinput -v0
DATABASE_URL="$URL" "$PY" manage.py migrate --check --noinput -v0
"$PY" scripts/upgrade_check.py compare "$URL" "$RUN/before.json"

log "the production processes start on the upgraded database"
export DJANGO_SETTINGS_MODULE=alongside.production DATABASE_URL="$URL"
SECRET_KEY="upgrade-check-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SECRET_KEY FIELD_ENCRYPTION_SALT=alongside-field-encryption
export ALLOWED_HOSTS=127.0.0.1 SITE_URL="https://127.0.0.1:${PORT}" CSRF_TRUSTED_ORIGINS="https://127.0.0.1:${PORT}"
export GUNICORN_BIND="127.0.0.1:${PORT}" WEB_CONCURRENCY=2
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
"$PY" manage.py collectstatic --noinput -v0
scripts/production.sh start "$RUN"
"$PY" scripts/deploy_check.py "http://127.0.0.1:${PORT}" "$RUN/mail" --started
