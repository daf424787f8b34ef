# The ITA system's one image: web (gunicorn), Celery worker and beat run it with different
# commands (compose.yaml). Debian, as on the machines the README's scripts set up: Thai fonts,
# Debian's Chromium (PDF documents through Playwright), LibreOffice Writer and poppler-utils
# (document checks and conversions).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHAINLP_OFFLINE=1 \
    PYTHAINLP_READ_ONLY=1 \
    ITA_VAR_DIR=/srv/ita/var \
    ITA_CHROMIUM=/usr/bin/chromium

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      chromium fonts-thai-tlwg libreoffice-writer poppler-utils \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/ita/app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

COPY manage.py gunicorn.conf.py pyproject.toml ./
COPY ita ./ita
# Static files are collected into the image; uploads (var/media) and backups are volumes.
RUN useradd --system --home-dir /srv/ita --uid 10001 ita \
 && python manage.py collectstatic --noinput -v 0 \
 && mkdir -p /srv/ita/var/media /srv/ita/var/backups /srv/ita/var/beat \
 && chown -R ita:ita /srv/ita/var
USER ita

EXPOSE 8000
CMD ["gunicorn", "ita.wsgi", "-c", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4"]
