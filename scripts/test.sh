#!/usr/bin/env bash
# Install what the tests need and run the whole suite: lint, migrations check, and the tests on
# SQLite and on PostgreSQL. Starts a throwaway PostgreSQL if none answers on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
# Debian's Chromium for browser tests (never a downloaded browser); Thai fonts; PostgreSQL tools.
apt_install chromium fonts-thai-tlwg poppler-utils libreoffice-writer gettext
ensure_venv requirements-dev.lock
export PYTHAINLP_OFFLINE=1 PYTHAINLP_READ_ONLY=1 ITA_VAR_DIR="${ITA_VAR_DIR:-$(mktemp -d)}"

.venv/bin/ruff format --check .
.venv/bin/ruff check .
.venv/bin/python manage.py makemigrations --check --dry-run -v 0

# PostgreSQL's programs are needed even when a server answers: the restart fault test
# (ita/ops/tests/test_pg_restart.py) starts a throwaway cluster of its own and restarts it.
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || apt_install postgresql
PG_URL=${TEST_DATABASE_URL:-}
if [ -z "$PG_URL" ]; then
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    PG_URL=postgres://postgres@127.0.0.1:5432/ita
  else
    PG_DIR=$(mktemp -d); chown postgres "$PG_DIR" 2>/dev/null || true
    BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sh -c "$*"; fi; }
    run_pg "$BIN/initdb -D $PG_DIR/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
    run_pg "$BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -o '-p 54329 -k $PG_DIR -c listen_addresses=127.0.0.1' -w start >/dev/null"
    trap 'run_pg "$BIN/pg_ctl -D $PG_DIR/data -m fast stop" >/dev/null 2>&1 || true' EXIT
    PG_URL=postgres://postgres@127.0.0.1:54329/ita
  fi
fi

# Redis carries Celery's tasks to a real worker in the tests (as in production); start one when
# nothing answers on 127.0.0.1:6379.
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  command -v redis-server >/dev/null || apt_install redis-server
  redis-server --port 6379 --bind 127.0.0.1 --save '' --daemonize yes >/dev/null
fi

# The read-replica tests make a second PostgreSQL database on this server, in both runs.
export ITA_TEST_POSTGRES_URL="$PG_URL"
echo "== ทดสอบบน SQLite =="
.venv/bin/pytest "$@"
echo "== ทดสอบบน PostgreSQL =="
DATABASE_URL=$PG_URL .venv/bin/pytest "$@"
