#!/usr/bin/env bash
# Runs what docker/Dockerfile and docker/compose.yaml do, natively, for machines with no Docker
# engine. Nothing is faked: it really builds, installs, migrates, serves and probes.
#
#   DRAFTROOM_DATABASE_URL=postgresql+asyncpg://USER@127.0.0.1:5432/DB bash docker/native-run.sh
#
# Steps, mirroring the image:
#   1. builder: copy what the Dockerfile COPYs into a temp dir, create a fresh venv there,
#      pip install "<copy>[postgres,redis]" (non-editable), pybabel compile the locales copy;
#   2. final: lay out an /app-like dir (frontend/, locales/ with .mo, migrations/, alembic.ini),
#      set the image's DRAFTROOM_* vars (ENVIRONMENT=production, a generated secret);
#   3. migrate service: draftroom db upgrade;
#   4. app service: draftroom serve on 127.0.0.1:<free port>, poll /readyz until 200 (60 s).
# Prints "native image run: /readyz 200" on success; exits non-zero on any failure and always
# stops the server and removes the temp dir.
#
# Environment: DRAFTROOM_DATABASE_URL (required); DRAFTROOM_REDIS_URL (default
# redis://127.0.0.1:6379/0); PYTHON (default python3.11, else python3; must be 3.11);
# NATIVE_WORKERS (default 2, as in the image); READY_TIMEOUT (default 60 s);
# KEEP_NATIVE_RUN=1 keeps the temp dir for inspection.
set -euo pipefail

here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname -- "$here")"

: "${DRAFTROOM_DATABASE_URL:?set DRAFTROOM_DATABASE_URL, e.g. postgresql+asyncpg://USER:PASSWORD@127.0.0.1:5432/DB}"
redis_url="${DRAFTROOM_REDIS_URL:-redis://127.0.0.1:6379/0}"
workers="${NATIVE_WORKERS:-2}"
ready_timeout="${READY_TIMEOUT:-60}"

log() { printf 'native-run: %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  if command -v python3.11 >/dev/null 2>&1; then python=python3.11; else python=python3; fi
fi
"$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || die "$python is not Python 3.11 (the image runs python:3.11-slim); set PYTHON"

work="$(mktemp -d "${TMPDIR:-/tmp}/draftroom-native.XXXXXX")"
server_pid=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  local pid="$server_pid"
  server_pid=""
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  # The server runs in its own process group (set -m below): TERM the group so uvicorn's
  # worker processes go with it, then KILL whatever is left after 10 s.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "server did not stop on TERM; sending KILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_server
  if [[ "${KEEP_NATIVE_RUN:-0}" == 1 ]]; then
    log "kept $work"
  else
    rm -rf -- "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_server_log() {
  if [[ -s "$work/serve.log" ]]; then
    log "last lines of the server log:"
    tail -n 40 "$work/serve.log" >&2
  fi
}

# ---- 1. builder ----------------------------------------------------------------------------
# Build from a copy holding what the Dockerfile COPYs into /src, so the build neither sees
# local leftovers (egg-info, __pycache__) nor writes build/ into the checkout.
log "copying the build context to $work/src"
mkdir -p "$work/src" "$work/app"
cp -- "$root/pyproject.toml" "$root/README.md" "$work/src/"
tar -C "$root" --exclude='__pycache__' --exclude='*.py[cod]' --exclude='*.egg-info' \
  -cf - backend locales | tar -C "$work/src" -xf -

log "creating a fresh venv with $python"
"$python" -m venv "$work/venv"
venv_bin="$work/venv/bin"

log "pip install \"$work/src[postgres,redis]\" (non-editable)"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv_bin/pip" install --no-cache-dir --quiet \
  "$work/src[postgres,redis]" || die "pip install"

log "pybabel compile -d locales -D messages"
(cd "$work/src" && "$venv_bin/pybabel" compile -d locales -D messages) || die "pybabel compile"
po_count="$(find "$work/src/locales" -name messages.po | wc -l)"
mo_count="$(find "$work/src/locales" -name messages.mo | wc -l)"
[[ "$po_count" -gt 0 && "$po_count" -eq "$mo_count" ]] \
  || die "compiled $mo_count .mo for $po_count .po catalogues"

# ---- 2. final stage: the /app layout and the image's environment ----------------------------
cp -R -- "$work/src/locales" "$work/app/locales"
cp -R -- "$root/frontend" "$work/app/frontend"
cp -R -- "$root/migrations" "$work/app/migrations"
cp -- "$root/alembic.ini" "$work/app/alembic.ini"
find "$work/app" -name __pycache__ -type d -prune -exec rm -rf {} +

# Start from a clean DRAFTROOM_* slate so nothing from the caller's shell leaks in.
database_url="$DRAFTROOM_DATABASE_URL"
while IFS= read -r name; do
  unset "$name"
done < <(compgen -e | grep '^DRAFTROOM_' || true)

port="$("$venv_bin/python" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')"

export PATH="$venv_bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
export DRAFTROOM_ENVIRONMENT=production
export DRAFTROOM_FRONTEND_DIR="$work/app/frontend"
export DRAFTROOM_LOCALES_DIR="$work/app/locales"
export DRAFTROOM_MIGRATIONS_DIR="$work/app/migrations"
export DRAFTROOM_DATABASE_URL="$database_url"
export DRAFTROOM_REDIS_URL="$redis_url"
export DRAFTROOM_ALLOWED_ORIGINS="http://127.0.0.1:$port"
DRAFTROOM_SECRET_KEY="$("$venv_bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export DRAFTROOM_SECRET_KEY

cd "$work/app"   # WORKDIR /app

# ---- 3. migrate service -------------------------------------------------------------------
log "draftroom db upgrade"
"$venv_bin/draftroom" db upgrade || die "draftroom db upgrade"

# ---- 4. app service -------------------------------------------------------------------------
log "draftroom serve --host 127.0.0.1 --port $port --workers $workers"
set -m   # own process group for the server, so stop_server can signal its workers too
"$venv_bin/draftroom" serve --host 127.0.0.1 --port "$port" --workers "$workers" \
  >"$work/serve.log" 2>&1 &
server_pid=$!
set +m

probe() {
  # Prints the HTTP status of GET $1, or 000 if there is no answer.
  "$venv_bin/python" - "$1" <<'PY'
import sys
import urllib.error
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
        print(response.status)
except urllib.error.HTTPError as error:
    print(error.code)
except OSError:
    print("000")
PY
}

base="http://127.0.0.1:$port"
deadline=$((SECONDS + ready_timeout))
ready=""
last=""
while ((SECONDS < deadline)); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    show_server_log
    die "draftroom serve exited before /readyz answered 200"
  fi
  last="$(probe "$base/readyz")"
  if [[ "$last" == 200 ]]; then
    ready=1
    break
  fi
  sleep 1
done
if [[ -z "$ready" ]]; then
  show_server_log
  die "/readyz did not answer 200 within ${ready_timeout}s (last status: $last)"
fi

healthz="$(probe "$base/healthz")"
[[ "$healthz" == 200 ]] || { show_server_log; die "/healthz answered $healthz"; }

echo "native image run: /readyz 200 (/healthz 200, port $port, $workers workers, $mo_count catalogues compiled)"
