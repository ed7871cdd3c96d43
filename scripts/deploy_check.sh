#!/usr/bin/env bash
# `make deploy-check`: the production configuration started on this machine as README.md's
# "Deploying on PostgreSQL" tells an operator to, then checked over HTTP, then stopped.
#
# PostgreSQL (a scratch database, dropped afterwards), Redis-backed tasks (a Redis of its own on a
# spare port, so it can stop and restart it), gunicorn with several workers, the RQ worker and the
# scheduler as separate processes (scripts/production.sh, which the load benchmark uses too),
# static files collected and served compressed, settings only from the environment. Then
# scripts/deploy_check.py: health, static files, sign-in and a page for each role, the API, a
# task's round trip through Redis, the safety sweep firing. Then Redis is stopped (/health/ must
# name the task queue) and started again, and PostgreSQL is taken away from the processes (their
# path to it, scripts/tcp_proxy.py, is stopped: /health/ must name the database) and given back;
# each time /health/ must recover by itself, and the worker and the scheduler must have lived
# through it (another task's round trip, another sweep). `check --deploy` runs beside the migrations.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${DEPLOY_CHECK_PORT:-8400}"
REDIS_PORT="${DEPLOY_CHECK_REDIS_PORT:-6391}"
# The production processes reach PostgreSQL through a forwarder on this port (scripts/tcp_proxy.py),
# so the check can take PostgreSQL away from them and bring it back without stopping the server.
PG_PORT="${DEPLOY_CHECK_PG_PORT:-5491}"
DB="${DEPLOY_CHECK_DB:-alongside_deploy_check}"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/alongside-deploy-check.XXXXXX")"
log() { echo "[deploy-check $(date -u +%H:%M:%S)] $*"; }

export DJANGO_SETTINGS_MODULE=alongside.production
SECRET_KEY="deploy-check-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SECRET_KEY
export FIELD_ENCRYPTION_SALT=deploy-check-salt
export DATABASE_URL="postgres://postgres@127.0.0.1:${PG_PORT}/${DB}"
export TASKS_BACKEND=rq REDIS_URL="redis://127.0.0.1:${REDIS_PORT}/0"
export ALLOWED_HOSTS=127.0.0.1 CSRF_TRUSTED_ORIGINS="https://127.0.0.1:${PORT}" SITE_URL="https://127.0.0.1:${PORT}"
export GUNICORN_BIND="127.0.0.1:${PORT}" WEB_CONCURRENCY=3
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH="$RUN/mail"
# The sweep every 2 s rather than every minute, so the check sees it fire without waiting long.
export SCHEDULER_INTERVAL=2
# Health's scheduler limit above that interval but short, so a stopped scheduler would show.
export HEALTH_SCHEDULER_MAX_AGE=60

REDIS_PID=""
start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$RUN/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "Redis did not start"; return 1
}
PROXY_PID=""
start_postgres_path() {
  $PY scripts/tcp_proxy.py "$PG_PORT" 127.0.0.1:5432 >>"$RUN/proxy.log" 2>&1 &
  PROXY_PID=$!
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && return 0; sleep 0.1; done
  log "the PostgreSQL forwarder did not start"; return 1
}
stop_postgres_path() { [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null && wait "$PROXY_PID" 2>/dev/null || true; PROXY_PID=""; }
stop_redis() { [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""; }

finish() {
  status=$?
  trap - EXIT INT TERM
  scripts/production.sh stop "$RUN" || true
  stop_redis
  stop_postgres_path
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists ${DB}" >/dev/null 2>&1 || true
  if [ "$status" = 0 ]; then log "passed"; rm -rf "$RUN"; else log "FAILED: logs in $RUN"; fi
  exit "$status"
}
trap finish EXIT INT TERM

log "a scratch database ($DB) and a Redis of its own (port $REDIS_PORT)"
psql -h 127.0.0.1 -U postgres -qc "drop database if exists ${DB}" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "create database ${DB}" >/dev/null
start_redis
start_postgres_path

log "migrate and the demo; collectstatic and check --deploy beside them (neither needs the database)"
$PY manage.py collectstatic --noinput -v0 >"$RUN/collectstatic.log" 2>&1 &
STATIC_PID=$!
make -s check-deploy >"$RUN/check-deploy.log" 2>&1 &
CHECK_PID=$!
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo >/dev/null
wait "$STATIC_PID" || { log "collectstatic failed"; cat "$RUN/collectstatic.log"; exit 1; }
wait "$CHECK_PID" || { log "check --deploy failed"; cat "$RUN/check-deploy.log"; exit 1; }
log "check --deploy: $(tail -1 "$RUN/check-deploy.log")"

log "starting gunicorn ($WEB_CONCURRENCY workers), the RQ worker and the scheduler on port $PORT"
scripts/production.sh start "$RUN"

BASE="http://127.0.0.1:${PORT}"
$PY scripts/deploy_check.py "$BASE" "$RUN/mail"

log "stopping Redis: /health/ must name the task queue"
stop_redis
$PY scripts/deploy_check.py "$BASE" "$RUN/mail" --health unhealthy:TaskQueue
# Away for more than two of the scheduler's ticks, so it has had to live through failing ones.
sleep $((SCHEDULER_INTERVAL * 2 + 1))
log "starting Redis again: /health/ must recover by itself, and the worker and scheduler still work"
start_redis
$PY scripts/deploy_check.py "$BASE" "$RUN/mail" --after-outage

log "taking PostgreSQL away from the production processes: /health/ must name the database"
stop_postgres_path
$PY scripts/deploy_check.py "$BASE" "$RUN/mail" --health unhealthy:Database
sleep $((SCHEDULER_INTERVAL * 2 + 1))
log "bringing PostgreSQL back: /health/ must recover by itself, and the worker and scheduler still work"
start_postgres_path
$PY scripts/deploy_check.py "$BASE" "$RUN/mail" --after-outage

