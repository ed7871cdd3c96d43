"""Gunicorn's settings for Alongside. Gunicorn reads this file by itself when started from the
project's folder (`.venv/bin/gunicorn alongside.wsgi`); every value can be changed from the
environment. Why each is set: README.md, "Performance and scaling"; the load benchmark that
chose them: bench/README.md, "Load".
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Pages spend a good part of each request waiting on PostgreSQL, so a worker process per core is
# not enough to keep the cores busy: two per core plus one (the usual rule) with a few threads
# each, so a slow page (the first suggestions after a change builds the coach pool, about 2 s)
# holds up one thread, not a whole process and everyone queued behind it.
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request still running after 30 s is stuck (no page should take more than a second or two):
# gunicorn kills the worker and starts a new one rather than let it hold a thread for ever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Browsers keep their connection open between pages; the proxy in front usually does too.
keepalive = 5

# Load Django once in the master and fork it: workers start in a fraction of a second and share
# the loaded code's memory. Nothing opens a database connection at import, so none is shared.
preload_app = True
# The heartbeat file on tmpfs, so a busy or slow disk never makes a healthy worker look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's own heartbeat files

# The control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl): a second server
# under the same account would take it over. Nothing here uses it.
control_socket_disable = True

# A query still running after 25 s is cancelled by PostgreSQL, so the request ends with an error
# before gunicorn's 30 s and never holds a database connection and a thread for minutes. Only the
# web processes get it (this file is read before Django starts); the task worker's long jobs,
# such as matching a whole intake, run without it.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "25000")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # the proxy in front logs each request
errorlog = "-"
