#!/usr/bin/env bash
# Alongside's production processes, started as README.md's "Deploying on PostgreSQL" tells an
# operator to: the WSGI server (gunicorn, settings in gunicorn.conf.py), the task worker (the
# database queue's db_worker, or RQ's rqworker when TASKS_BACKEND=rq) and the scheduler, each a
# separate process. Settings come only from the environment (DJANGO_SETTINGS_MODULE, SECRET_KEY,
# DATABASE_URL, ...). `make deploy-check` and the load benchmark (bench/load/run.sh) both start
# production through this script, so what they prove is what an operator runs.
#
#   scripts/production.sh start RUN_DIR   # logs and pids in RUN_DIR; returns once the web answers
#   scripts/production.sh stop RUN_DIR    # each process finishes what it has in hand (30 s at most)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ACTION="${1:?start or stop}"
RUN_DIR="${2:?a folder for logs and pids}"
mkdir -p "$RUN_DIR"

worker_command() {
  if [ "${TASKS_BACKEND:-database}" = rq ]; then
    echo "$PY manage.py rqworker default --job-class django_tasks_rq.Job"
  else
    echo "$PY manage.py db_worker"
  fi
}

start() {
  : >"$RUN_DIR/pids"
  .venv/bin/gunicorn alongside.wsgi >"$RUN_DIR/web.log" 2>&1 &
  echo "web $!" >>"$RUN_DIR/pids"
  # shellcheck disable=SC2046 # the command's words, split on purpose
  $(worker_command) >"$RUN_DIR/worker.log" 2>&1 &
  echo "worker $!" >>"$RUN_DIR/pids"
  $PY manage.py safety_scheduler --interval "${SCHEDULER_INTERVAL:-60}" >"$RUN_DIR/scheduler.log" 2>&1 &
  echo "scheduler $!" >>"$RUN_DIR/pids"
  local url="http://${GUNICORN_BIND:-127.0.0.1:8000}/accounts/login/"
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null -H 'X-Forwarded-Proto: https' "$url" && return 0
    sleep 1
  done
  echo "the web server did not answer at $url; see $RUN_DIR/web.log" >&2
  return 1
}

stop() {
  [ -f "$RUN_DIR/pids" ] || return 0
  local pids
  pids=$(awk '{print $2}' "$RUN_DIR/pids")
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    local alive=0
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for pid in $pids; do kill -9 "$pid" 2>/dev/null || true; done
  rm -f "$RUN_DIR/pids"
}

case "$ACTION" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop RUN_DIR" >&2; exit 2 ;;
esac
