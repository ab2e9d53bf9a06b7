#!/usr/bin/env bash
# Static checks: formatting, lint, types, the import graph, migrations in step with models.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin
export HYEOPCHI_VAR_DIR=${HYEOPCHI_VAR_DIR:-$PWD/var}

echo "== ruff format"; "$bin/ruff" format --check --quiet .
echo "== ruff check"; "$bin/ruff" check --quiet .
echo "== mypy"; "$bin/mypy" src tests bench
echo "== import-linter"; "$bin/lint-imports" --no-cache >/dev/null && echo "contracts kept"
echo "== migrations"; DATABASE_URL= "$bin/hyeopchi" makemigrations --check --dry-run
