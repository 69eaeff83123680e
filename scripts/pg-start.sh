#!/usr/bin/env bash
# Starts Debian's PostgreSQL for the tests (npm run pg:start; .ci/run uses it too) and
# prints the line to export: THETICKETBOT_TEST_PG_URL, a role that may create databases
# (each test makes its own). PostgreSQL refuses to run as root, so the server runs as the
# `postgres` user through pg_ctlcluster. Needs the postgresql package and root or sudo.
set -euo pipefail
SUDO=''
AS_POSTGRES=(runuser -u postgres --)
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; AS_POSTGRES=(sudo -u postgres); fi
version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
if [ -z "$version" ]; then
  echo "PostgreSQL is not installed: apt-get install postgresql" >&2
  exit 1
fi
if ! $SUDO pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$version main"; then
  $SUDO pg_createcluster "$version" main >&2
fi
# Only the export line goes to stdout (callers eval it); the rest is for the person.
if ! $SUDO pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  $SUDO pg_ctlcluster "$version" main start >&2
fi
port=$($SUDO pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
password=${THETICKETBOT_TEST_PG_PASSWORD:-ttb-test}
"${AS_POSTGRES[@]}" psql -p "$port" -v ON_ERROR_STOP=1 -q <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ttb_test') THEN
    CREATE ROLE ttb_test LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SQL
"${AS_POSTGRES[@]}" psql -p "$port" -q -tc "SELECT 1 FROM pg_database WHERE datname = 'ttb_test'" | grep -q 1 ||
  "${AS_POSTGRES[@]}" createdb -p "$port" -O ttb_test ttb_test >&2
echo "export THETICKETBOT_TEST_PG_URL=postgres://ttb_test:${password}@127.0.0.1:${port}/ttb_test"
