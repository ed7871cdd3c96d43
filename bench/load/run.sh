#!/usr/bin/env bash
# The load benchmark, one command (bench/README.md, "Load"):
#
#   bench/load/run.sh                       # the full run: 3 min steady, 3 min with the sweep, capacity steps
#   DURATION=45s USERS=20 STEPS=5,10,20 STEP_SECONDS=20 bench/load/run.sh   # a short proof of the harness
#
# It fills its own PostgreSQL database (alongside_load; kept between runs, see generate.py), starts
# the production configuration as README.md's "Deploying on PostgreSQL" does (gunicorn with
# alongside.production and gunicorn.conf.py, the task worker, the safety scheduler), waits until
# it answers, drives it with locust headless, prints the table and stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${PORT:-8300}"
DB="${LOAD_DB:-alongside_load}"
USERS="${USERS:-50}"
SPAWN="${SPAWN:-2}"  # people a second signing in (each an Argon2 check)
DURATION="${DURATION:-3m}"
WARMUP="${WARMUP:-20s}"
IN_PROGRESS="${IN_PROGRESS:-5000}"
STEPS="${STEPS:-5,10,15,20,25,30,40,50}"
STEP_SECONDS="${STEP_SECONDS:-30}"
OUT="${OUT:-bench/load/results/$(date -u +%Y%m%dT%H%M%SZ)}"
PY=.venv/bin/python
HOST="http://127.0.0.1:${PORT}"
mkdir -p "$OUT"

# Production settings, as the README's deployment section sets them; the benchmark's own key so
# the data it generated (encrypted fields) reads back, and no email leaves the machine.
export DJANGO_SETTINGS_MODULE=alongside.production
export SECRET_KEY="${SECRET_KEY:-load-benchmark-only-key-7c1f0b5e9a2d4c6e8f10a3b5d7e9f1a2c4e6}"
export FIELD_ENCRYPTION_SALT="${FIELD_ENCRYPTION_SALT:-load-benchmark-salt}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:${PORT}"
export SITE_URL="https://127.0.0.1:${PORT}"
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.dummy.EmailBackend}"
export GUNICORN_BIND="127.0.0.1:${PORT}"

log() { echo "[load $(date -u +%H:%M:%S)] $*"; }

stop() {
  trap - EXIT INT TERM
  # The worker finishes the task in hand first (a sweep, a batch of reminders); after 30 s, stop it.
  scripts/production.sh stop "$OUT" || true
  $PY bench/load/generate.py --close-in-progress >/dev/null 2>&1 || true
}
trap stop EXIT INT TERM

psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='${DB}'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "create database ${DB}"
log "data (10,000 clients, 1,500 coaches, a year of meetings and check-ins; kept once made)"
$PY bench/load/generate.py | tee "$OUT/generate.log"
$PY bench/load/generate.py --close-in-progress
# Collected once per change of static/ (hashing and compressing every file takes a while).
if [ ! -f staticfiles/staticfiles.json ] || [ -n "$(find static -newer staticfiles/staticfiles.json -print -quit)" ]; then
  $PY manage.py collectstatic --noinput -v0
fi

log "starting gunicorn, the task worker and the safety scheduler on $HOST"
# The same start as `make deploy-check` and the README's deployment section (scripts/production.sh):
# logs in $OUT/web.log, worker.log and scheduler.log.
scripts/production.sh start "$OUT" || { log "server did not start"; exit 1; }

# --stop-timeout: at the end each person finishes the request in hand, so a page slower than the
# run itself is still counted (with its time) rather than cut off unseen.
locust() {
  .venv/bin/locust -f bench/load/locustfile.py --headless --host "$HOST" --loglevel WARNING "$@"
}

STATIC=$(curl -s -H 'X-Forwarded-Proto: https' "$HOST/accounts/login/" | grep -o '/static/css/[^"]*' | head -1)
curl -s -o /dev/null -D - -H 'X-Forwarded-Proto: https' -H 'Accept-Encoding: br, gzip' "$HOST$STATIC" >"$OUT/static-headers.txt"

log "warm-up, not measured ($WARMUP, 10 users): each worker's caches, PostgreSQL's buffers"
locust -u 10 -r 10 -t "$WARMUP" --only-summary >"$OUT/warmup.log" 2>&1 || true

log "run 1: $USERS users, 1-3 s think time, $DURATION"
locust -u "$USERS" -r "$SPAWN" -t "$DURATION" --reset-stats --stop-timeout 60s --csv "$OUT/steady" --only-summary >"$OUT/steady.log" 2>&1 || true

log "run 2: the same, with $IN_PROGRESS meetings in progress for the sweep to watch"
$PY bench/load/generate.py --in-progress "$IN_PROGRESS" --due-in 60 --due-over 600
locust -u "$USERS" -r "$SPAWN" -t "$DURATION" --reset-stats --stop-timeout 60s --csv "$OUT/sweep" --only-summary >"$OUT/sweep.log" 2>&1 || true
$PY bench/load/report.py sweep-state >"$OUT/sweep-state.txt"
$PY bench/load/generate.py --close-in-progress

log "run 3: capacity, no think time, users $STEPS, ${STEP_SECONDS} s each"
LOAD_THINK=0 LOAD_STEPS="$STEPS" LOAD_STEP_SECONDS="$STEP_SECONDS" LOAD_REQUEST_LOG="$OUT/capacity.log" \
  locust --stop-timeout 60s --csv "$OUT/capacity" --only-summary >"$OUT/capacity-locust.log" 2>&1 || true

grep -ciE "worker timeout|Traceback" "$OUT/web.log" >"$OUT/server-errors.txt" || true
$PY bench/load/report.py "$OUT" "$STEP_SECONDS" "$STEPS" | tee "$OUT/report.md"
log "figures and logs in $OUT"
