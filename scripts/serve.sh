#!/usr/bin/env bash
# Serve Alongside with its task worker beside it; stopping this script (Ctrl+C) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
PY=.venv/bin/python

$PY manage.py db_worker --interval 1 &
WORKER=$!
# Queues the lone-working safety sweep every minute for the worker to run.
$PY manage.py safety_scheduler &
SCHEDULER=$!
trap 'kill $WORKER $SCHEDULER 2>/dev/null || true' EXIT INT TERM

echo
echo "Alongside is starting on http://127.0.0.1:${PORT}/ (task worker pid ${WORKER})"
echo "Sign in with any demo username above and the password alongside-demo."
echo
$PY manage.py runserver "127.0.0.1:${PORT}"
