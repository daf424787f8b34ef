#!/usr/bin/env bash
# Set up and run the ITA system on this machine: embedded SQLite database, demo data,
# served on http://127.0.0.1:8000. Safe to run again (migrations and demo data are idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_venv requirements.lock
# Debian's Chromium prints the official documents as PDF; without it only DOCX can be made.
apt_install chromium || echo "คำเตือน: ติดตั้ง chromium ไม่ได้ จะสร้างเอกสาร PDF ไม่ได้ (DOCX ใช้ได้)" >&2
export PYTHAINLP_OFFLINE=1 PYTHAINLP_READ_ONLY=1
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py ita_load_frameworks
.venv/bin/python manage.py ita_demo
echo "เปิดเบราว์เซอร์ที่ http://127.0.0.1:${PORT:-8000}/ (กด Ctrl+C เพื่อหยุด)"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}" --noreload
