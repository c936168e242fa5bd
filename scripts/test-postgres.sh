#!/usr/bin/env bash
# Run the measures store tests against a throwaway PostgreSQL cluster (Debian's postgresql package; as root it is
# installed when missing). The same tests run on SQLite in the normal suite; here ITA_TEST_POSTGRES_URL points
# them at PostgreSQL as well. To use a server of your own instead:
#   ITA_TEST_POSTGRES_URL=postgresql+psycopg://user:pw@host:5432/db .venv/bin/python -m pytest tests/measures/test_store.py tests/measures/test_measures_flow.py
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
use_venv requirements-dev.lock
. scripts/postgres.sh
start_postgres ita_test
trap stop_postgres EXIT

ITA_TEST_POSTGRES_URL="$PG_URL" \
  "$PY" -m pytest tests/measures/test_store.py tests/measures/test_measures_flow.py tests/storage/test_storage.py tests/storage/test_database_errors.py "$@"
