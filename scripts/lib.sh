# Shared by scripts/run.sh and scripts/test.sh: a Python ≥ 3.11 virtual environment at .venv.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "ต้องใช้สิทธิ์ root เพื่อติดตั้ง: $*" >&2; return 1; fi
}

apt_install() {  # apt_install PACKAGE… — installs only what is missing
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "ติดตั้งแพ็กเกจระบบ: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_venv() {  # ensure_venv LOCKFILE
  local py=${PYTHON:-python3}
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "ต้องใช้ Python 3.11 ขึ้นไป" >&2; exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv 2>/dev/null || { apt_install python3-venv && "$py" -m venv .venv; }
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$1"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null || true
}
