#!/usr/bin/env bash
# Static checks: formatting, lint, types, the import graph, migrations in step with models.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin
export HYEOPCHI_VAR_DIR=${HYEOPCHI_VAR_DIR:-$PWD/var}

# mypy takes most of the time on one core; the other checks run on the other core meanwhile.
mypy_output=$(mktemp)
trap 'rm -f "$mypy_output"' EXIT
"$bin/mypy" src tests bench >"$mypy_output" 2>&1 &
mypy_pid=$!

echo "== ruff format"; "$bin/ruff" format --check --quiet .
echo "== ruff check"; "$bin/ruff" check --quiet .
echo "== import-linter"; "$bin/lint-imports" --no-cache >/dev/null && echo "contracts kept"
echo "== migrations"; DATABASE_URL= "$bin/hyeopchi" makemigrations --check --dry-run
echo "== mypy"
mypy_status=0
wait "$mypy_pid" || mypy_status=$?
cat "$mypy_output"
exit "$mypy_status"
