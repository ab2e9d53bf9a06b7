#!/usr/bin/env bash
# `make test`: install everything the tests need, then run the static checks and the whole suite,
# once on SQLite and once on a throwaway PostgreSQL cluster (browser tests included on both).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin

# The Debian packages download and unpack while the Python packages install and the static checks
# run; the tests are the first to need them.
system_output=$(mktemp)
trap 'rm -f "$system_output"' EXIT
bash scripts/install-system-packages.sh >"$system_output" 2>&1 &
system_pid=$!
make --no-print-directory install-dev
bash scripts/lint.sh
system_status=0
wait "$system_pid" || system_status=$?
cat "$system_output"
if [ "$system_status" -ne 0 ]; then
  echo "installing the Debian packages failed (exit $system_status)" >&2
  exit "$system_status"
fi

# Two workers on a 2-core machine; pytest exits 5 when it collects nothing, which is a failure here.
# Each run prints its 15 slowest tests, so a slow newcomer is seen before CI's time limit is.
echo "== tests on SQLite"
DATABASE_URL= "$bin/pytest" -p no:cacheprovider -n 2 --durations=15 "$@"
echo "== tests on PostgreSQL"
bash scripts/with-postgres.sh "$bin/pytest" -p no:cacheprovider -n 2 --durations=15 "$@"
